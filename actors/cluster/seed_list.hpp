#pragma once
// The cluster's static membership as configured: `cluster.seeds` is a list of host:port
// (comma or space separated) naming the nodes' CAF ports. Bad entries are errors with
// the offending text, never silently skipped.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace wm::cluster {

struct endpoint {
  std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
  uint16_t port = 0;

  // host:port, IPv6 in brackets: the member's name on the ring.
  std::string to_string() const;
  friend bool operator==(const endpoint&, const endpoint&) = default;
};

// host:port with a port in 1..65535; IPv6 as [addr]:port.
result<endpoint> parse_endpoint(std::string_view text);

// Entries in order of first appearance, duplicates dropped; empty text is an empty list.
result<std::vector<endpoint>> parse_seed_list(std::string_view text);

}  // namespace wm::cluster
