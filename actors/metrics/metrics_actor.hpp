#pragma once
// The metrics actor: owns the process's metrics registry for scrapes, samples runtime
// gauges (actors alive, scheduler threads, tcmalloc heap, mailbox backlog of registered
// service actors) every `sample_interval`, and answers scrapes in text and JSON.
#include <caf/actor_system.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "messages/interfaces.hpp"

namespace wm {

class metrics_registry;

// A service whose mailbox backlog is sampled: looked up by registry name at every tick,
// so a restarted service is followed without re-registering.
struct sampled_service {
  std::string label;  // the `actor` label of writemagic_mailbox_backlog
  caf::atom_value name;
};

metrics_actor spawn_metrics_actor(caf::actor_system& sys,
                                  std::shared_ptr<metrics_registry> registry,
                                  std::chrono::milliseconds sample_interval,
                                  std::vector<sampled_service> services = {});

}  // namespace wm
