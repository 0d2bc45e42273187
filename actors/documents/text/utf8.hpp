#pragma once
// Strict UTF-8 validation: rejects overlong forms, surrogates, code points above
// U+10FFFF, stray continuation bytes and truncated sequences. The failure is
// errc::invalid_input with a message naming the byte offset of the offending sequence.
#include <string_view>

#include "messages/result.hpp"

namespace wm::text {

// Dispatches to the AVX2 path when the CPU has it, else the scalar one. Same result.
status validate_utf8(std::string_view bytes) noexcept;

// Plain byte-at-a-time reference path.
status validate_utf8_scalar(std::string_view bytes) noexcept;

#if defined(__x86_64__) || defined(__i386__)
#define WM_TEXT_HAVE_AVX2 1
// Skips 32-byte ASCII blocks with one AVX2 test; callers must check cpu_has_avx2().
status validate_utf8_avx2(std::string_view bytes) noexcept;
#endif

// True when the running CPU supports the AVX2 paths (always false off x86).
bool cpu_has_avx2() noexcept;

}  // namespace wm::text
