#pragma once
// One UTF-8 decoding step shared by the validator and the counters, so every path
// (scalar, AVX2, NEON) sees the same code point sequence, even on invalid input.
#include <cstddef>
#include <cstdint>

namespace wm::text {

enum class utf8_error : uint8_t {
  none,
  unexpected_continuation,  // a continuation byte where a sequence must start
  invalid_byte,             // 0xF8..0xFF never occur in UTF-8
  overlong,                 // a shorter encoding exists (C0, C1, E0 80.., F0 80..)
  surrogate,                // U+D800..U+DFFF
  too_large,                // above U+10FFFF (F4 90.., F5..F7)
  truncated,                // a lead byte without enough continuation bytes
};

struct decoded {
  char32_t cp;  // U+FFFD when err != none
  uint8_t len;  // bytes consumed; invalid sequences consume exactly one byte
  utf8_error err;
};

inline bool is_continuation(unsigned char b) noexcept {
  return (b & 0xC0) == 0x80;
}

// Decodes the code point starting at p (p < end). Rules of Unicode Table 3-7.
inline decoded decode_one(const unsigned char* p, const unsigned char* end) noexcept {
  const unsigned b0 = p[0];
  const std::ptrdiff_t avail = end - p;
  auto bad = [](utf8_error e) { return decoded{0xFFFD, 1, e}; };
  if (b0 < 0x80) return {b0, 1, utf8_error::none};
  if (b0 < 0xC0) return bad(utf8_error::unexpected_continuation);
  if (b0 < 0xC2) return bad(utf8_error::overlong);
  if (b0 < 0xE0) {
    if (avail < 2 || !is_continuation(p[1])) return bad(utf8_error::truncated);
    return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (p[1] & 0x3F)), 2, utf8_error::none};
  }
  if (b0 < 0xF0) {
    if (avail < 2 || !is_continuation(p[1])) return bad(utf8_error::truncated);
    if (b0 == 0xE0 && p[1] < 0xA0) return bad(utf8_error::overlong);
    if (b0 == 0xED && p[1] >= 0xA0) return bad(utf8_error::surrogate);
    if (avail < 3 || !is_continuation(p[2])) return bad(utf8_error::truncated);
    return {static_cast<char32_t>(((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)), 3,
            utf8_error::none};
  }
  if (b0 < 0xF5) {
    if (avail < 2 || !is_continuation(p[1])) return bad(utf8_error::truncated);
    if (b0 == 0xF0 && p[1] < 0x90) return bad(utf8_error::overlong);
    if (b0 == 0xF4 && p[1] >= 0x90) return bad(utf8_error::too_large);
    if (avail < 3 || !is_continuation(p[2])) return bad(utf8_error::truncated);
    if (avail < 4 || !is_continuation(p[3])) return bad(utf8_error::truncated);
    return {static_cast<char32_t>(((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                                  ((p[2] & 0x3F) << 6) | (p[3] & 0x3F)),
            4, utf8_error::none};
  }
  if (b0 < 0xF8) return bad(utf8_error::too_large);
  return bad(utf8_error::invalid_byte);
}

}  // namespace wm::text
