#pragma once
// Timestamps as logs and error bodies print them.
#include <cstdint>
#include <string>

namespace wm {

// ISO-8601 UTC with milliseconds, e.g. 2026-11-27T12:00:00.123Z.
std::string iso8601_utc(int64_t timestamp_ms);

// Milliseconds since the Unix epoch, now.
int64_t now_ms();

}  // namespace wm
