#pragma once
// Bearer-token checks for the HTTP API.
#include <string_view>

namespace wm::http {

// Compares in time that depends only on the lengths, never on where the first difference is.
bool constant_time_equals(std::string_view a, std::string_view b) noexcept;

// True when `authorization` is "Bearer <token>" (scheme case-insensitive) with the token.
bool bearer_matches(std::string_view authorization, std::string_view token) noexcept;

// 127.0.0.0/8, ::1 and "localhost": binding there keeps the API on this machine.
bool is_loopback_host(std::string_view host) noexcept;

}  // namespace wm::http
