#include "actors/cluster/cluster_services.hpp"

#include <caf/actor_cast.hpp>

#include "runtime/config/config.hpp"

namespace wm::cluster {

result<std::optional<cluster_options>> cluster_options_from(const config& cfg) {
  auto seeds = parse_seed_list(cfg.get_string("cluster.seeds"));
  if (!seeds) return std::move(seeds).error();
  if (seeds->empty()) return std::optional<cluster_options>{};
  const auto port = cfg.get_int("caf.port");
  if (port == 0)
    return failure{errc::invalid_input,
                   "cluster.seeds is set but caf.port is 0: a member must publish itself"};
  cluster_options o;
  o.seeds = std::move(*seeds);
  const auto& advertise = cfg.get_string("cluster.advertise");
  auto self = parse_endpoint(advertise.empty() ? "127.0.0.1:" + std::to_string(port) : advertise);
  if (!self) return failure{errc::invalid_input, "cluster.advertise: " + self.error().message};
  o.advertise = self->to_string();
  o.publish_port = static_cast<uint16_t>(port);
  if (!advertise.empty()) o.publish_host = self->host;
  o.vnodes = static_cast<uint32_t>(cfg.get_int("cluster.vnodes"));
  o.forward_timeout = cfg.get_duration("cluster.forward_timeout");
  o.backoff.min = cfg.get_duration("cluster.reconnect_min");
  o.backoff.max = cfg.get_duration("cluster.reconnect_max");
  if (o.backoff.max < o.backoff.min)
    return failure{errc::invalid_input, "cluster.reconnect_max is below cluster.reconnect_min"};
  return std::optional<cluster_options>{std::move(o)};
}

std::vector<child_spec> make_cluster_services(cluster_options options,
                                              std::shared_ptr<metrics_registry> metrics) {
  return {{"cluster",
           [options = std::move(options), metrics = std::move(metrics)](caf::actor_system& sys) {
             return spawn_cluster_actor(sys, options, metrics);
           }}};
}

}  // namespace wm::cluster
