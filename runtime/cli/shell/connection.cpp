#include "runtime/cli/shell/connection.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include <filesystem>

#include "actors/cluster/seed_list.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "messages/type_registry.hpp"
#include "runtime/cli/shell/ask.hpp"
#include "runtime/node/node.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm::shell {

namespace {

constexpr auto request_timeout = std::chrono::seconds(30);

// Where a node may register its root supervisor so that `actors` works over --connect.
constexpr caf::atom_value root_service = services::root;

class embedded_connection final : public connection {
 public:
  embedded_connection(std::unique_ptr<node> n, std::string data_dir)
      : node_(std::move(n)), data_dir_(std::move(data_dir)) {}

  caf::actor_system& system() override { return node_->system(); }

  caf::actor service(caf::atom_value name) override {
    if (stopped_) return {};
    return node_->service<caf::actor>(name);
  }

  result<std::vector<child_info>> tree() override {
    if (stopped_) return failure{errc::shutting_down, "the runtime has been shut down"};
    return node_->tree();
  }

  result<shutdown_report> shutdown() override {
    if (stopped_) return failure{errc::shutting_down, "the runtime has been shut down"};
    stopped_ = true;
    return node_->stop();
  }

  bool remote() const override { return false; }

  std::string describe() const override { return "embedded runtime, data dir " + data_dir_; }

 private:
  std::unique_ptr<node> node_;
  std::string data_dir_;
  bool stopped_ = false;
};

class remote_connection final : public connection {
 public:
  remote_connection(std::unique_ptr<caf::actor_system_config> cfg,
                    std::unique_ptr<caf::actor_system> sys, caf::actor entry, std::string where)
      : cfg_(std::move(cfg)),
        sys_(std::move(sys)),
        entry_(std::move(entry)),
        where_(std::move(where)) {}

  ~remote_connection() override {
    // Strong handles into the remote node must go before the system waits for its actors.
    entry_ = nullptr;
    sys_.reset();
  }

  caf::actor_system& system() override { return *sys_; }

  caf::actor service(caf::atom_value name) override {
    // The node's own registry, through its config server: always the current incarnation.
    auto ptr = sys_->middleman().remote_lookup(name, entry_.node());
    return caf::actor_cast<caf::actor>(ptr);
  }

  result<std::vector<child_info>> tree() override {
    // The root supervisor when the node registers it; else the published actor, if it is
    // a supervisor.
    auto root = service(root_service);
    return ask<std::vector<child_info>>(*sys_, root ? root : entry_, request_timeout,
                                        list_children_atom::value);
  }

  result<shutdown_report> shutdown() override {
    auto coordinator = caf::actor_cast<shutdown_coordinator_actor>(service(services::shutdown));
    return ask<shutdown_report>(*sys_, coordinator, std::chrono::minutes(2), shutdown_atom::value,
                                int64_t{5000});
  }

  bool remote() const override { return true; }

  std::string describe() const override { return "node " + where_; }

 private:
  std::unique_ptr<caf::actor_system_config> cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  caf::actor entry_;
  std::string where_;
};

}  // namespace

result<std::unique_ptr<connection>> open_embedded(const config& cfg) {
  auto ncfg = node_config_from(cfg);
  if (!ncfg) return std::move(ncfg).error();
  auto data_dir = cfg.get_string("runtime.data_dir");
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec)
    return failure{errc::unavailable, "cannot create data dir " + data_dir + ": " + ec.message()};
  // The shell is not a server: no publishing on caf.port (node_command does that), and
  // warnings only unless log.level was set on purpose (the default would interleave info
  // lines with command output).
  ncfg->enable_network = false;
  if (const auto* level = cfg.find("log.level");
      level && (level->origin == "default" || level->origin.rfind("profile", 0) == 0))
    ncfg->logging.level = spdlog::level::warn;
  auto started = node::start(std::move(*ncfg));
  if (!started) return std::move(started).error();
  return std::unique_ptr<connection>{
      new embedded_connection(std::move(started).value(), std::move(data_dir))};
}

result<std::unique_ptr<connection>> connect_remote(const std::string& host, uint16_t port,
                                                   const config&) {
  auto cfg = std::make_unique<caf::actor_system_config>();
  register_message_types(*cfg);
  cfg->load<caf::io::middleman>();
  // Off by default in CAF: without them a frozen node is never noticed.
  cfg->set("middleman.heartbeat-interval", caf::timespan{std::chrono::seconds(2)});
  cfg->set("middleman.connection-timeout", caf::timespan{std::chrono::seconds(10)});
  // The shell needs few threads.
  cfg->set("scheduler.max-threads", size_t{2});
  auto sys = std::make_unique<caf::actor_system>(*cfg);
  auto entry = sys->middleman().remote_actor(host, port);
  std::string where = host + ":" + std::to_string(port);
  if (!entry) {
    return failure{errc::unavailable,
                   "cannot connect to node " + where + ": " + sys->render(entry.error())};
  }
  return std::unique_ptr<connection>{
      new remote_connection(std::move(cfg), std::move(sys), std::move(*entry), std::move(where))};
}

result<std::pair<std::string, uint16_t>> parse_endpoint(std::string_view text) {
  auto ep = cluster::parse_endpoint(text);
  if (!ep) return std::move(ep).error();
  return std::pair{std::move(ep->host), ep->port};
}

}  // namespace wm::shell
