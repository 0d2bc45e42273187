// Property: write_ini then parse_ini gives back the same keys and values, for any value the
// configuration can hold (anything but control characters other than \n and \t).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <set>

#include "runtime/config/ini_parser.hpp"
#include "runtime/config/ini_writer.hpp"

namespace wm::config_ini {
namespace {

rc::Gen<std::string> gen_name() {
  return rc::gen::nonEmpty(
      rc::gen::container<std::string>(rc::gen::element('a', 'b', 'z', '0', '_', '-', 'Q')));
}

rc::Gen<std::string> gen_value() {
  auto ch = rc::gen::oneOf(rc::gen::inRange<char>(0x20, 0x7f),
                           rc::gen::element('\n', '\t', '"', '\\', '#', ';', ' ', '\xc3', '\xa9'));
  return rc::gen::container<std::string>(ch);
}

RC_GTEST_PROP(IniRoundTrip, WriteThenParseGivesSameEntries, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(0, 12);
  std::vector<ini_entry> entries;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < count; ++i) {
    std::string key = *gen_name() + "." + *gen_name();
    if (*rc::gen::arbitrary<bool>()) key += "." + *gen_name();
    if (!keys.insert(key).second) continue;
    entries.push_back({key, *gen_value(), 0, *rc::gen::arbitrary<bool>()});
  }
  auto text = write_ini(entries);
  auto parsed = parse_ini(text, "written");
  RC_ASSERT(parsed.ok());
  RC_ASSERT(parsed->size() == entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    RC_ASSERT((*parsed)[i].key == entries[i].key);
    RC_ASSERT((*parsed)[i].value == entries[i].value);
  }
  // Writing what was parsed is a fixed point.
  const auto text2 = write_ini(*parsed);
  auto reparsed = parse_ini(text2, "written");
  RC_ASSERT(reparsed.ok());
  RC_ASSERT(write_ini(*reparsed) == text2);
}

TEST(IniWriter, BareWhenSafeQuotedOtherwise) {
  EXPECT_EQ(format_ini_value("5s"), "5s");
  EXPECT_EQ(format_ini_value("5s", true), "\"5s\"");
  EXPECT_EQ(format_ini_value(""), "\"\"");
  EXPECT_EQ(format_ini_value(" lead"), "\" lead\"");
  EXPECT_EQ(format_ini_value("a # b"), "\"a # b\"");
  EXPECT_EQ(format_ini_value("q\"\\\n\t"), "\"q\\\"\\\\\\n\\t\"");
}

TEST(IniWriter, GroupsBySectionAndSkipsKeysWithoutSection) {
  std::vector<ini_entry> e{{"a.x", "1", 0, false},
                           {"a.y", "s", 0, true},
                           {"nodot", "v", 0, false},
                           {"b.c.z", "2", 0, false}};
  EXPECT_EQ(write_ini(e), "[a]\nx = 1\ny = \"s\"\n\n[b.c]\nz = 2\n");
}

}  // namespace
}  // namespace wm::config_ini
