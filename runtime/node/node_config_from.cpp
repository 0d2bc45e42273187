#include "runtime/node/node_config_from.hpp"

#include <caf/actor_system_config.hpp>

#include <memory>
#include <mutex>

#include "actors/ai/ai_services.hpp"
#include "actors/cluster/cluster_services.hpp"
#include "actors/documents/document_services.hpp"

namespace wm {

namespace {

// CAF keeps its option table protected; this subclass only adds a lookup.
class option_table : public caf::actor_system_config {
 public:
  const caf::config_option* find(std::string_view name) const {
    return custom_options_.qualified_name_lookup(name);
  }
};

const option_table& caf_options() {
  static const option_table table;
  return table;
}

// What a value of CAF's type `type_name` looks like, for error messages.
std::string describe_caf_type(std::string_view type_name) {
  if (type_name == "timespan") return "a timespan like 500ms, 5s or 1min";
  if (type_name == "boolean") return "true or false";
  if (type_name == "atom") return "an atom (up to 10 characters)";
  if (type_name.starts_with("uint") || type_name.starts_with("int"))
    return "an integer (CAF type " + std::string{type_name} + ")";
  if (type_name.starts_with("list of "))
    return "a " + std::string{type_name} + ", like [a, b] or a, b";
  return "a value of CAF type " + std::string{type_name};
}

}  // namespace

result<caf::config_value> caf_option_value(std::string_view name, std::string_view text) {
  // config_option::parse may store into the option's bound variable: one parse at a time.
  static std::mutex parse_mutex;
  const caf::config_option* opt = caf_options().find(name);
  if (opt == nullptr)
    return failure{errc::invalid_input, "CAF has no option '" + std::string{name} + "'"};
  const std::string type_name{opt->type_name().begin(), opt->type_name().end()};
  auto expected = [&] {
    return failure{errc::invalid_input,
                   "CAF's " + std::string{name} + " takes " + describe_caf_type(type_name)};
  };
  if (type_name == "string") return caf::config_value{std::string{text}};
  caf::expected<caf::config_value> parsed{caf::config_value{}};
  {
    std::lock_guard<std::mutex> lock{parse_mutex};
    parsed = opt->parse(caf::string_view{text.data(), text.size()});
  }
  if (!parsed || opt->check(*parsed)) return expected();
  if (name == "scheduler.policy") {
    auto policy = caf::get_if<caf::atom_value>(&*parsed);
    if (policy == nullptr || (*policy != caf::atom("stealing") && *policy != caf::atom("sharing")))
      return failure{errc::invalid_input, "CAF's scheduler.policy takes stealing or sharing"};
  }
  return std::move(*parsed);
}

config_schema::caf_option_info is_known_caf_option(std::string_view name) {
  config_schema::caf_option_info info{caf_options().find(name) != nullptr};
  if (!info.known) return info;
  info.check_value = [key = std::string{name}](std::string_view value) -> std::string {
    auto v = caf_option_value(key, value);
    return v ? std::string{} : v.error().message;
  };
  return info;
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
  // Quotes are INI syntax: the text is read by the option's type (caf_option_value), so a
  // value loads the same whether it was written bare or quoted (as --dump-config may).
  for (const auto& opt : cfg.caf_options()) out.caf_options.emplace_back(opt.key, opt.value);
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
