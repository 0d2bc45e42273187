#pragma once
// The cluster as a supervised child of a node, configured from cluster.* and caf.port.
#include <memory>
#include <optional>
#include <vector>

#include "actors/cluster/cluster_actor.hpp"
#include "actors/supervision/supervisor.hpp"
#include "messages/result.hpp"

namespace wm {
class config;
}

namespace wm::cluster {

// nullopt when cluster.seeds is empty (a standalone node). Errors name the key: bad seed
// entries, a cluster without caf.port, reconnect_max below reconnect_min.
result<std::optional<cluster_options>> cluster_options_from(const config& cfg);

std::vector<child_spec> make_cluster_services(cluster_options options,
                                              std::shared_ptr<metrics_registry> metrics);

}  // namespace wm::cluster
