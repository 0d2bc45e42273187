#pragma once
// wm::node: the one C++ API that starts and stops a WriteMagic runtime. The node binary,
// the shell and the C facade all go through it.
//
//   auto n = wm::node::start(cfg);      // actor system + supervision tree
//   auto tree = n.value()->tree();      // children, states, restart counts
//   auto report = n.value()->stop();    // phased shutdown, then the tree, then the system
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <memory>
#include <optional>

#include "messages/caf_error.hpp"
#include "messages/interfaces.hpp"
#include "messages/result.hpp"
#include "messages/service_names.hpp"
#include "runtime/node/blocking_call.hpp"
#include "runtime/node/node_config.hpp"

namespace wm {

class metrics_registry;

class node {
 public:
  static result<std::unique_ptr<node>> start(node_config cfg);

  // Stops the node if stop() was not called.
  ~node();
  node(const node&) = delete;
  node& operator=(const node&) = delete;

  // Runs the shutdown phases (each with the configured deadline, or `phase_deadline`),
  // stops the supervision tree and waits for it. Idempotent: later calls return the
  // first report.
  shutdown_report stop(std::optional<std::chrono::milliseconds> phase_deadline = std::nullopt);

  caf::actor_system& system() noexcept { return *system_; }
  const node_config& config() const noexcept { return cfg_; }
  supervisor_actor root() const { return root_; }
  const std::shared_ptr<metrics_registry>& metrics_registry_ptr() const { return metrics_; }

  // The current incarnation of a registered service (see messages/service_names.hpp);
  // an invalid handle when it is not running.
  template <class Handle>
  Handle service(caf::atom_value name) const {
    return caf::actor_cast<Handle>(system_->registry().get(name));
  }

  // Blocking request for callers outside the actor world (embedders, the shell, tests): it
  // travels through the node's bridge actor (runtime/node/blocking_call.hpp) and returns
  // errc::timeout after `timeout`; after stop() it answers errc::shutting_down.
  template <class Result, class Handle, class... Ts>
  result<Result> ask(const Handle& dest, std::chrono::milliseconds timeout, Ts&&... xs) {
    return blocking_call<Result>(bridge_, dest, timeout, 0, std::forward<Ts>(xs)...);
  }

  result<std::vector<child_info>> tree();
  result<std::string> scrape();
  result<std::string> scrape_json();

 private:
  node() = default;
  status check_started();

  node_config cfg_;
  std::unique_ptr<caf::actor_system_config> system_cfg_;
  std::unique_ptr<caf::actor_system> system_;
  std::shared_ptr<metrics_registry> metrics_;
  supervisor_actor root_;
  caf::actor bridge_;                             // carries ask(); ends at the end of stop()
  std::chrono::milliseconds root_stop_bound_{0};  // the tree's worst-case ordered stop
  std::optional<shutdown_report> report_;
};

}  // namespace wm
