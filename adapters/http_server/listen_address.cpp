#include "adapters/http_server/listen_address.hpp"

#include <charconv>

namespace wm::http {

result<listen_address> parse_listen_address(std::string_view text) {
  auto bad = [&](const char* why) {
    return failure{errc::invalid_input, "listen address '" + std::string{text} + "': " + why};
  };
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return bad("expected host:port");
  listen_address out;
  auto host = text.substr(0, colon);
  auto port = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return bad("unbalanced brackets");
    host = host.substr(1, host.size() - 2);
    out.ipv6 = true;
  } else if (host.find(':') != std::string_view::npos) {
    return bad("write IPv6 hosts in brackets: [::1]:8080");
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc{} || ptr != port.data() + port.size() || value > 65535 || port.empty())
    return bad("port must be 0..65535");
  out.host = std::string{host};
  out.port = static_cast<uint16_t>(value);
  return out;
}

}  // namespace wm::http
