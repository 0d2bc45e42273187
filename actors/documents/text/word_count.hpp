#pragma once
// Word and code point counters. Every path returns the same number for any input,
// valid UTF-8 or not (invalid bytes count as separators / one code point per
// non-continuation byte). What a word is: see char_class.hpp.
#include <cstdint>
#include <string_view>

namespace wm::text {

uint64_t count_words_scalar(std::string_view text) noexcept;
uint64_t count_code_points_scalar(std::string_view text) noexcept;

#if defined(__x86_64__) || defined(__i386__)
#define WM_TEXT_HAVE_AVX2 1
// 32-byte ASCII blocks by bit masks, non-ASCII runs by the scalar decoder.
// Callers must check cpu_has_avx2() (utf8.hpp) first.
uint64_t count_words_avx2(std::string_view text) noexcept;
uint64_t count_code_points_avx2(std::string_view text) noexcept;
#endif

#if defined(__ARM_NEON) && defined(__aarch64__)
#define WM_TEXT_HAVE_NEON 1
uint64_t count_words_neon(std::string_view text) noexcept;
uint64_t count_code_points_neon(std::string_view text) noexcept;
#endif

// The fastest path the running CPU supports.
uint64_t count_words(std::string_view text) noexcept;
uint64_t count_code_points(std::string_view text) noexcept;

}  // namespace wm::text
