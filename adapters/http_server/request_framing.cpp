#include "adapters/http_server/request_framing.hpp"

#include <algorithm>

#include "adapters/http_client/header_name.hpp"

namespace wm::http {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<std::string> framing_problem(std::span<const header_view> headers) {
  std::optional<std::string_view> length;
  bool transfer_encoding = false;
  for (const auto& [raw_name, raw_value] : headers) {
    const auto name = trim_header_text(raw_name);
    const auto value = trim_header_text(raw_value);
    if (iequals_ascii(name, "Content-Length")) {
      // One value: "5, 5" and a second header are lists two parsers may read differently.
      if (!all_digits(value))
        return "Content-Length '" + std::string{value} + "' is not a single decimal number";
      if (length && *length != value)
        return "conflicting Content-Length headers (" + std::string{*length} + " and " +
               std::string{value} + ")";
      length = value;
    } else if (iequals_ascii(name, "Transfer-Encoding")) {
      if (transfer_encoding || !iequals_ascii(value, "chunked"))
        return "Transfer-Encoding must be exactly one \"chunked\"";
      transfer_encoding = true;
    }
  }
  if (length && transfer_encoding)
    return "Content-Length and Transfer-Encoding together: the body length is ambiguous";
  return std::nullopt;
}

}  // namespace wm::http
