#include "runtime/node/node.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include <algorithm>

#include "actors/health/health_actor.hpp"
#include "actors/metrics/metrics_actor.hpp"
#include "actors/shutdown/shutdown_coordinator.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/type_registry.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/caf_thread.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm {

namespace {

// CAF keeps its option table protected; this subclass only adds a lookup.
class system_config : public caf::actor_system_config {
 public:
  bool knows_option(std::string_view name) const {
    return custom_options_.qualified_name_lookup(name) != nullptr;
  }
};

constexpr caf::atom_value core_services[] = {services::metrics, services::shutdown,
                                             services::health};

template <class Handle>
caf::actor put_service(caf::actor_system& sys, caf::atom_value name, Handle handle) {
  // put() keeps an existing entry: erase the previous incarnation's first.
  sys.registry().erase(name);
  sys.registry().put(name, caf::actor_cast<caf::strong_actor_ptr>(handle));
  return caf::actor_cast<caf::actor>(handle);
}

status apply_caf_options(system_config& cfg, const node_config& nc) {
  if (nc.scheduler_policy != "stealing" && nc.scheduler_policy != "sharing")
    return failure{errc::invalid_input, "scheduler.policy must be stealing or sharing, got '" +
                                            nc.scheduler_policy + "'"};
  cfg.set("scheduler.policy", caf::atom_from_string(nc.scheduler_policy));
  if (nc.max_threads > 0) cfg.set("scheduler.max-threads", nc.max_threads);
  if (nc.max_throughput > 0) cfg.set("scheduler.max-throughput", nc.max_throughput);
  cfg.set("work-stealing.moderate-poll-attempts", nc.moderate_poll_attempts);
  if (nc.enable_network) {
    // Off (0) by default in CAF: without them a frozen peer is never noticed.
    cfg.set("middleman.heartbeat-interval", caf::timespan{std::chrono::seconds(2)});
    cfg.set("middleman.connection-timeout", caf::timespan{std::chrono::seconds(10)});
  }
  for (const auto& [key, value] : nc.caf_options) {
    if (!cfg.knows_option(key))
      return failure{errc::invalid_input, "unknown CAF option '" + key + "'"};
    // Read by the option's type and checked, as at config load (cfg.set only prints a bad one).
    auto parsed = caf_option_value(key, value);
    if (!parsed)
      return failure{errc::invalid_input, "CAF option '" + key + "': bad value '" + value +
                                              "': " + parsed.error().message};
    cfg.set(key, std::move(*parsed));
  }
  return {};
}

// Sends `who` an exit and waits for it to end, at most `wait` (logged if it has not).
void stop_and_wait(caf::actor_system& sys, const caf::actor& who, std::chrono::milliseconds wait,
                   const char* what) {
  caf::scoped_actor self{sys};
  self->monitor(who);
  self->send_exit(who, caf::exit_reason::user_shutdown);
  self->receive(
      [](caf::down_msg&) {},
      caf::after(wait) >>
          [what, wait] { log::error("", "{} did not stop within {} ms", what, wait.count()); });
}

}  // namespace

result<std::unique_ptr<node>> node::start(node_config cfg) {
  std::unique_ptr<node> n{new node};
  if (cfg.setup_logging) log::setup(cfg.logging);
  auto sys_cfg = std::make_unique<system_config>();
  register_message_types(*sys_cfg);
  if (auto st = apply_caf_options(*sys_cfg, cfg); !st) return st.error();
  n->system_cfg_ = std::move(sys_cfg);
  if (cfg.enable_network) n->system_cfg_->load<caf::io::middleman>();
  n->system_ = std::make_unique<caf::actor_system>(*n->system_cfg_);
  n->metrics_ = cfg.metrics ? cfg.metrics : std::make_shared<metrics_registry>();
  n->bridge_ = spawn_call_bridge(*n->system_);

  supervisor_spec root;
  root.name = "root";
  root.strategy = restart_strategy::one_for_one;
  root.max_restarts = cfg.max_restarts;
  root.window = cfg.restart_window;
  root.metrics = n->metrics_;
  auto registry = n->metrics_;
  auto interval = cfg.metrics_sample_interval;
  std::vector<sampled_service> sampled{
      {"metrics", services::metrics},     {"shutdown", services::shutdown},
      {"health", services::health},       {"store", services::store},
      {"documents", services::documents}, {"gateway", services::gateway}};
  root.children.push_back({"metrics", [registry, interval, sampled](caf::actor_system& sys) {
                             return put_service(
                                 sys, services::metrics,
                                 spawn_metrics_actor(sys, registry, interval, sampled));
                           }});
  root.children.push_back({"shutdown", [](caf::actor_system& sys) {
                             return put_service(sys, services::shutdown,
                                                spawn_shutdown_coordinator(sys));
                           }});
  root.children.push_back({"health", [](caf::actor_system& sys) {
                             return put_service(sys, services::health, spawn_health_actor(sys));
                           }});
  for (auto& extra : cfg.services) root.children.push_back(extra);
  n->cfg_ = std::move(cfg);
  n->root_stop_bound_ = stop_bound(root);
  n->root_ = spawn_supervisor(*n->system_, std::move(root));
  if (auto st = n->check_started(); !st) return st.error();
  // Remote shells find the tree through the registry (`actors` over --connect).
  put_service(*n->system_, services::root, n->root_);
  log::info("", "node started: profile {}, {} scheduler threads ({})", n->cfg_.profile,
            n->system_->scheduler().num_workers(), n->cfg_.scheduler_policy);
  // The node may be stopped and destroyed on another thread than this one.
  forget_actor_system_on_this_thread();
  return n;
}

