#pragma once
// Text <-> typed values for configuration settings: integers, booleans, durations
// ("250ms", "5s", "2min", "1h"), sizes ("512B", "64KiB", "10MiB", "1GiB"), host:port
// endpoints and environment variable names. Each value has one canonical spelling, which
// dump() writes, so a dumped configuration reads back to the same values.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "runtime/config/schema.hpp"

namespace wm::config_values {

std::optional<int64_t> parse_int(std::string_view text) noexcept;  // [-]digits
std::optional<bool> parse_bool(std::string_view text) noexcept;    // true | false
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) noexcept;
std::optional<int64_t> parse_size(std::string_view text) noexcept;  // bytes

// Canonical spelling: the largest unit that divides the value exactly ("90s", "2min", "0ms").
std::string format_duration(std::chrono::milliseconds d);
std::string format_size(int64_t bytes);  // "40MiB", "1000B"

// host:port with a port in 0..65535; host is a name, an IPv4 address or a [bracketed] IPv6.
bool is_valid_endpoint(std::string_view text) noexcept;
bool is_valid_env_var_name(std::string_view text) noexcept;

// A checked value: canonical text, and for integer/boolean/duration/size the number
// (integer, 0/1, milliseconds, bytes).
struct typed_value {
  std::string text;
  int64_t number = 0;
};

// What a value of `spec` must look like, e.g. "an integer in 0..256",
// "one of trace|debug|info|warn|error|off", "a duration like 250ms, 5s or 2min in 1s..24h".
std::string describe_expected(const config_schema::key_spec& spec);

// Checks `text` against the spec's type and range. The failure message is
// "expected <describe_expected(spec)>"; the caller adds key, value and origin.
result<typed_value> check_value(const config_schema::key_spec& spec, std::string_view text);

}  // namespace wm::config_values
