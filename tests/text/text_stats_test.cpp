// compute_text_stats on texts whose numbers were worked out by hand from the documented
// rules (text_stats.hpp, char_class.hpp, syllables.hpp).
#include "actors/documents/text/text_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "actors/documents/text/syllables.hpp"
#include "actors/documents/text/word_count.hpp"

namespace {

using wm::compute_text_stats;
using wm::text_stats;

text_stats stats(std::string_view s) {
  auto r = compute_text_stats(s);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  EXPECT_EQ(r->words, wm::text::count_words(s));
  EXPECT_EQ(r->characters, wm::text::count_code_points(s));
  return *r;
}

TEST(Syllables, EnglishHeuristic) {
  using wm::text::count_syllables;
  struct {
    const char* word;
    uint32_t n;
  } cases[] = {
      {"the", 1},          {"cat", 1},    {"quick", 1},         {"over", 2},
      {"lazy", 2},         {"sunny", 2},  {"everyone", 3},      {"make", 1},
      {"makes", 1},        {"table", 2},  {"tables", 2},        {"boxes", 2},
      {"places", 2},       {"jumped", 1}, {"wanted", 2},        {"needed", 2},
      {"played", 1},       {"value", 2},  {"agree", 2},         {"people", 2},
      {"yellow", 2},       {"don't", 1},  {"institutional", 5}, {"1984", 1},
      {"caf\xC3\xA9", 2},   // café: é counts as e, and it is not a silent final e
      {"\xE6\x97\xA5", 1},  // no Latin letters
  };
  for (const auto& c : cases) EXPECT_EQ(count_syllables(c.word), c.n) << c.word;
}

TEST(TextStats, EmptyAndWhitespaceOnlyGiveZeros) {
  for (std::string_view s : {std::string_view{""}, std::string_view{"  \n\n\t \r\n "}}) {
    const auto st = stats(s);
    EXPECT_EQ(st.words, 0u);
    EXPECT_EQ(st.sentences, 0u);
    EXPECT_EQ(st.paragraphs, 0u);
    EXPECT_EQ(st.syllables, 0u);
    EXPECT_EQ(st.reading_time_seconds, 0.0);
    EXPECT_EQ(st.flesch_reading_ease, 0.0);
    EXPECT_EQ(st.flesch_kincaid_grade, 0.0);
  }
  const auto ws = stats("  \n\n\t \r\n ");
  EXPECT_EQ(ws.characters, 9u);
  EXPECT_EQ(ws.graphemes, 8u);  // CR LF is one grapheme
  // Punctuation without words: a paragraph, no sentence, and still no NaN.
  const auto dots = stats("... !!! ---");
  EXPECT_EQ(dots.words, 0u);
  EXPECT_EQ(dots.sentences, 0u);
  EXPECT_EQ(dots.paragraphs, 1u);
  EXPECT_EQ(dots.flesch_reading_ease, 0.0);
}

TEST(TextStats, OneSimpleSentence) {
  const auto st = stats("The cat sat on the mat.");
  EXPECT_EQ(st.words, 6u);
  EXPECT_EQ(st.characters, 23u);
  EXPECT_EQ(st.graphemes, 23u);
  EXPECT_EQ(st.sentences, 1u);
  EXPECT_EQ(st.paragraphs, 1u);
  EXPECT_EQ(st.syllables, 6u);
  EXPECT_NEAR(st.reading_time_seconds, 6.0 / 230.0 * 60.0, 1e-9);
  // 206.835 - 1.015 * 6 - 84.6 * 1 ; 0.39 * 6 + 11.8 * 1 - 15.59
  EXPECT_NEAR(st.flesch_reading_ease, 116.145, 1e-9);
  EXPECT_NEAR(st.flesch_kincaid_grade, -1.45, 1e-9);
  EXPECT_EQ(wm::readability_level(st.flesch_reading_ease), "Very Easy");
}

TEST(TextStats, EnglishParagraphWithHandComputedFlesch) {
  // Words 9 + 9, sentences 2. Syllables: The1 quick1 brown1 fox1 jumps1 o-ver2 the1
  // la-zy2 dog1 = 11; It1 was1 a1 sun-ny2 day1 and1 ev-ery-one3 was1 hap-py2 = 13.
  const auto st = stats(
      "The quick brown fox jumps over the lazy dog. It was a sunny day, and everyone was "
      "happy.");
  EXPECT_EQ(st.words, 18u);
  EXPECT_EQ(st.sentences, 2u);
  EXPECT_EQ(st.syllables, 24u);
  // 206.835 - 1.015 * 9 - 84.6 * 24/18 = 84.9 ; 0.39 * 9 + 11.8 * 24/18 - 15.59 = 3.65333..
  EXPECT_NEAR(st.flesch_reading_ease, 84.9, 1e-9);
  EXPECT_NEAR(st.flesch_kincaid_grade, 3.51 + 11.8 * 24.0 / 18.0 - 15.59, 1e-9);
  EXPECT_NEAR(st.flesch_kincaid_grade, 3.6533333, 1e-6);
  EXPECT_EQ(wm::readability_level(st.flesch_reading_ease), "Easy");
}

TEST(TextStats, DenseSentenceIsVeryDifficult) {
  // Syllables: in-sti-tu-tio-nal5 in-ves-tors3 sys-te-ma-ti-ca-lly6 un-der-es-ti-mate5
  // the1 ma-croe-co-no-mic5 (heuristic: "oe" is one group; a dictionary says 6)
  // con-se-quen-ces4 of1 re-gu-la-to-ry5 frag-men-ta-tion4 = 39 over 10 words, 1 sentence.
  const auto st = stats(
      "Institutional investors systematically underestimate the macroeconomic consequences "
      "of regulatory fragmentation.");
  EXPECT_EQ(st.words, 10u);
  EXPECT_EQ(st.sentences, 1u);
  EXPECT_EQ(st.syllables, 39u);
  EXPECT_NEAR(st.flesch_reading_ease, -133.255, 1e-9);  // 206.835 - 1.015 * 10 - 84.6 * 3.9
  EXPECT_NEAR(st.flesch_kincaid_grade, 34.33, 1e-9);    // 0.39 * 10 + 11.8 * 3.9 - 15.59
  EXPECT_EQ(wm::readability_level(st.flesch_reading_ease), "Very Difficult");
}

TEST(TextStats, SentenceRules) {
  // "Mr." and the one-letter "p." "m." do not end sentences, "3.14" is no end either.
  EXPECT_EQ(stats("Mr. Smith went to Washington. He arrived at 3.14 p.m. yesterday! "
                  "Did he? Yes...")
                .sentences,
            4u);
  EXPECT_EQ(stats("He said \"Stop!\" Then he left.").sentences, 2u);
  EXPECT_EQ(stats("No terminator at the end").sentences, 1u);
  EXPECT_EQ(stats("Wait... what?! Really??").sentences, 3u);
  EXPECT_EQ(stats("Visit example.com today.").sentences, 1u);
  EXPECT_EQ(stats("*Bold ending.* Next one.").sentences, 2u);
}

TEST(TextStats, ParagraphsAreSeparatedByBlankLines) {
  const auto st = stats("First para line one.\nline two.\n\n\nSecond para.\r\n\r\nThird");
  EXPECT_EQ(st.paragraphs, 3u);
  EXPECT_EQ(st.sentences, 4u);
  // A heading without a period still closes its sentence at the blank line.
  const auto md = stats("# Title\n\nBody text here.\n");
  EXPECT_EQ(md.paragraphs, 2u);
  EXPECT_EQ(md.sentences, 2u);
  EXPECT_EQ(md.words, 4u);
  // Whitespace-only lines count as blank; U+2029 ends a paragraph by itself.
  EXPECT_EQ(stats("a\n  \t\nb\xE2\x80\xA9"
                  "c")
                .paragraphs,
            3u);
}

TEST(TextStats, CjkCountsWordsAndSentencesPerCharacter) {
  const auto zh = stats(
      "\xE6\x88\x91\xE7\x88\xB1\xE4\xBD\xA0\xE3\x80\x82"
      "\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x81");  // 我爱你。你好！
  EXPECT_EQ(zh.words, 5u);
  EXPECT_EQ(zh.characters, 7u);
  EXPECT_EQ(zh.graphemes, 7u);
  EXPECT_EQ(zh.sentences, 2u);
  EXPECT_EQ(zh.syllables, 5u);
  EXPECT_EQ(zh.paragraphs, 1u);
  const auto ja = stats(
      "\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF\xE3\x80\x81"
      "\xE4\xB8\x96\xE7\x95\x8C\xE3\x80\x82");  // こんにちは、世界。
  EXPECT_EQ(ja.words, 7u);
  EXPECT_EQ(ja.sentences, 1u);
}

TEST(TextStats, GraphemesFollowExtendedClusters) {
  // 👨‍👩‍👧‍👦: 7 code points (4 emoji, 3 ZWJ), one grapheme, no words.
  const auto family = stats(
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91"
      "\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6");
  EXPECT_EQ(family.characters, 7u);
  EXPECT_EQ(family.graphemes, 1u);
  EXPECT_EQ(family.words, 0u);
  // 🇺🇸🇫🇷: regional indicators pair up.
  const auto flags = stats("\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7");
  EXPECT_EQ(flags.characters, 4u);
  EXPECT_EQ(flags.graphemes, 2u);
  // 👍🏽 with a skin tone modifier, and "hi 👋 there".
  EXPECT_EQ(stats("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD").graphemes, 1u);
  const auto wave = stats("hi \xF0\x9F\x91\x8B there");
  EXPECT_EQ(wave.graphemes, 10u);
  EXPECT_EQ(wave.words, 2u);
  // e + combining acute, then a decomposed Hangul syllable (3 jamo).
  const auto marks = stats("e\xCC\x81 \xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8");
  EXPECT_EQ(marks.characters, 6u);
  EXPECT_EQ(marks.graphemes, 3u);
  EXPECT_EQ(marks.words, 2u);
  // Combining marks stacked on ASCII letters in the middle of ASCII text.
  const auto zalgo = stats(
      "ab\xCC\x81\xCC\x82\xCC\x83"
      "cd");
  EXPECT_EQ(zalgo.characters, 7u);
  EXPECT_EQ(zalgo.graphemes, 4u);
  EXPECT_EQ(zalgo.words, 1u);
}

TEST(TextStats, InvalidUtf8IsRejected) {
  const std::string bad[] = {"\xC0\xAF", "ok \xED\xA0\x80", "\xF4\x90\x80\x80",
                             "abc\x80",  "tail \xE2\x82",   "\xFF"};
  for (const auto& s : bad) {
    auto r = compute_text_stats(s);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, wm::errc::invalid_input);
    EXPECT_NE(r.error().message.find("byte offset"), std::string::npos);
  }
}

TEST(Readability, LevelBoundaries) {
  using wm::readability_level;
  EXPECT_EQ(readability_level(120), "Very Easy");
  EXPECT_EQ(readability_level(90), "Very Easy");
  EXPECT_EQ(readability_level(89.99), "Easy");
  EXPECT_EQ(readability_level(80), "Easy");
  EXPECT_EQ(readability_level(79.99), "Fairly Easy");
  EXPECT_EQ(readability_level(70), "Fairly Easy");
  EXPECT_EQ(readability_level(60), "Standard");
  EXPECT_EQ(readability_level(59.99), "Fairly Difficult");
  EXPECT_EQ(readability_level(50), "Fairly Difficult");
  EXPECT_EQ(readability_level(49.99), "Difficult");
  EXPECT_EQ(readability_level(30), "Difficult");
  EXPECT_EQ(readability_level(29.99), "Very Difficult");
  EXPECT_EQ(readability_level(-50), "Very Difficult");
  EXPECT_EQ(readability_level(std::numeric_limits<double>::quiet_NaN()), "Very Difficult");
}

}  // namespace
