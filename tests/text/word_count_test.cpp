// Word and code point counts on known strings, through every path.
#include "actors/documents/text/word_count.hpp"

#include <gtest/gtest.h>

#include <string>

#include "actors/documents/text/char_class.hpp"
#include "actors/documents/text/utf8.hpp"

namespace {

using namespace wm::text;

uint64_t words(std::string_view s) {
  const uint64_t scalar = count_words_scalar(s);
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) {
    EXPECT_EQ(count_words_avx2(s), scalar) << s;
  }
#endif
  EXPECT_EQ(count_words(s), scalar) << s;
  return scalar;
}

uint64_t code_points(std::string_view s) {
  const uint64_t scalar = count_code_points_scalar(s);
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) {
    EXPECT_EQ(count_code_points_avx2(s), scalar);
  }
#endif
  EXPECT_EQ(count_code_points(s), scalar);
  return scalar;
}

TEST(WordCount, AsciiBasics) {
  EXPECT_EQ(words(""), 0u);
  EXPECT_EQ(words("   \t\n  "), 0u);
  EXPECT_EQ(words("hello"), 1u);
  EXPECT_EQ(words("  hello,   world!  "), 2u);
  EXPECT_EQ(words("The cat sat on the mat."), 6u);
  EXPECT_EQ(words("3.14 and 2,000"), 5u);  // . and , separate
  EXPECT_EQ(words("snake_case"), 2u);      // _ separates (markdown emphasis, rules)
  EXPECT_EQ(words("--- *** ___"), 0u);
}

TEST(WordCount, InnerApostrophesAndHyphensJoin) {
  EXPECT_EQ(words("don't stop"), 2u);
  EXPECT_EQ(words("well-known fact"), 2u);
  EXPECT_EQ(words("a--b"), 2u);        // two joiners in a row separate
  EXPECT_EQ(words("-a- 'b' c-"), 3u);  // leading/trailing joiners are separators
  EXPECT_EQ(words("rock-'n'-roll"), 3u);
  EXPECT_EQ(words("don\xE2\x80\x99t"), 1u);      // U+2019
  EXPECT_EQ(words("e\xE2\x80\x90mail"), 1u);     // U+2010 hyphen
  EXPECT_EQ(words("word\xE2\x80\x94word"), 2u);  // em dash separates
}

TEST(WordCount, UnicodeLettersMarksAndFormatCharacters) {
  EXPECT_EQ(words("caf\xC3\xA9 na\xC3\xAFve"), 2u);
  EXPECT_EQ(words("e\xCC\x81t\xC3\xA9"), 1u);     // combining acute inside a word
  EXPECT_EQ(words(" \xCC\x81 "), 0u);             // a lone mark is no word
  EXPECT_EQ(words("co\xC2\xADoperate"), 1u);      // soft hyphen
  EXPECT_EQ(words("zero\xE2\x80\x8Bwidth"), 2u);  // U+200B separates
  EXPECT_EQ(words("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBC\xD0\xB8\xD1\x80"),
            2u);  // Привет мир
  EXPECT_EQ(words("\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5"),
            1u);                                           // สวัสดี: one run
  EXPECT_EQ(words("I \xE2\x9D\xA4\xEF\xB8\x8F you"), 2u);  // emoji is a separator
  EXPECT_EQ(words("nbsp\xC2\xA0separated"), 2u);
}

TEST(WordCount, CjkCountsPerCharacter) {
  EXPECT_EQ(words("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), 3u);  // 日本語
  EXPECT_EQ(words("Hello\xE4\xB8\x96\xE7\x95\x8C"), 3u);         // Hello世界
  // こんにちは、世界。: 5 kana + 2 Han; 、 and 。 are separators.
  EXPECT_EQ(words("\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF\xE3\x80\x81"
                  "\xE4\xB8\x96\xE7\x95\x8C\xE3\x80\x82"),
            7u);
  // 안녕하세요 세계: Hangul syllables count one each.
  EXPECT_EQ(words("\xEC\x95\x88\xEB\x85\x95\xED\x95\x98\xEC\x84\xB8\xEC\x9A\x94 "
                  "\xEC\x84\xB8\xEA\xB3\x84"),
            7u);
  // Decomposed 각 (leading + vowel + trailing jamo) is one word, like the precomposed one.
  EXPECT_EQ(words("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), 1u);
  // が written as か + combining dakuten stays one word.
  EXPECT_EQ(words("\xE3\x81\x8B\xE3\x82\x99"), 1u);
}

TEST(WordCount, InvalidBytesAreSeparators) {
  EXPECT_EQ(words("abc\xFF"
                  "def"),
            2u);
  EXPECT_EQ(words("abc\x80\x80"
                  "def"),
            2u);
  EXPECT_EQ(words("\xE2\x82"), 0u);
}

TEST(WordCount, BlockBoundaries) {
  // A multibyte letter straddling the 32-byte block edge joins the word around it.
  for (std::size_t k = 25; k < 40; ++k) {
    std::string s(k, 'a');
    s += "\xC3\xA9";
    s += std::string(40, 'b');
    EXPECT_EQ(words(s), 1u) << k;
    std::string t(k, ' ');
    t += "x\xE2\x80\x99y z";  // x’y z
    EXPECT_EQ(words(t), 2u) << k;
  }
  // A joiner as the last byte of a block, word bytes on both sides of the edge.
  std::string j(31, 'a');
  j += "'" + std::string(40, 'b');
  EXPECT_EQ(words(j), 1u);
  std::string jj(30, 'a');
  jj += "''" + std::string(40, 'b');
  EXPECT_EQ(words(jj), 2u);
}

TEST(CharClass, PrecomputedTableMatchesTheRulesForEveryCodePoint) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp)
    ASSERT_EQ(classify(cp), classify_slow(cp)) << std::hex << static_cast<uint32_t>(cp);
  EXPECT_EQ(classify(0x4E00), cp_class::cjk);
  EXPECT_EQ(classify(0x3002), cp_class::separator);  // 。
  EXPECT_EQ(classify(0x3005), cp_class::cjk);        // 々
  EXPECT_EQ(classify(0x30FB), cp_class::separator);  // ・
  EXPECT_EQ(classify(0x20000), cp_class::cjk);
  EXPECT_EQ(classify(0x1F600), cp_class::separator);  // 😀
  EXPECT_EQ(classify(0x0301), cp_class::transparent);
  EXPECT_EQ(classify(0x200D), cp_class::transparent);
  EXPECT_EQ(classify(0x200B), cp_class::separator);
  EXPECT_EQ(classify(0x2019), cp_class::joiner);
  EXPECT_EQ(classify(0x00E9), cp_class::word);
  EXPECT_EQ(classify(0xFF21), cp_class::word);  // fullwidth A is a letter, not CJK
}

TEST(CodePointCount, CountsNonContinuationBytes) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("h\xC3\xA9llo"), 5u);
  EXPECT_EQ(code_points("\xE6\x97\xA5\xE6\x9C\xAC"), 2u);
  EXPECT_EQ(code_points("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91"
                        "\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6"),
            7u);
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "ab\xE6\x97\xA5 ";
  EXPECT_EQ(code_points(long_text), 400u);
}

}  // namespace
