#pragma once
// Refuses request heads whose body length two parsers could read differently (RFC 9112 6.1,
// 6.3): Content-Length given twice with different values or not as digits, Content-Length
// beside Transfer-Encoding, or a transfer coding other than "chunked". civetweb reads such
// requests its own way (the first Content-Length; chunked over Content-Length, keeping the
// connection open), so a proxy in front that reads them another way would see a different
// next request on the same connection: request smuggling. Pure: headers in, reason out.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace wm::http {

using header_view = std::pair<std::string_view, std::string_view>;  // name, value

// Why the head's framing is ambiguous, or nullopt when it is not.
std::optional<std::string> framing_problem(std::span<const header_view> headers);

}  // namespace wm::http
