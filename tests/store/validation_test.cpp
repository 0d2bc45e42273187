#include "adapters/sqlite/validation.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "adapters/sqlite/fts_query.hpp"
#include "adapters/sqlite/uuid.hpp"

using namespace wm;
using namespace wm::sqlite;

TEST(StoreValidation, CountsCodePoints) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("h\xC3\xA9llo"), 5u);      // é is 2 bytes
  EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80"), 1u);  // emoji is 4 bytes
}

TEST(StoreValidation, TitlesAndTypes) {
  EXPECT_TRUE(validate_title("x").ok());
  EXPECT_EQ(validate_title("").error().code, errc::invalid_input);
  EXPECT_TRUE(validate_title(std::string(255, 'a')).ok());
  EXPECT_FALSE(validate_title(std::string(256, 'a')).ok());
  EXPECT_TRUE(validate_content_type("code:rust").ok());
  EXPECT_FALSE(validate_content_type("code:Rust").ok());
  EXPECT_FALSE(validate_content_type("Markdown").ok());
  EXPECT_FALSE(validate_content_type(std::string("code:") + std::string(33, 'a')).ok());
  EXPECT_EQ(validate_content("abc", 2).error().code, errc::payload_too_large);
  EXPECT_TRUE(validate_content("ab", 2).ok());
}

TEST(StoreValidation, Uuids) {
  uuid_generator gen;
  for (int i = 0; i < 100; ++i) {
    auto id = gen.next();
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_EQ(normalize_uuid(id), id);
  }
  EXPECT_EQ(normalize_uuid("123E4567-E89B-42D3-A456-426614174000"),
            "123e4567-e89b-42d3-a456-426614174000");
  EXPECT_FALSE(normalize_uuid("123e4567e89b42d3a456426614174000"));
  EXPECT_FALSE(normalize_uuid("123e4567-e89b-42d3-a456-42661417400g"));
  EXPECT_FALSE(normalize_uuid(""));
}

TEST(StoreValidation, FtsQueryQuotesEveryTerm) {
  EXPECT_EQ(*build_fts_query("hello world"), "\"hello\" \"world\"");
  EXPECT_EQ(*build_fts_query("  pre*  "), "\"pre\"*");
  EXPECT_EQ(*build_fts_query("say \"hi"), "\"say\" \"\"\"hi\"");
  EXPECT_EQ(*build_fts_query("AND OR ("), "\"AND\" \"OR\" \"(\"");
  EXPECT_EQ(*build_fts_query("*"), "\"*\"");
  EXPECT_EQ(build_fts_query("").error().code, errc::invalid_input);
  EXPECT_EQ(build_fts_query(" \t\n").error().code, errc::invalid_input);
  std::string many;
  for (int i = 0; i < 65; ++i) many += "w ";
  EXPECT_EQ(build_fts_query(many).error().code, errc::invalid_input);
}
