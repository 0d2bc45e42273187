#include "runtime/config/endpoints.hpp"

#include <algorithm>
#include <charconv>

#include "runtime/config/values.hpp"

namespace wm::config_values {

std::string endpoint::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

result<endpoint> parse_endpoint(std::string_view text) {
  auto bad = [&](std::string why) {
    return failure{errc::invalid_input, "'" + std::string{text} + "': " + std::move(why)};
  };
  if (!is_valid_endpoint(text)) return bad("expected HOST:PORT");
  auto colon = text.rfind(':');
  std::string_view host = text.substr(0, colon);
  std::string_view digits = text.substr(colon + 1);
  unsigned port = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (port == 0) return bad("port must be 1..65535");
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return endpoint{std::string{host}, static_cast<uint16_t>(port)};
}

result<std::vector<endpoint>> parse_endpoint_list(std::string_view text) {
  std::vector<endpoint> out;
  auto is_separator = [](char c) { return c == ',' || c == ' ' || c == '\t'; };
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_separator(text[i])) ++i;
    size_t end = i;
    while (end < text.size() && !is_separator(text[end])) ++end;
    if (end > i) {
      auto parsed = parse_endpoint(text.substr(i, end - i));
      if (!parsed) return std::move(parsed).error();
      if (std::find(out.begin(), out.end(), *parsed) == out.end()) out.push_back(*parsed);
    }
    i = end;
  }
  return out;
}

}  // namespace wm::config_values
