#include "adapters/codecs/json_writer.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using wm::codecs::append_json_string;
using wm::codecs::json_writer;

std::string json_quoted(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(json_quoted("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(json_quoted("\n\r\t\b\f"), R"("\n\r\t\b\f")");
  EXPECT_EQ(json_quoted(std::string{"\x01\x1f\0", 3}), R"("\u0001\u001f\u0000")");
  EXPECT_EQ(json_quoted("/ and \x7f stay"), "\"/ and \x7f stay\"");
}

TEST(JsonWriter, PassesValidUtf8Through) {
  EXPECT_EQ(json_quoted("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(JsonWriter, ReplacesInvalidUtf8) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(json_quoted("a\xFFz"), "\"a" + fffd + "z\"");
  EXPECT_EQ(json_quoted("\xC0\xAF"), "\"" + fffd + fffd + "\"");             // overlong '/'
  EXPECT_EQ(json_quoted("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");  // UTF-16 surrogate
  EXPECT_EQ(json_quoted("\xF0\x9F\x98"), "\"" + fffd + fffd + fffd + "\"");  // truncated emoji
  EXPECT_EQ(json_quoted("\xF4\x90\x80\x80"),
            "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
}

TEST(JsonWriter, CommasAndNesting) {
  json_writer w;
  w.begin_object()
      .key("a")
      .value(1)
      .key("b")
      .begin_array()
      .value("x")
      .value(true)
      .null()
      .begin_object()
      .end_object()
      .end_array()
      .key("c")
      .begin_object()
      .key("d")
      .value(uint64_t{18446744073709551615u})
      .end_object()
      .key("e")
      .value(int64_t{-5})
      .end_object();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x",true,null,{}],"c":{"d":18446744073709551615},"e":-5})");
}

TEST(JsonWriter, DoublesShortestAndNonFiniteAsNull) {
  json_writer w;
  w.begin_array()
      .value(0.7)
      .value(1.0)
      .value(std::nan(""))
      .value(std::numeric_limits<double>::infinity())
      .end_array();
  EXPECT_EQ(w.str(), "[0.7,1,null,null]");
}

// Each byte JSON must escape, at every position of a string longer than the 8-byte words the
// plain-run scan reads at once (the scan must stop at it whichever word and lane it is in).
TEST(JsonWriter, EscapesASpecialByteAtAnyPositionOfALongString) {
  for (const char special : {'"', '\\', '\n', '\x01', '\x1f'}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string s(20, 'a');
      s[at] = special;
      const std::string quoted = json_quoted(s);
      simdjson::dom::parser parser;
      std::string_view back;
      ASSERT_EQ(parser.parse(quoted).get_string().get(back), simdjson::SUCCESS) << quoted;
      EXPECT_EQ(back, s) << "special byte " << int(special) << " at " << at;
    }
  }
}

// Whatever the bytes, the output is one JSON string that parses back as valid UTF-8, and
// valid UTF-8 comes back unchanged.
RC_GTEST_PROP(JsonWriterProperty, AnyBytesGiveAJsonStringThatParsesBack, ()) {
  const auto pieces = *rc::gen::container<std::vector<std::string>>(rc::gen::oneOf(
      rc::gen::string<std::string>(),  // any bytes
      rc::gen::element<std::string>("\"", "\\", "\n", "\x7f", "caf\xC3\xA9", "\xF0\x9F\x98\x80",
                                    "\xFF", "\xC0\xAF", "\xED\xA0\x80", "plain ascii text")));
  std::string input;
  for (const auto& p : pieces) input += p;
  const std::string quoted = json_quoted(input);
  simdjson::dom::parser parser;
  std::string_view back;
  RC_ASSERT(parser.parse(quoted).get_string().get(back) == simdjson::SUCCESS);
  RC_ASSERT(simdjson::validate_utf8(back.data(), back.size()));
  if (simdjson::validate_utf8(input.data(), input.size())) RC_ASSERT(back == input);
}

// Short decimals take a fast path; whatever the path, a double is written as to_chars writes
// its shortest round-trip form.
RC_GTEST_PROP(JsonWriterProperty, DoublesAreWrittenAsToCharsWritesThem, ()) {
  const auto thousandths = *rc::gen::inRange<int64_t>(-12'000'000, 12'000'000);
  const auto scale = *rc::gen::element(1.0, 10.0, 100.0, 1000.0, 3.0, 7.0);
  for (const double d : {static_cast<double>(thousandths) / scale,
                         static_cast<double>(thousandths) / 1000 + 1e-9, -0.0}) {
    char expected[32];
    const auto end = std::to_chars(expected, expected + sizeof expected, d).ptr;
    json_writer w;
    w.value(d);
    RC_ASSERT(w.str() == std::string(expected, end));
  }
}

TEST(JsonWriter, KeysAreEscaped) {
  json_writer w;
  w.begin_object().key("a\"b").value("v").end_object();
  EXPECT_EQ(w.str(), R"({"a\"b":"v"})");
}

}  // namespace
