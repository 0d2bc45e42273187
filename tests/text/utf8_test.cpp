// UTF-8 validation: each class of invalid input is rejected with invalid_input and the
// byte offset of the offending sequence, by every path.
#include "actors/documents/text/utf8.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using wm::status;
using namespace std::string_literals;

std::vector<status> all_paths(std::string_view s) {
  std::vector<status> out{wm::text::validate_utf8_scalar(s), wm::text::validate_utf8(s)};
#if defined(WM_TEXT_HAVE_AVX2)
  if (wm::text::cpu_has_avx2()) out.push_back(wm::text::validate_utf8_avx2(s));
#endif
  return out;
}

TEST(Utf8Validate, AcceptsValidText) {
  const std::string samples[] = {
      "",
      "plain ASCII text",
      "caf\xC3\xA9 na\xC3\xAFve",                              // é ï
      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",                  // 日本語
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9",          // 👨‍👩
      "\xEF\xBF\xBF\xF4\x8F\xBF\xBF\xED\x9F\xBF\xEE\x80\x80",  // U+FFFF U+10FFFF U+D7FF U+E000
      std::string(100, 'a') + "\xC3\xA9" + std::string(40, 'b'),
  };
  for (const auto& s : samples)
    for (const auto& st : all_paths(s)) EXPECT_TRUE(st.ok()) << s << ": " << st.error().message;
}

struct bad_case {
  std::string bytes;
  std::size_t offset;
  std::string reason;
};

TEST(Utf8Validate, RejectsEachInvalidFormWithOffset) {
  const std::vector<bad_case> cases = {
      {"\xC0\xAF", 0, "overlong"},
      {"ab\xC1\xBF", 2, "overlong"},
      {"ab\xE0\x80\xAF", 2, "overlong"},
      {"\xF0\x80\x80\xAF", 0, "overlong"},
      {"\xED\xA0\x80", 0, "surrogate"},
      {"xy\xED\xBF\xBF", 2, "surrogate"},
      {"x\xF4\x90\x80\x80", 1, "above U+10FFFF"},
      {"\xF5\x80\x80\x80", 0, "above U+10FFFF"},
      {"\xFF", 0, "never occurs"},
      {"abc\xF8\x88\x80\x80\x80", 3, "never occurs"},
      {"abc\x80", 3, "unexpected continuation"},
      {"\xC3\xA9\xA9", 2, "unexpected continuation"},
      {"\xE2\x82", 0, "truncated"},
      {"\xE2\x82"
       "a",
       0, "truncated"},
      {"ok \xF0\x9F\x98", 3, "truncated"},
      {"\xC3", 0, "truncated"},
      {std::string(40, 'a') + "\xFE", 40, "never occurs"},   // after an ASCII block
      {std::string(64, 'a') + "\xE2\x82", 64, "truncated"},  // truncated at the end
      {std::string(31, 'a') + "\xE2\x82\xAC\x80" + std::string(40, 'b'), 34,
       "unexpected continuation"},  // straddles a block
  };
  for (const auto& c : cases) {
    for (const auto& st : all_paths(c.bytes)) {
      ASSERT_FALSE(st.ok()) << "offset " << c.offset;
      EXPECT_EQ(st.error().code, wm::errc::invalid_input);
      EXPECT_NE(st.error().message.find("byte offset " + std::to_string(c.offset) + ":"),
                std::string::npos)
          << st.error().message;
      EXPECT_NE(st.error().message.find(c.reason), std::string::npos) << st.error().message;
    }
  }
}

}  // namespace
