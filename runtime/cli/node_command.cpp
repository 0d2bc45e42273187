// `writemagic node`: the headless node. Starts the runtime with the server profile, waits
// for SIGINT/SIGTERM or a requested shutdown, then runs the phased shutdown and exits.
#include <caf/io/middleman.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/cli/commands.hpp"
#include "runtime/cli/config_args.hpp"
#include "runtime/cli/signal_watcher.hpp"
#include "runtime/cli/version.hpp"
#include "runtime/http_api/http_api.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/node.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm::cli {

namespace {

// A shutdown asked of the coordinator directly (a connected shell's `shutdown`) runs the
// phases; once they reach `close` the process has nothing left to serve, so the main thread
// is woken as a signal would wake it, and stops the node and exits.
shutdown_subscriber_actor::behavior_type wake_on_close(shutdown_subscriber_actor::pointer,
                                                       signal_watcher* signals) {
  return {[signals](phase_atom, shutdown_phase phase, caf::timespan) {
    if (phase == shutdown_phase::close) signals->request_stop();
    return true;
  }};
}

void exit_when_shut_down(node& n, signal_watcher& signals) {
  auto coordinator = n.service<shutdown_coordinator_actor>(services::shutdown);
  if (!coordinator) return;
  auto waker = n.system().spawn(wake_on_close, &signals);
  caf::anon_send(coordinator, subscribe_atom::value, shutdown_phase::close,
                 std::string{"node process"}, waker);
}

constexpr const char* node_usage = R"(usage: writemagic node [options]

Starts a headless WriteMagic node (server profile, SQLite store in the data dir) and runs
until SIGINT or SIGTERM (or a `shutdown` from a connected shell), then shuts down in phases
(stop intake, drain, flush, close) and exits. A second signal forces the exit.

options:
  --config FILE       configuration file (INI; see config/writemagic.ini)
  --profile NAME      mobile | server (default: server)
  --data-dir DIR      where the SQLite store lives (runtime.data_dir)
  --http HOST:PORT    HTTP listen address (http.listen)
  --port N            CAF port that publishes the node to shells and peers (caf.port)
  --set KEY=VALUE     any configuration key; wins over file and environment
  --dump-config       print the effective configuration and exit
  --version           print the version and exit
  --help              this text

HTTP API (when http.listen is set; default 127.0.0.1:8080): /healthz, /readyz, /metrics,
/v1/runtime/actors, /v1/documents..., /v1/ai/..., /v1/chat/completions (see docs/openapi.yaml).
Beyond loopback a bearer token is required: http.auth_token_env names the variable holding it.

exit codes: 0 clean shutdown, 1 runtime failure, 2 usage/config error,
            3 shutdown cut a subscriber at its deadline, 130 forced by a second signal
)";

// Publishes the AI gateway on caf.port (loopback) so `writemagic shell --connect` reaches
// the node. In a cluster the cluster actor publishes itself there instead (it is the
// entry for peers and shells alike).
status publish_gateway(node& n, int64_t port) {
  auto gateway = n.service<caf::actor>(services::gateway);
  if (!gateway) return failure{errc::unavailable, "caf.port is set but no AI gateway runs"};
  auto published =
      n.system().middleman().publish(gateway, static_cast<uint16_t>(port), "127.0.0.1", true);
  if (!published)
    return failure{errc::unavailable, "cannot publish on 127.0.0.1:" + std::to_string(port) + ": " +
                                          n.system().render(published.error())};
  log::info("", "gateway published on 127.0.0.1:{}", *published);
  return {};
}

}  // namespace

