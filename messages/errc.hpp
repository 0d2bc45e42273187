#pragma once
// The one error vocabulary of WriteMagic. Pure: no CAF here, so codecs and other
// plain logic can use it; messages/caf_error.hpp turns it into a caf::error.
#include <cstdint>
#include <optional>
#include <string_view>

namespace wm {

// Values start at 1: CAF treats code 0 as "no error". Never renumber: the numbers
// cross nodes inside caf::error and cross the C facade as WM_ERR_* codes.
enum class errc : uint8_t {
  invalid_input = 1,
  not_found = 2,
  conflict = 3,
  timeout = 4,
  rate_limited = 5,
  unavailable = 6,
  circuit_open = 7,
  provider_error = 8,
  cancelled = 9,
  shutting_down = 10,
  internal = 11,
  unauthorized = 12,
  forbidden = 13,
  payload_too_large = 14,
};

inline constexpr errc all_errcs[] = {
    errc::invalid_input, errc::not_found,         errc::conflict,     errc::timeout,
    errc::rate_limited,  errc::unavailable,       errc::circuit_open, errc::provider_error,
    errc::cancelled,     errc::shutting_down,     errc::internal,     errc::unauthorized,
    errc::forbidden,     errc::payload_too_large,
};

// Stable snake_case name, used in JSON error bodies and logs.
std::string_view to_string(errc code) noexcept;

// Inverse of to_string; nullopt for an unknown name.
std::optional<errc> errc_from_string(std::string_view name) noexcept;

// HTTP status for an error code (cancelled maps to 499, "client closed request").
int http_status(errc code) noexcept;

}  // namespace wm
