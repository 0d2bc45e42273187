#pragma once
// What the shell talks to: an embedded runtime (wm::node on a data dir) or a running node
// reached over CAF's network layer (--connect host:port). Commands only see this
// interface, so every command works the same way in both modes.
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/atom.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "messages/caf_error.hpp"
#include "messages/result.hpp"
#include "messages/shutdown.hpp"
#include "messages/supervision.hpp"
#include "runtime/config/config.hpp"

namespace wm::shell {

class connection {
 public:
  virtual ~connection() = default;

  virtual caf::actor_system& system() = 0;

  // The current incarnation of a registered service (messages/service_names.hpp); an
  // invalid handle when it is not running (or, remotely, not reachable).
  virtual caf::actor service(caf::atom_value name) = 0;

  // The supervision tree below the root.
  virtual result<std::vector<child_info>> tree() = 0;

  // Runs the phased shutdown. Embedded: then stops the runtime (no command works after it).
  virtual result<shutdown_report> shutdown() = 0;

  virtual bool remote() const = 0;

  // "embedded runtime, data dir ./data" / "node 127.0.0.1:4242"
  virtual std::string describe() const = 0;
};

// Starts an embedded runtime from the configuration (the shell's defaults: see
// shell_command.cpp). Creates the data dir when missing.
result<std::unique_ptr<connection>> open_embedded(const config& cfg);

// Connects to a node that publishes an actor on host:port (its caf.port).
result<std::unique_ptr<connection>> connect_remote(const std::string& host, uint16_t port,
                                                   const config& cfg);

// "host:port" -> parts; errc::invalid_input with a clear message otherwise.
result<std::pair<std::string, uint16_t>> parse_endpoint(std::string_view text);

}  // namespace wm::shell
