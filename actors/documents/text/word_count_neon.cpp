// NEON word and code point counters (AArch64). Same structure as the AVX2 path on
// 16-byte blocks; the mask logic is the shared word_mask.hpp.
#include "actors/documents/text/word_count.hpp"

#if defined(WM_TEXT_HAVE_NEON)
#include <arm_neon.h>

#include "actors/documents/text/word_count_detail.hpp"
#include "actors/documents/text/word_mask.hpp"

namespace wm::text {
namespace {

// NEON has no movemask: weight each lane's 0xFF by its bit and add per half.
inline uint32_t movemask16(uint8x16_t m) {
  const uint8x16_t bits = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  const uint8x16_t x = vandq_u8(m, bits);
  return static_cast<uint32_t>(vaddv_u8(vget_low_u8(x))) |
         (static_cast<uint32_t>(vaddv_u8(vget_high_u8(x))) << 8);
}

inline uint8x16_t in_range(uint8x16_t v, uint8_t lo, uint8_t hi) {
  return vandq_u8(vcgeq_u8(v, vdupq_n_u8(lo)), vcleq_u8(v, vdupq_n_u8(hi)));
}

}  // namespace

uint64_t count_words_neon(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint8_t state = 0;
  uint64_t words = 0;
  while (end - p >= 16) {
    const uint8x16_t v = vld1q_u8(p);
    const uint32_t high = movemask16(vcgeq_u8(v, vdupq_n_u8(0x80)));
    const unsigned n = high == 0 ? 16u : static_cast<unsigned>(__builtin_ctz(high));
    if (n != 0) {
      const uint8x16_t lower = vorrq_u8(v, vdupq_n_u8(0x20));
      const uint8x16_t word = vorrq_u8(in_range(lower, 'a', 'z'), in_range(v, '0', '9'));
      const uint8x16_t joiner =
          vorrq_u8(vceqq_u8(v, vdupq_n_u8('\'')), vceqq_u8(v, vdupq_n_u8('-')));
      const uint32_t keep = n == 16 ? 0xFFFFu : (uint32_t{1} << n) - 1;
      words += block_word_starts(movemask16(word) & keep, movemask16(joiner) & keep, n, state);
      p += n;
    }
    if (high != 0) p = detail::non_ascii_run(p, end, state, words);
  }
  while (p < end) p = detail::word_step_at(p, end, state, words);
  return words;
}

uint64_t count_code_points_neon(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint64_t continuation = 0;
  for (; end - p >= 16; p += 16) {
    const uint8x16_t cont = in_range(vld1q_u8(p), 0x80, 0xBF);
    continuation += vaddvq_u8(vandq_u8(cont, vdupq_n_u8(1)));
  }
  continuation += detail::count_continuation_bytes(p, end);
  return text.size() - continuation;
}

}  // namespace wm::text
#endif
