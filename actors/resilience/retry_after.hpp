#pragma once
// Parsing of the server's "when may I retry" headers. Pure and total: any input gives either a
// delay or nullopt, never an exception.
#include <chrono>
#include <optional>
#include <string_view>

namespace wm::resilience {

// `retry-after-ms` (OpenAI / Anthropic extension): a non-negative decimal number of
// milliseconds ("1500", "250.5"). Fractions round up so we never come back early. Values too large
// to matter saturate at 10^12 ms. Anything else (negative, empty, junk, NaN) gives nullopt.
std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view value) noexcept;

// `retry-after` (RFC 9110 10.2.3): either delay-seconds (1*DIGIT) or an IMF-fixdate such as
// "Sun, 06 Nov 1994 08:49:37 GMT", taken relative to `now`. A date in the past gives 0. The
// obsolete RFC 850 and asctime date forms, fractions and signs are rejected with nullopt.
// Surrounding spaces and tabs are ignored.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) noexcept;

// The IMF-fixdate part on its own: the instant it names, or nullopt.
std::optional<std::chrono::system_clock::time_point> parse_imf_fixdate(
    std::string_view value) noexcept;

}  // namespace wm::resilience
