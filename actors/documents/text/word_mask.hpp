#pragma once
// The word state machine of char_class.hpp applied to a whole block of ASCII bytes at
// once, given bit masks (bit i = byte i). Shared by the AVX2 and NEON paths so both
// carry state across blocks exactly like the scalar loop does.
#include <cstdint>

namespace wm::text {

// w: bytes that are letters/digits; j: joiner bytes (' and -). Only the low `width`
// bits may be set (1 <= width <= 63). Returns the number of words starting in the block
// and leaves `state` as word_step() would after the block's last byte.
inline unsigned block_word_starts(uint64_t w, uint64_t j, unsigned width, uint8_t& state) noexcept {
  const uint64_t in_word = state == 1 ? 1 : 0;
  const uint64_t pending_in = state == 2 ? 1 : 0;
  const uint64_t prev_w = (w << 1) | in_word;  // byte i-1 is a word byte
  const uint64_t pending = j & prev_w;         // a joiner directly after a word
  const uint64_t cont = prev_w | (pending << 1) | pending_in;
  const uint64_t starts = w & ~cont;
  const uint64_t last = uint64_t{1} << (width - 1);
  state = (w & last) ? 1 : (pending & last) ? 2 : 0;
  return static_cast<unsigned>(__builtin_popcountll(starts));
}

}  // namespace wm::text
