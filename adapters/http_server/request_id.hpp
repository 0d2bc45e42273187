#pragma once
// Request ids: a client's X-Request-Id is kept when it is sane (1..128 characters of
// [A-Za-z0-9._:-]) so it can go into logs and headers unescaped; otherwise one is made up.
#include <string>
#include <string_view>

namespace wm::http {

bool is_sane_request_id(std::string_view id) noexcept;

// 32 lowercase hex digits, random per process and unique within it.
std::string generate_request_id();

// The client's id when sane, else a generated one.
std::string choose_request_id(std::string_view from_client);

}  // namespace wm::http
