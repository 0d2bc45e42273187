#include "actors/cluster/seed_list.hpp"

namespace wm::cluster {

result<std::vector<endpoint>> parse_seed_list(std::string_view text) {
  auto seeds = config_values::parse_endpoint_list(text);
  if (!seeds) return failure{errc::invalid_input, "cluster.seeds: " + seeds.error().message};
  return seeds;
}

}  // namespace wm::cluster
