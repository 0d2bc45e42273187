#pragma once
// Scalar pieces the SIMD word counters fall back to, so they resume on exactly the
// code point boundaries the pure scalar loop would reach.
#include <cstdint>

#include "actors/documents/text/char_class.hpp"
#include "actors/documents/text/utf8_decode.hpp"

namespace wm::text::detail {

// Consumes one code point at p, updating the word state. Returns the next position.
inline const unsigned char* word_step_at(const unsigned char* p, const unsigned char* end,
                                         uint8_t& state, uint64_t& words) noexcept {
  if (*p < 0x80) {
    words += word_step(ascii_class[*p], state);
    return p + 1;
  }
  const decoded d = decode_one(p, end);
  // Invalid bytes are separators (classify(U+FFFD) would say so too, but be explicit).
  words +=
      word_step(d.err == utf8_error::none ? classify_non_ascii(d.cp) : cp_class::separator, state);
  return p + d.len;
}

// Consumes code points while they start with a non-ASCII byte.
inline const unsigned char* non_ascii_run(const unsigned char* p, const unsigned char* end,
                                          uint8_t& state, uint64_t& words) noexcept {
  while (p < end && *p >= 0x80) p = word_step_at(p, end, state, words);
  return p;
}

inline uint64_t count_continuation_bytes(const unsigned char* p, const unsigned char* end) {
  uint64_t n = 0;
  for (; p < end; ++p) n += is_continuation(*p) ? 1 : 0;
  return n;
}

}  // namespace wm::text::detail