status node::check_started() {
  // The root gives up (and exits) when a child fails to start; its exit reason says why.
  caf::scoped_actor self{*system_};
  self->monitor(root_);
  std::optional<failure> problem;
  self->request(root_, std::chrono::seconds(30), list_children_atom::value)
      .receive(
          [&](std::vector<child_info>& kids) {
            // The one that failed, not the siblings the root may be stopping because of it.
            auto failed = std::find_if(kids.begin(), kids.end(), [](const child_info& kid) {
              return kid.state == child_state::failed;
            });
            if (failed == kids.end())
              failed = std::find_if(kids.begin(), kids.end(), [](const child_info& kid) {
                return kid.state != child_state::running;
              });
            // unavailable: what stops a service from starting is its surroundings (a data
            // dir held by another runtime, a port in use), not a fault of this program.
            if (failed != kids.end())
              problem = failure{errc::unavailable, "service " + failed->name +
                                                       " failed to start: " + failed->last_exit};
          },
          [&](caf::error&) {
            // The root is already gone (it gave up on a child before this request came):
            // the same start failure as above, however the race between the two went.
            self->receive(
                [&](caf::down_msg& msg) {
                  problem = failure{errc::unavailable, to_failure(msg.reason).message};
                },
                caf::after(std::chrono::seconds(5)) >>
                    [&] {
                      problem = failure{errc::internal, "supervision tree did not start"};
                    });
          });
  self->demonitor(root_.address());
  if (problem) {
    root_ = nullptr;
    return *problem;
  }
  return {};
}

result<std::vector<child_info>> node::tree() {
  return ask<std::vector<child_info>>(root_, std::chrono::seconds(10), list_children_atom::value);
}

result<std::string> node::scrape() {
  return ask<std::string>(service<metrics_actor>(services::metrics), std::chrono::seconds(10),
                          scrape_atom::value);
}

result<std::string> node::scrape_json() {
  return ask<std::string>(service<metrics_actor>(services::metrics), std::chrono::seconds(10),
                          scrape_json_atom::value);
}

shutdown_report node::stop(std::optional<std::chrono::milliseconds> phase_deadline) {
  if (report_) return *report_;
  auto deadline = phase_deadline.value_or(cfg_.phase_deadline);
  shutdown_report report;
  auto coordinator = service<shutdown_coordinator_actor>(services::shutdown);
  auto budget = deadline * std::size(all_shutdown_phases) + std::chrono::seconds(5);
  auto answer = ask<shutdown_report>(coordinator,
                                     std::chrono::duration_cast<std::chrono::milliseconds>(budget),
                                     shutdown_atom::value, static_cast<int64_t>(deadline.count()));
  if (answer) {
    report = std::move(*answer);
  } else {
    report.clean = false;
    log::error("", "shutdown coordinator did not report: {}", answer.error().message);
  }
  // The root bounds every child's stop, so its down message comes within the tree's stop
  // bound; the margin covers message latency on a loaded machine.
  if (root_)
    stop_and_wait(*system_, caf::actor_cast<caf::actor>(root_),
                  root_stop_bound_ + std::chrono::seconds(5), "supervision tree");
  // Registry entries are strong handles: leaving one would keep an actor (and
  // ~actor_system) waiting forever.
  for (auto name : core_services) system_->registry().erase(name);
  for (auto name : {services::root, services::store, services::documents, services::gateway,
                    services::documents_local, services::cluster})
    system_->registry().erase(name);
  root_ = nullptr;
  // Later asks find the bridge gone: their jobs are dropped and answer shutting_down. Waited
  // for, so that holds as soon as stop() returns.
  if (bridge_) stop_and_wait(*system_, bridge_, std::chrono::seconds(5), "the node's call bridge");
  report_ = report;
  forget_actor_system_on_this_thread();  // stop_and_wait's scoped actors pinned it here
  return report;
}

node::~node() {
  if (system_) {
    stop();
    bridge_ = nullptr;  // the last handle goes before the system it belongs to
    system_.reset();
  }
}

}  // namespace wm
