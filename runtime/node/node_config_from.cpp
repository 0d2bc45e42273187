#include "runtime/node/node_config_from.hpp"

#include <caf/actor_system_config.hpp>

#include <memory>

#include "actors/ai/ai_services.hpp"
#include "actors/cluster/cluster_services.hpp"
#include "actors/documents/document_services.hpp"

namespace wm {

namespace {

class option_table : public caf::actor_system_config {
 public:
  bool knows(std::string_view name) const {
    return custom_options_.qualified_name_lookup(name) != nullptr;
  }
};

}  // namespace

bool is_known_caf_option(std::string_view name) {
  static const option_table table;
  return table.knows(name);
}

result<node_config> node_config_from(const config& cfg, const ai::provider_keys& keys) {
  node_config out;
  out.profile = cfg.profile();
  out.scheduler_policy = cfg.get_string("scheduler.policy");
  out.max_threads = static_cast<size_t>(cfg.get_int("scheduler.max_threads"));
  out.max_throughput = static_cast<size_t>(cfg.get_int("scheduler.max_throughput"));
  out.moderate_poll_attempts = static_cast<size_t>(cfg.get_int("scheduler.moderate_poll_attempts"));
  out.enable_network = cfg.get_int("caf.port") != 0;
  if (!log::parse_level(cfg.get_string("log.level"), out.logging.level))
    return failure{errc::invalid_input, "log.level: unknown level " + cfg.get_string("log.level")};
  out.logging.output = cfg.get_string("log.format") == "json" ? log::output_format::json
                                                              : log::output_format::console;
  out.metrics_sample_interval = cfg.get_duration("metrics.sample_interval");
  out.phase_deadline = cfg.get_duration("shutdown.phase_deadline");
  // Low idle polling for the mobile profile: CAF's work-stealing knobs.
  out.caf_options.emplace_back("work-stealing.aggressive-poll-attempts",
                               std::to_string(cfg.get_int("scheduler.aggressive_poll_attempts")));
  out.caf_options.emplace_back(
      "work-stealing.relaxed-sleep-duration",
      std::to_string(cfg.get_duration("scheduler.relaxed_sleep").count()) + "ms");
  // Explicit caf.* options come last so they win.
  for (const auto& opt : cfg.caf_options())
    out.caf_options.emplace_back(opt.key, opt.quoted ? "\"" + opt.value + "\"" : opt.value);
  // The document store and the documents service (<runtime.data_dir>/writemagic.db); their
  // metric handles come from the registry the node will use.
  if (!out.metrics) out.metrics = std::make_shared<metrics_registry>();
  auto cluster = cluster::cluster_options_from(cfg);
  if (!cluster) return std::move(cluster).error();
  auto doc_options = document_services_options_from(cfg);
  // In a cluster the cluster actor takes services::documents and places each document on
  // its owner; this node's documents router serves what it owns (and what peers forward).
  doc_options.behind_cluster_router = cluster->has_value();
  auto documents = make_document_services(std::move(doc_options), out.metrics);
  out.services.insert(out.services.end(), documents.begin(), documents.end());
  if (*cluster) {
    auto members = cluster::make_cluster_services(std::move(**cluster), out.metrics);
    out.services.insert(out.services.end(), members.begin(), members.end());
  }
  // The AI subtree (gateway + providers) over one shared HTTP client.
  auto ai = make_ai_services(cfg, out.metrics, keys);
  if (!ai) return std::move(ai).error();
  out.services.insert(out.services.end(), ai->begin(), ai->end());
  return out;
}

}  // namespace wm
