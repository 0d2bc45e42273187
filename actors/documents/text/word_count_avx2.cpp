// AVX2 word and code point counters. Compiled with target attributes rather than a
// -mavx2 translation unit, so no AVX2 code can leak into shared inline functions that
// a CPU without AVX2 might run; count_words() dispatches at run time.
#include "actors/documents/text/word_count.hpp"

#if defined(WM_TEXT_HAVE_AVX2)
#include <immintrin.h>

#include <cstring>

#include "actors/documents/text/word_count_detail.hpp"
#include "actors/documents/text/word_mask.hpp"

namespace wm::text {
namespace {

#define WM_AVX2 __attribute__((target("avx2,bmi,popcnt")))

struct masks {
  uint32_t word;
  uint32_t joiner;
};

// Letters/digits and joiners of a block known to hold only ASCII (signed compares are
// then exact).
WM_AVX2 inline masks ascii_masks(__m256i v) {
  const __m256i lower = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
  const __m256i alpha = _mm256_and_si256(_mm256_cmpgt_epi8(lower, _mm256_set1_epi8('a' - 1)),
                                         _mm256_cmpgt_epi8(_mm256_set1_epi8('z' + 1), lower));
  const __m256i digit = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8('0' - 1)),
                                         _mm256_cmpgt_epi8(_mm256_set1_epi8('9' + 1), v));
  const __m256i joiner = _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\'')),
                                         _mm256_cmpeq_epi8(v, _mm256_set1_epi8('-')));
  return {static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_or_si256(alpha, digit))),
          static_cast<uint32_t>(_mm256_movemask_epi8(joiner))};
}

}  // namespace

WM_AVX2 uint64_t count_words_avx2(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint8_t state = 0;
  uint64_t words = 0;
  while (end - p >= 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const auto high = static_cast<uint32_t>(_mm256_movemask_epi8(v));
    if (high == 0) {
      const masks m = ascii_masks(v);
      words += block_word_starts(m.word, m.joiner, 32, state);
      p += 32;
      continue;
    }
    // ASCII prefix by masks, then the non-ASCII run by the scalar decoder; the next
    // load starts on the code point boundary where the decoder stopped.
    const unsigned n = _tzcnt_u32(high);
    if (n != 0) {
      const masks m = ascii_masks(v);
      const uint32_t keep = (uint32_t{1} << n) - 1;
      words += block_word_starts(m.word & keep, m.joiner & keep, n, state);
      p += n;
    }
    p = detail::non_ascii_run(p, end, state, words);
  }
  while (p < end) p = detail::word_step_at(p, end, state, words);
  return words;
}

WM_AVX2 uint64_t count_code_points_avx2(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint64_t continuation = 0;
  // Continuation bytes 0x80..0xBF are exactly the signed bytes below -64.
  const __m256i limit = _mm256_set1_epi8(-64);
  for (; end - p >= 64; p += 64) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32));
    const auto ma = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpgt_epi8(limit, a)));
    const auto mb = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpgt_epi8(limit, b)));
    continuation += static_cast<uint64_t>(__builtin_popcount(ma)) + __builtin_popcount(mb);
  }
  continuation += detail::count_continuation_bytes(p, end);
  return text.size() - continuation;
}

#undef WM_AVX2

}  // namespace wm::text
#endif
