#include "actors/documents/text/word_count.hpp"

#include "actors/documents/text/utf8.hpp"
#include "actors/documents/text/word_count_detail.hpp"

namespace wm::text {

uint64_t count_words_scalar(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  uint8_t state = 0;
  uint64_t words = 0;
  while (p < end) p = detail::word_step_at(p, end, state, words);
  return words;
}

uint64_t count_code_points_scalar(std::string_view text) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  return text.size() - detail::count_continuation_bytes(p, p + text.size());
}

uint64_t count_words(std::string_view text) noexcept {
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) return count_words_avx2(text);
#elif defined(WM_TEXT_HAVE_NEON)
  return count_words_neon(text);
#endif
  return count_words_scalar(text);
}

uint64_t count_code_points(std::string_view text) noexcept {
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) return count_code_points_avx2(text);
#elif defined(WM_TEXT_HAVE_NEON)
  return count_code_points_neon(text);
#endif
  return count_code_points_scalar(text);
}

}  // namespace wm::text
