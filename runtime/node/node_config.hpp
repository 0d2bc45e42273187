#pragma once
// Everything a node needs to start, already validated and typed. Built from the config
// files / environment / command line by node_config_from(const config&), or directly by
// tests and embedders.
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "actors/supervision/supervisor.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "runtime/logging/log.hpp"

namespace wm {

struct node_config {
  std::string profile = "server";
  std::string scheduler_policy = "stealing";  // stealing | sharing
  size_t max_threads = 0;                     // 0: CAF's default, max(cores, 4)
  size_t max_throughput = 0;                  // 0: CAF's default
  // Idle polls with 50 us naps a worker makes after its busy polls (CAF's default is 500).
  // 0: go straight to a condition variable that new work signals. A nap delays every hand-off
  // from a thread outside CAF (curl's I/O thread, HTTP workers) by up to 50 us plus timer
  // slack; bench_ai_gateway measured 26k -> 37k requests/s on 2 cores without them.
  size_t moderate_poll_attempts = 0;
  bool enable_network = false;  // load CAF's middleman (publish / connect)
  bool setup_logging = true;    // false: the embedder owns spdlog
  log::options logging;
  std::chrono::milliseconds metrics_sample_interval{1000};
  std::chrono::milliseconds phase_deadline{5000};
  uint32_t max_restarts = 5;
  std::chrono::milliseconds restart_window{10000};
  // CAF's own options by their CAF name ("scheduler.max-throughput", "middleman.
  // heartbeat-interval", ...) with values in CAF syntax; an unknown name is an error.
  std::vector<std::pair<std::string, std::string>> caf_options;
  // The process's metrics registry; node::start creates one when empty. Services built
  // before start (below) take their counter/histogram handles from it.
  std::shared_ptr<metrics_registry> metrics;
  // Further supervised services (store, documents, AI), started after the core ones in
  // this order, under the root supervisor.
  std::vector<child_spec> services;
};

}  // namespace wm
