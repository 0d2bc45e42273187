#pragma once
// What a code point is for word counting. This one table is the definition of a word,
// shared by every counting path:
//  - word:        letters and digits (Unicode L* and N*) outside the CJK ranges.
//  - cjk:         Han, Hiragana, Katakana, Hangul syllables (and leading jamo, Bopomofo):
//                 each one is a word by itself, as writing tools count them. CJK
//                 punctuation and symbols (U+3000 block P*/S*) are separators.
//  - joiner:      ' U+2019 - U+2010 U+2011: join two word runs when exactly one of them
//                 sits between letters/digits ("don't", "well-known").
//  - transparent: combining marks (M*), format characters (Cf: ZWJ, ZWNJ, soft hyphen,
//                 BOM) except U+200B, Hangul vowel/trailing jamo and halfwidth sound marks.
//                 They neither start nor end a word ("e" + U+0301 stays one word).
//  - separator:   everything else: whitespace, other punctuation and symbols (emoji
//                 included), controls, private use, unassigned, and bytes that are not
//                 valid UTF-8.
// Scripts written without spaces other than CJK (Thai, Lao, Khmer, Myanmar) count one
// word per run of letters: splitting them needs a dictionary.
#include <array>
#include <cstdint>

namespace wm::text {

enum class cp_class : uint8_t { separator, word, cjk, joiner, transparent };

// ASCII part of the table: word for [A-Za-z0-9], joiner for ' and -, else separator.
inline constexpr std::array<cp_class, 128> ascii_class = [] {
  std::array<cp_class, 128> t{};
  for (unsigned c = 0; c < 128; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
      t[c] = cp_class::word;
    else if (c == '\'' || c == '-')
      t[c] = cp_class::joiner;
    else
      t[c] = cp_class::separator;
  }
  return t;
}();

// The rules below, evaluated from scratch (utf8proc category lookups).
cp_class classify_slow(char32_t cp) noexcept;

// The whole BMP precomputed once (64 KiB), so non-ASCII text costs one load per code point.
const cp_class* bmp_class_table() noexcept;

inline cp_class classify_non_ascii(char32_t cp) noexcept {
  static const cp_class* const table = bmp_class_table();
  return cp < 0x10000 ? table[cp] : classify_slow(cp);
}

inline cp_class classify(char32_t cp) noexcept {
  return cp < 0x80 ? ascii_class[cp] : classify_non_ascii(cp);
}

// The word state machine over classified code points. Returns 1 when a word starts.
// States: 0 outside a word, 1 inside a word, 2 a joiner right after a word.
inline unsigned word_step(cp_class c, uint8_t& state) noexcept {
  switch (c) {
    case cp_class::word: {
      const unsigned starts = state == 0 ? 1u : 0u;
      state = 1;
      return starts;
    }
    case cp_class::joiner:
      state = state == 1 ? 2 : 0;
      return 0;
    case cp_class::cjk:
      state = 0;
      return 1;
    case cp_class::transparent:
      return 0;
    case cp_class::separator:
      break;
  }
  state = 0;
  return 0;
}

}  // namespace wm::text
