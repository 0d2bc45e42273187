// parse_ini: the accepted grammar, and that every kind of error names source and line.
#include "runtime/config/ini_parser.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wm::config_ini {
namespace {

using ::testing::HasSubstr;

std::vector<ini_entry> parse_ok(std::string_view text) {
  auto r = parse_ini(text, "test.ini");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<ini_entry>{};
}

std::string parse_error(std::string_view text) {
  auto r = parse_ini(text, "test.ini");
  EXPECT_FALSE(r.ok()) << "parsed without error: " << text;
  if (r.ok()) return {};
  EXPECT_EQ(r.error().code, errc::invalid_input);
  return r.error().message;
}

TEST(IniParser, SectionsKeysAndLines) {
  auto e = parse_ok("# top\n\n[log]\nlevel = debug\n[provider.openai]\nmodel=gpt\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].key, "log.level");
  EXPECT_EQ(e[0].value, "debug");
  EXPECT_EQ(e[0].line, 4);
  EXPECT_FALSE(e[0].quoted);
  EXPECT_EQ(e[1].key, "provider.openai.model");
  EXPECT_EQ(e[1].value, "gpt");
  EXPECT_EQ(e[1].line, 6);
}

TEST(IniParser, KeepsOrderOfEntries) {
  auto e = parse_ok("[b]\nz = 1\na = 2\n[a]\nm = 3\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].key, "b.z");
  EXPECT_EQ(e[1].key, "b.a");
  EXPECT_EQ(e[2].key, "a.m");
}

TEST(IniParser, QuotedValuesWithEscapes) {
  auto e = parse_ok(R"([s]
a = "he said \"hi\"\\ \n\t!"
b = ""
c = "  spaces kept  "   # comment after a quoted value
d = "has # and ; inside"
)");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].value, "he said \"hi\"\\ \n\t!");
  EXPECT_TRUE(e[0].quoted);
  EXPECT_EQ(e[1].value, "");
  EXPECT_TRUE(e[1].quoted);
  EXPECT_EQ(e[2].value, "  spaces kept  ");
  EXPECT_EQ(e[3].value, "has # and ; inside");
}

TEST(IniParser, BareValuesAndInlineComments) {
  auto e = parse_ok(
      "[s]\na = 5s # five seconds\nb = x;y\nc = x#y\nd = v ; note\ne =\nf = #only\n"
      "g = two words\n");
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[0].value, "5s");
  EXPECT_EQ(e[1].value, "x;y");  // no whitespace before ';': part of the value
  EXPECT_EQ(e[2].value, "x#y");
  EXPECT_EQ(e[3].value, "v");
  EXPECT_EQ(e[4].value, "");
  EXPECT_EQ(e[5].value, "");
  EXPECT_EQ(e[6].value, "two words");
}

TEST(IniParser, CommentsBlankLinesCrlfAndBom) {
  auto e = parse_ok(
      "\xEF\xBB\xBF; semicolon comment\r\n  # indented comment\r\n\r\n[s] # header "
      "comment\r\n  k = v  \r\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].key, "s.k");
  EXPECT_EQ(e[0].value, "v");
  EXPECT_EQ(e[0].line, 5);
}

TEST(IniParser, EmptyInputHasNoEntries) {
  EXPECT_TRUE(parse_ok("").empty());
  EXPECT_TRUE(parse_ok("\n\n# nothing\n").empty());
}

// Sections with no key anywhere are reported (an empty [provider.x] declares a provider);
// parse_ini, which returns entries only, is unchanged by them.
TEST(IniParser, ReportsSectionsWithoutKeys) {
  auto doc = parse_ini_document("[a]\n[b]\nx = 1\n# c\n[c]\n[a]\n[b.c]\n[c]\n", "test.ini");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  ASSERT_EQ(doc->entries.size(), 1u);
  EXPECT_EQ(doc->entries[0].key, "b.x");
  ASSERT_EQ(doc->empty_sections.size(), 3u);
  EXPECT_EQ(doc->empty_sections[0].name, "a");
  EXPECT_EQ(doc->empty_sections[0].line, 1);
  EXPECT_EQ(doc->empty_sections[1].name, "c");
  EXPECT_EQ(doc->empty_sections[1].line, 5);
  EXPECT_EQ(doc->empty_sections[2].name, "b.c");
  EXPECT_TRUE(parse_ini_document("", "test.ini")->empty_sections.empty());
  EXPECT_EQ(parse_ok("[a]\n[b]\n").size(), 0u);
}

TEST(IniParser, ReopenedSectionIsFine) {
  auto e = parse_ok("[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\n");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[2].key, "a.z");
}

TEST(IniParser, MissingEqualsNamesLine) {
  auto msg = parse_error("[s]\nok = 1\njust a line\n");
  EXPECT_THAT(msg, HasSubstr("test.ini:3:"));
  EXPECT_THAT(msg, HasSubstr("missing '='"));
}

TEST(IniParser, UnterminatedQuoteNamesLine) {
  auto msg = parse_error("[s]\n\na = \"open\n");
  EXPECT_THAT(msg, HasSubstr("test.ini:3:"));
  EXPECT_THAT(msg, HasSubstr("unterminated quote"));
  EXPECT_THAT(parse_error("[s]\na = \"ends in backslash\\\"\n"), HasSubstr("unterminated quote"));
}

TEST(IniParser, DuplicateKeyNamesBothLines) {
  auto msg = parse_error("[s]\na = 1\n[t]\nb = 2\n[s]\na = 3\n");
  EXPECT_THAT(msg, HasSubstr("test.ini:6:"));
  EXPECT_THAT(msg, HasSubstr("duplicate key 's.a'"));
  EXPECT_THAT(msg, HasSubstr("line 2"));
}

TEST(IniParser, DuplicateAfterJoiningDottedNames) {
  auto msg = parse_error("[a]\nb.c = 1\n[a.b]\nc = 2\n");
  EXPECT_THAT(msg, HasSubstr("test.ini:4:"));
  EXPECT_THAT(msg, HasSubstr("duplicate key 'a.b.c'"));
}

TEST(IniParser, KeyOutsideSectionNamesLine) {
  auto msg = parse_error("# comment\nlevel = info\n");
  EXPECT_THAT(msg, HasSubstr("test.ini:2:"));
  EXPECT_THAT(msg, HasSubstr("outside a section"));
}

TEST(IniParser, BadSectionHeadersNameLine) {
  EXPECT_THAT(parse_error("[log\n"), HasSubstr("test.ini:1: bad section header"));
  EXPECT_THAT(parse_error("\n[]\n"), HasSubstr("test.ini:2: bad section header"));
  EXPECT_THAT(parse_error("[a..b]\n"), HasSubstr("bad section header"));
  EXPECT_THAT(parse_error("[a.]\n"), HasSubstr("bad section header"));
  EXPECT_THAT(parse_error("[a b]\n"), HasSubstr("bad section header"));
  EXPECT_THAT(parse_error("[a] trailing\n"), HasSubstr("unexpected text after ']'"));
}

TEST(IniParser, BadKeysAndValuesNameLine) {
  EXPECT_THAT(parse_error("[s]\n= 1\n"), HasSubstr("test.ini:2: missing key"));
  EXPECT_THAT(parse_error("[s]\nmy key = 1\n"), HasSubstr("test.ini:2: bad key"));
  EXPECT_THAT(parse_error("[s]\na = \"x\" y\n"),
              HasSubstr("test.ini:2: unexpected text after quoted"));
  EXPECT_THAT(parse_error("[s]\na = \"\\q\"\n"), HasSubstr("test.ini:2: unknown escape '\\q'"));
  EXPECT_THAT(parse_error(std::string_view{"[s]\na = x\0y\n", 11}),
              HasSubstr("test.ini:2: control"));
}

TEST(IniParser, SourceNameAppearsInErrors) {
  auto r = parse_ini("oops\n", "/etc/writemagic/node.ini");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, HasSubstr("/etc/writemagic/node.ini:1:"));
}

TEST(IniParser, ValidNames) {
  EXPECT_TRUE(is_valid_ini_name("log"));
  EXPECT_TRUE(is_valid_ini_name("provider.open-ai_2.model"));
  EXPECT_FALSE(is_valid_ini_name(""));
  EXPECT_FALSE(is_valid_ini_name(".a"));
  EXPECT_FALSE(is_valid_ini_name("a."));
  EXPECT_FALSE(is_valid_ini_name("a b"));
}

}  // namespace
}  // namespace wm::config_ini
