#pragma once
// Resident set size of this process in bytes (0 where the platform gives no answer).
#include <cstdint>

namespace wm {

uint64_t resident_bytes() noexcept;

// How much the resident set grew since a resident_bytes() reading (negative: it shrank).
inline int64_t resident_growth_since(uint64_t before) noexcept {
  return static_cast<int64_t>(resident_bytes()) - static_cast<int64_t>(before);
}

}  // namespace wm
