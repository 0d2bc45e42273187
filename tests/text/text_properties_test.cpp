// Property tests: the SIMD paths agree with the scalar ones on random ASCII, random
// UTF-8 mixtures and adversarial bytes; counts compose under concatenation; the
// validator agrees with a separate reference decoder.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>
#include <utf8proc.h>

#include <cmath>
#include <string>
#include <vector>

#include "actors/documents/text/text_stats.hpp"
#include "actors/documents/text/utf8.hpp"
#include "actors/documents/text/word_count.hpp"

namespace {

using namespace wm::text;

std::string encode(uint32_t cp) {
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += p;
  return out;
}

// ASCII biased toward the bytes the word masks care about.
rc::Gen<std::string> gen_ascii() {
  return rc::gen::container<std::string>(rc::gen::weightedOneOf<char>({
      {6, rc::gen::inRange('a', static_cast<char>('z' + 1))},
      {1, rc::gen::inRange('A', static_cast<char>('Z' + 1))},
      {1, rc::gen::inRange('0', static_cast<char>('9' + 1))},
      {3, rc::gen::element(' ', '\n', '\t', '.', ',', '!', '?', '"', '_', '`', '@', '[', '{')},
      {2, rc::gen::element('\'', '-')},
      {1, rc::gen::inRange<char>(0, 127)},
  }));
}

// Valid UTF-8 pieces: ASCII, joiners, marks, format characters, CJK, emoji, any scalar.
const std::vector<std::string>& utf8_pieces() {
  static const std::vector<std::string> pieces = {
      "a",
      "Z",
      "7",
      " ",
      "  ",
      "\n",
      "\r\n",
      "'",
      "-",
      ".",
      "!",
      "?",
      ",",
      "\xC3\xA9",          // é
      "\xCC\x81",          // combining acute
      "\xE2\x80\x99",      // ’
      "\xE2\x80\x90",      // ‐
      "\xE2\x80\x94",      // —
      "\xE2\x80\x8B",      // zero width space
      "\xE2\x80\x8D",      // ZWJ
      "\xC2\xAD",          // soft hyphen
      "\xC2\xA0",          // nbsp
      "\xE2\x80\xA9",      // paragraph separator
      "\xE6\x97\xA5",      // 日
      "\xE3\x81\x8B",      // か
      "\xE3\x82\x99",      // combining dakuten
      "\xE3\x80\x82",      // 。
      "\xEC\x95\x88",      // 안
      "\xE1\x84\x80",      // leading jamo
      "\xE1\x85\xA1",      // vowel jamo
      "\xD0\x96",          // Ж
      "\xE0\xB8\xAA",      // ส
      "\xF0\x9F\x91\xA8",  // 👨
      "\xF0\x9F\x8F\xBD",  // skin tone
      "\xF0\x9F\x87\xBA",  // regional indicator
      "\xEF\xB8\x8F",      // VS16
      "\xF0\xA0\x80\x80",  // U+20000 (Han ext B)
  };
  return pieces;
}

rc::Gen<std::string> gen_utf8() {
  return rc::gen::map(
      rc::gen::container<std::vector<std::string>>(rc::gen::weightedOneOf<std::string>({
          {8, rc::gen::elementOf(utf8_pieces())},
          {2, rc::gen::map(rc::gen::inRange<uint32_t>(0, 0x110000), encode)},
          {2, rc::gen::map(rc::gen::inRange<uint32_t>(0x80, 0x800), encode)},
      })),
      join);
}

// Valid pieces mixed with every kind of malformed sequence and raw bytes.
rc::Gen<std::string> gen_adversarial() {
  static const std::vector<std::string> bad = {
      "\x80",     "\xBF",         "\xC0\xAF",     "\xC1",
      "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80", "\xF4\x90\x80\x80",
      "\xF5",     "\xFF",         "\xE0\x80\xAF", "\xF0\x80\x80\x80",
      "\xC3",
  };
  return rc::gen::map(
      rc::gen::container<std::vector<std::string>>(rc::gen::weightedOneOf<std::string>({
          {6, rc::gen::elementOf(utf8_pieces())},
          {2, rc::gen::elementOf(bad)},
          {1, rc::gen::map(rc::gen::arbitrary<char>(), [](char c) { return std::string(1, c); })},
      })),
      join);
}

// An ASCII prefix of any length so the next multibyte sequence lands on every offset
// around the 32-byte (and 16-byte) block edges.
rc::Gen<std::string> gen_split_at_blocks(rc::Gen<std::string> tail) {
  return rc::gen::apply([](std::size_t n, char fill, std::string middle,
                           std::string rest) { return std::string(n, fill) + middle + rest; },
                        rc::gen::inRange<std::size_t>(0, 100),
                        rc::gen::element('a', ' ', '\'', '-'), rc::gen::elementOf(utf8_pieces()),
                        std::move(tail));
}

void check_paths_agree(const std::string& s) {
  const uint64_t words = count_words_scalar(s);
  const uint64_t cps = count_code_points_scalar(s);
  RC_ASSERT(count_words(s) == words);
  RC_ASSERT(count_code_points(s) == cps);
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) {
    RC_ASSERT(count_words_avx2(s) == words);
    RC_ASSERT(count_code_points_avx2(s) == cps);
  }
#endif
}

// Reference: decode by assembling the value, then check its range.
std::size_t reference_first_invalid(std::string_view s) {
  static const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int n;
    uint32_t cp;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      n = 2, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 3, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 4, cp = b & 0x07;
    } else {
      return i;
    }
    if (i + n > s.size()) return i;
    for (int k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min_for_length[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += n;
  }
  return std::string_view::npos;
}

