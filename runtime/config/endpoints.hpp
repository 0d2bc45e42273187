#pragma once
// host:port endpoints and lists of them, as configuration values: cluster.seeds is a list of
// host:port (comma or space separated) naming the nodes' CAF ports. Pure parsing, here in
// wm_config so that loading a configuration checks cluster.seeds with the same parser the
// cluster uses (actors/cluster/seed_list.hpp). Bad entries are errors with the offending
// text, never silently skipped.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace wm::config_values {

struct endpoint {
  std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
  uint16_t port = 0;

  // host:port, IPv6 in brackets: the member's name on the ring.
  std::string to_string() const;
  friend bool operator==(const endpoint&, const endpoint&) = default;
};

// host:port with a port in 1..65535; IPv6 as [addr]:port. The error message is
// "'<text>': <what is wrong>".
result<endpoint> parse_endpoint(std::string_view text);

// Entries in order of first appearance, duplicates dropped; empty text is an empty list.
// The error message names the first bad entry, as parse_endpoint does.
result<std::vector<endpoint>> parse_endpoint_list(std::string_view text);

}  // namespace wm::config_values
