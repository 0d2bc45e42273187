#pragma once
// Resident set size of this process in bytes (0 where the platform gives no answer).
#include <cstdint>

namespace wm {

uint64_t resident_bytes() noexcept;

}  // namespace wm