void check_validator(const std::string& s) {
  const std::size_t bad_at = reference_first_invalid(s);
  std::vector<wm::status> results{validate_utf8_scalar(s), validate_utf8(s)};
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) results.push_back(validate_utf8_avx2(s));
#endif
  for (const auto& st : results) {
    RC_ASSERT(st.ok() == (bad_at == std::string_view::npos));
    if (!st.ok()) {
      RC_ASSERT(st.error().code == wm::errc::invalid_input);
      RC_ASSERT(st.error().message.find("byte offset " + std::to_string(bad_at) + ":") !=
                std::string::npos);
    }
  }
}

uint64_t reference_graphemes(std::string_view s) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  auto len = static_cast<utf8proc_ssize_t>(s.size());
  utf8proc_int32_t prev = -1, cp = 0, state = 0;
  uint64_t n = 0;
  while (len > 0) {
    const auto used = utf8proc_iterate(p, len, &cp);
    if (used <= 0) return 0;
    if (prev < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) ++n;
    prev = cp;
    p += used;
    len -= used;
  }
  return n;
}

RC_GTEST_PROP(WordCountProperties, SimdEqualsScalarOnAscii, ()) {
  check_paths_agree(*gen_ascii());
}

RC_GTEST_PROP(WordCountProperties, SimdEqualsScalarOnUtf8Mixtures, ()) {
  check_paths_agree(*gen_utf8());
}

RC_GTEST_PROP(WordCountProperties, SimdEqualsScalarOnAdversarialBytes, ()) {
  check_paths_agree(*gen_adversarial());
}

RC_GTEST_PROP(WordCountProperties, SimdEqualsScalarAcrossBlockEdges, ()) {
  check_paths_agree(*gen_split_at_blocks(gen_utf8()));
  check_paths_agree(*gen_split_at_blocks(gen_adversarial()));
}

// Words separated by long runs of separators: the count is the number of words.
RC_GTEST_PROP(WordCountProperties, CountsWordsBetweenLongSeparatorRuns, ()) {
  const auto word = rc::gen::weightedOneOf<std::string>({
      {4, rc::gen::nonEmpty(
              rc::gen::container<std::string>(rc::gen::inRange('a', static_cast<char>('z' + 1))))},
      {1, rc::gen::element<std::string>("don't", "well-known", "caf\xC3\xA9", "don\xE2\x80\x99t",
                                        "e\xCC\x81t\xC3\xA9")},
  });
  const auto separator = rc::gen::elementOf(
      std::vector<std::string>{" ", "\n", "\t", ".", ",", ";", "\"", "(", "\xE2\x80\x94",
                               "\xE3\x80\x81", "\xC2\xA0", "--", "''", "\xF0\x9F\x91\x8D"});
  const auto words = *rc::gen::container<std::vector<std::string>>(word);
  std::string text;
  for (const auto& w : words) {
    const auto run = *rc::gen::inRange<std::size_t>(1, 200);
    const auto sep = *separator;
    for (std::size_t i = 0; i < run; ++i) text += sep;
    text += w;
  }
  text += " ";
  RC_ASSERT(count_words_scalar(text) == words.size());
  check_paths_agree(text);
}

RC_GTEST_PROP(WordCountProperties, CountsAddUpOverConcatenationWithSeparator, ()) {
  const auto a = *gen_utf8();
  const auto b = *gen_utf8();
  RC_ASSERT(count_words(a + " " + b) == count_words(a) + count_words(b));
  RC_ASSERT(count_words_scalar(a + "\n" + b) == count_words_scalar(a) + count_words_scalar(b));
  RC_ASSERT(count_code_points(a + b) == count_code_points(a) + count_code_points(b));
}

RC_GTEST_PROP(Utf8Properties, ValidatorAgreesWithReferenceDecoder, ()) {
  check_validator(*gen_adversarial());
  check_validator(*gen_split_at_blocks(gen_adversarial()));
}

RC_GTEST_PROP(Utf8Properties, GeneratedUtf8IsValid, ()) {
  const auto s = *gen_utf8();
  RC_ASSERT(validate_utf8(s).ok());
  RC_ASSERT(reference_first_invalid(s) == std::string_view::npos);
}

RC_GTEST_PROP(TextStatsProperties, AgreesWithCountersOnValidText, ()) {
  const auto s = *gen_split_at_blocks(gen_utf8());
  const auto r = wm::compute_text_stats(s);
  RC_ASSERT(r.ok());
  RC_ASSERT(r->words == count_words(s));
  RC_ASSERT(r->characters == count_code_points(s));
  RC_ASSERT(r->graphemes == reference_graphemes(s));
  RC_ASSERT(r->graphemes <= r->characters);
  RC_ASSERT(r->sentences <= r->words);
  RC_ASSERT(r->syllables >= r->words);
  RC_ASSERT(std::isfinite(r->flesch_reading_ease));
  RC_ASSERT(std::isfinite(r->flesch_kincaid_grade));
  RC_ASSERT((r->words == 0) == (r->flesch_reading_ease == 0.0 && r->sentences == 0));
}

RC_GTEST_PROP(TextStatsProperties, RejectsExactlyTheInvalidInputs, ()) {
  const auto s = *gen_adversarial();
  const auto r = wm::compute_text_stats(s);
  RC_ASSERT(r.ok() == (reference_first_invalid(s) == std::string_view::npos));
  if (!r.ok()) {
    RC_ASSERT(r.error().code == wm::errc::invalid_input);
  }
}

}  // namespace
