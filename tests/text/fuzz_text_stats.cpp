// Fuzz target: on any bytes the SIMD and scalar counters agree, the validator paths
// agree, and compute_text_stats neither crashes nor disagrees with the counters.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/documents/text/text_stats.hpp"
#include "actors/documents/text/utf8.hpp"
#include "actors/documents/text/word_count.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm::text;
  const std::string_view s{reinterpret_cast<const char*>(data), size};
  const uint64_t words = count_words_scalar(s);
  const uint64_t cps = count_code_points_scalar(s);
  if (count_words(s) != words || count_code_points(s) != cps) std::abort();
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) {
    if (count_words_avx2(s) != words || count_code_points_avx2(s) != cps) std::abort();
    const auto a = validate_utf8_avx2(s);
    const auto b = validate_utf8_scalar(s);
    if (a.ok() != b.ok() || (!a.ok() && !(a.error() == b.error()))) std::abort();
  }
#endif
  const auto stats = wm::compute_text_stats(s);
  if (stats.ok() != validate_utf8_scalar(s).ok()) std::abort();
  if (stats.ok()) {
    if (stats->words != words || stats->characters != cps) std::abort();
    if (!std::isfinite(stats->flesch_reading_ease) || !std::isfinite(stats->flesch_kincaid_grade))
      std::abort();
    (void)wm::readability_level(stats->flesch_reading_ease);
  } else if (stats.error().code != wm::errc::invalid_input) {
    std::abort();
  }
  return 0;
}
