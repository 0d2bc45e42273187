#pragma once
// The cluster's static membership as configured: `cluster.seeds` is a list of host:port
// (comma or space separated) naming the nodes' CAF ports. Bad entries are errors with
// the offending text, never silently skipped.
//
// The parser is runtime/config/endpoints.hpp (pure, in wm_config, so that loading a
// configuration checks cluster.seeds with it); the cluster uses it under these names.
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "runtime/config/endpoints.hpp"

namespace wm::cluster {

using config_values::endpoint;
using config_values::parse_endpoint;

// config_values::parse_endpoint_list, with errors starting "cluster.seeds: ".
result<std::vector<endpoint>> parse_seed_list(std::string_view text);

}  // namespace wm::cluster
