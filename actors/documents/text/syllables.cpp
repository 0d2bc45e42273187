#include "actors/documents/text/syllables.hpp"

#include <utf8proc.h>

#include <string>

#include "actors/documents/text/utf8_decode.hpp"

namespace wm::text {
namespace {

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// Lower-case ASCII base letter of a code point, or 0 (é -> e, Å -> a, ß -> 0).
char latin_base(char32_t cp) {
  if (cp < 0x80) {
    const char c = static_cast<char>(cp);
    if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
    return (c >= 'a' && c <= 'z') ? c : 0;
  }
  utf8proc_int32_t out[8];
  int last_boundclass = 0;
  const auto n = utf8proc_decompose_char(
      static_cast<utf8proc_int32_t>(cp), out, 8,
      static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD),
      &last_boundclass);
  if (n < 1 || n > 8 || out[0] >= 0x80) return 0;
  return latin_base(static_cast<char32_t>(out[0]));
}

}  // namespace

uint32_t count_syllables(std::string_view word) noexcept {
  char buf[64];
  std::size_t len = 0;
  bool last_from_accent = false;  // "café": a written accent is never a silent e
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  const auto* end = p + word.size();
  while (p < end && len < sizeof(buf)) {
    const decoded d = decode_one(p, end);
    p += d.len;
    if (d.err != utf8_error::none) continue;
    if (const char c = latin_base(d.cp)) {
      buf[len++] = c;
      last_from_accent = d.cp >= 0x80;
    }
  }
  if (len <= 3) return 1;
  const std::string_view s{buf, len};

  // A vowel group is a maximal run of vowels; a leading y is a consonant ("yes").
  uint32_t groups = 0;
  bool prev_vowel = false;
  for (std::size_t i = 0; i < len; ++i) {
    const bool v = is_vowel(s[i]) && !(i == 0 && s[i] == 'y');
    if (v && !prev_vowel) ++groups;
    prev_vowel = v;
  }
  auto vowel_at = [&](std::size_t i) { return is_vowel(s[i]); };
  const char last = s[len - 1];
  const char before = s[len - 2];
  bool silent = false;
  if (last_from_accent) {
    silent = false;
  } else if (last == 'e' && !vowel_at(len - 2)) {
    // "make", "love": silent; "table", "little": the -le is its own syllable.
    silent = !(before == 'l' && !vowel_at(len - 3));
  } else if (last == 's' && before == 'e' && !vowel_at(len - 3)) {
    // "makes", "lines": silent; "boxes", "places", "changes", "wishes", "tables": not.
    const char c = s[len - 3];
    silent = !(c == 's' || c == 'x' || c == 'z' || c == 'c' || c == 'g' || c == 'h' ||
               (c == 'l' && !vowel_at(len - 4)));
  } else if (last == 'd' && before == 'e' && !vowel_at(len - 3)) {
    // "jumped", "loved": silent; "wanted", "needed": not.
    const char c = s[len - 3];
    silent = !(c == 't' || c == 'd');
  }
  if (silent && groups > 1) --groups;
  return groups == 0 ? 1 : groups;
}

}  // namespace wm::text