int run_node_command(int argc, char** argv) {
  // Before any thread exists, so every thread inherits the mask and only the watcher
  // receives the signals.
  block_termination_signals();
  auto args = parse_config_args(argc, argv, "server");
  if (!args) {
    std::fprintf(stderr, "writemagic node: %s\n", args.error().message.c_str());
    return exit_usage;
  }
  for (size_t i = 0; i < args->rest.size(); ++i) {
    const auto& arg = args->rest[i];
    auto next = [&](const char* key) -> bool {
      if (i + 1 >= args->rest.size()) return false;
      args->sources.overrides.push_back(std::string{key} + "=" + args->rest[++i]);
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      std::fputs(node_usage, stdout);
      return exit_ok;
    }
    if (arg == "--version") {
      std::printf("writemagic %s\n", version_string);
      return exit_ok;
    }
    if (arg == "--http" ? next("http.listen") : arg == "--port" ? next("caf.port") : false)
      continue;
    std::fprintf(stderr, "writemagic node: unknown or incomplete option '%s' (see --help)\n",
                 arg.c_str());
    return exit_usage;
  }
  auto cfg = load_from_args(*args);
  if (!cfg) {
    std::fprintf(stderr, "writemagic node: %s\n", cfg.error().message.c_str());
    return exit_usage;
  }
  if (args->dump_config) {
    std::fputs(dump(*cfg).c_str(), stdout);
    return exit_ok;
  }
  auto ncfg = node_config_from(*cfg);
  if (!ncfg) {
    std::fprintf(stderr, "writemagic node: %s\n", ncfg.error().message.c_str());
    return exit_usage;
  }
  // Checked before the node starts: a listener beyond loopback without a token is a config
  // error, not something to find out after the store opened.
  std::optional<http_api::http_settings> http_settings;
  if (!cfg->get_string("http.listen").empty()) {
    auto settings = http_api::http_settings_from(*cfg);
    if (!settings) {
      std::fprintf(stderr, "writemagic node: %s\n", settings.error().message.c_str());
      return exit_usage;
    }
    http_settings = std::move(*settings);
  }
  std::error_code ec;
  std::filesystem::create_directories(cfg->get_string("runtime.data_dir"), ec);
  signal_watcher signals;
  auto started = node::start(std::move(*ncfg));
  if (!started) {
    log::error("", "node failed to start: {} ({})", started.error().message,
               to_string(started.error().code));
    return exit_failure;
  }
  auto& n = *started.value();
  const bool in_cluster = static_cast<bool>(n.service<caf::actor>(services::cluster));
  if (auto port = cfg->get_int("caf.port"); port != 0 && !in_cluster) {
    if (auto st = publish_gateway(n, port); !st) {
      log::error("", "{}", st.error().message);
      n.stop();
      return exit_failure;
    }
  }
  std::unique_ptr<http_api::http_api> api;
  if (http_settings) {
    auto started_api = http_api::http_api::start(n, std::move(*http_settings));
    if (!started_api) {
      log::error("", "HTTP API failed to start: {}", started_api.error().message);
      n.stop();
      return exit_failure;
    }
    api = std::move(*started_api);
  }
  exit_when_shut_down(n, signals);
  log::info("", "node ready (data dir {})", cfg->get_string("runtime.data_dir"));
  if (auto sig = signals.wait(); sig != 0)
    log::info("", "stopping (signal {})", sig);
  else
    log::info("", "stopping (shutdown requested)");
  // The phases stop HTTP intake and drain in-flight requests (the http_api subscribes);
  // the server itself stops after them, before the actor system goes away.
  auto report = n.stop();
  if (api) api->stop();
  for (const auto& step : report.steps)
    log::info("", "shutdown {} {}: {} after {} ms", to_string(step.phase), step.subscriber,
              to_string(step.outcome), step.elapsed_ms);
  const int code = report.clean ? exit_ok : exit_unclean_shutdown;
  // ~actor_system waits for every actor; a proxy held for a remote peer has been seen to
  // keep it waiting. The store is flushed by now, so bound that wait instead of hanging.
  std::thread([code] {
    std::this_thread::sleep_for(std::chrono::seconds(15));
    log::warn("", "actor system did not stop within 15 s after shutdown; exiting");
    spdlog::default_logger_raw()->flush();
    _exit(code);
  }).detach();
  started.value().reset();
  return code;
}

}  // namespace wm::cli
