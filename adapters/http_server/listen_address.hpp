#pragma once
// "host:port" / "[v6]:port" as written in http.listen.
#include <cstdint>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::http {

struct listen_address {
  std::string host;  // without brackets
  uint16_t port = 0;
  bool ipv6 = false;
};

result<listen_address> parse_listen_address(std::string_view text);

}  // namespace wm::http
