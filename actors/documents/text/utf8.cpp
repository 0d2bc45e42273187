#include "actors/documents/text/utf8.hpp"

#include <string>

#include "actors/documents/text/utf8_decode.hpp"

#if defined(WM_TEXT_HAVE_AVX2)
#include <immintrin.h>
#endif

namespace wm::text {
namespace {

std::string_view describe(utf8_error e) noexcept {
  switch (e) {
    case utf8_error::unexpected_continuation:
      return "unexpected continuation byte";
    case utf8_error::invalid_byte:
      return "byte that never occurs in UTF-8";
    case utf8_error::overlong:
      return "overlong encoding";
    case utf8_error::surrogate:
      return "surrogate code point";
    case utf8_error::too_large:
      return "code point above U+10FFFF";
    case utf8_error::truncated:
      return "truncated sequence";
    case utf8_error::none:
      break;
  }
  return "no error";
}

failure invalid_at(std::size_t offset, utf8_error e) {
  std::string msg = "invalid UTF-8 at byte offset " + std::to_string(offset) + ": ";
  msg += describe(e);
  return make_failure(errc::invalid_input, std::move(msg));
}

}  // namespace

status validate_utf8_scalar(std::string_view bytes) noexcept {
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = begin + bytes.size();
  for (const auto* p = begin; p < end;) {
    const decoded d = decode_one(p, end);
    if (d.err != utf8_error::none) return invalid_at(static_cast<std::size_t>(p - begin), d.err);
    p += d.len;
  }
  return {};
}

#if defined(WM_TEXT_HAVE_AVX2)
__attribute__((target("avx2,bmi"))) status validate_utf8_avx2(std::string_view bytes) noexcept {
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = begin + bytes.size();
  const auto* p = begin;
  while (end - p >= 32) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const auto high = static_cast<uint32_t>(_mm256_movemask_epi8(v));
    if (high == 0) {
      p += 32;
      continue;
    }
    // Skip the ASCII prefix, then decode the non-ASCII run one code point at a time;
    // the next block starts on a code point boundary.
    p += _tzcnt_u32(high);
    while (p < end && *p >= 0x80) {
      const decoded d = decode_one(p, end);
      if (d.err != utf8_error::none) return invalid_at(static_cast<std::size_t>(p - begin), d.err);
      p += d.len;
    }
  }
  for (; p < end;) {
    const decoded d = decode_one(p, end);
    if (d.err != utf8_error::none) return invalid_at(static_cast<std::size_t>(p - begin), d.err);
    p += d.len;
  }
  return {};
}
#endif

bool cpu_has_avx2() noexcept {
#if defined(WM_TEXT_HAVE_AVX2)
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") &&
           __builtin_cpu_supports("popcnt");
  }();
  return has;
#else
  return false;
#endif
}

status validate_utf8(std::string_view bytes) noexcept {
#if defined(WM_TEXT_HAVE_AVX2)
  if (cpu_has_avx2()) return validate_utf8_avx2(bytes);
#endif
  return validate_utf8_scalar(bytes);
}

}  // namespace wm::text
