#pragma once
// UUID v4 generation and validation for document and project ids.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace wm::sqlite {

// Generates random (version 4, RFC 4122 variant) UUIDs in lowercase canonical form.
// Not thread-safe: one generator per owner (the store is single-threaded).
class uuid_generator {
 public:
  uuid_generator() : rng_(seed()) {}

  std::string next() {
    uint64_t hi = rng_();
    uint64_t lo = rng_();
    hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
    lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10xx
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 32; ++i) {
      if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
      uint64_t word = i < 16 ? hi : lo;
      int shift = 60 - 4 * (i % 16);
      out.push_back(hex[(word >> shift) & 0xf]);
    }
    return out;
  }

 private:
  static uint64_t seed() {
    std::random_device rd;
    return (uint64_t{rd()} << 32) ^ uint64_t { rd() };
  }
  std::mt19937_64 rng_;
};

// Canonical lowercase form of a UUID written as 8-4-4-4-12 hex digits (any case, any
// version); nullopt if the text is not a UUID.
inline std::optional<std::string> normalize_uuid(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    char& c = out[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return std::nullopt;
    } else if (c >= '0' && c <= '9') {
    } else if (c >= 'a' && c <= 'f') {
    } else if (c >= 'A' && c <= 'F') {
      c = static_cast<char>(c - 'A' + 'a');
    } else {
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace wm::sqlite
