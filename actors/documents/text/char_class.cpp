#include "actors/documents/text/char_class.hpp"

#include <utf8proc.h>

#include <memory>

namespace wm::text {
namespace {

bool in(char32_t cp, char32_t lo, char32_t hi) {
  return cp >= lo && cp <= hi;
}

// Blocks where letters/numbers count one word per character.
bool in_cjk_block(char32_t cp) {
  return in(cp, 0x1100, 0x115F)        // Hangul leading jamo
         || in(cp, 0x2E80, 0x9FFF)     // radicals, CJK symbols, kana, Bopomofo, Han
         || in(cp, 0xA960, 0xA97F)     // Hangul jamo extended-A (leading)
         || in(cp, 0xAC00, 0xD7A3)     // Hangul syllables
         || in(cp, 0xF900, 0xFAFF)     // CJK compatibility ideographs
         || in(cp, 0xFF66, 0xFF9D)     // halfwidth katakana
         || in(cp, 0x1AFF0, 0x1B16F)   // kana supplement and extensions
         || in(cp, 0x20000, 0x323AF);  // Han extensions B..H, compatibility supplement
}

}  // namespace

cp_class classify_slow(char32_t cp) noexcept {
  if (cp < 0x80) return ascii_class[cp];
  if (in(cp, 0x4E00, 0x9FFF) || in(cp, 0xAC00, 0xD7A3) || in(cp, 0x3041, 0x3096) ||
      in(cp, 0x30A1, 0x30FA) || in(cp, 0x3400, 0x4DBF))
    return cp_class::cjk;
  if (cp == 0x2019 || cp == 0x2010 || cp == 0x2011) return cp_class::joiner;
  if (cp == 0x200B) return cp_class::separator;  // zero width space separates words
  if (in(cp, 0x1160, 0x11FF) || in(cp, 0xD7B0, 0xD7FF) || cp == 0xFF9E || cp == 0xFF9F)
    return cp_class::transparent;  // jamo that complete a syllable; halfwidth sound marks
  const auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  switch (cat) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return in_cjk_block(cp) ? cp_class::cjk : cp_class::word;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_CF:
      return cp_class::transparent;
    default:
      return cp_class::separator;
  }
}

const cp_class* bmp_class_table() noexcept {
  static const auto table = [] {
    auto t = std::make_unique<cp_class[]>(0x10000);
    for (char32_t cp = 0; cp < 0x10000; ++cp) t[cp] = classify_slow(cp);
    return t;
  }();
  return table.get();
}

}  // namespace wm::text
