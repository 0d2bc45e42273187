#include "tests/cluster/in_process_member.hpp"

#include <caf/all.hpp>

#include "messages/cluster.hpp"
#include "runtime/config/config.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm::testing {

namespace {

constexpr auto timeout = std::chrono::seconds(10);

result<std::vector<member_info>> membership(node& n) {
  return n.ask<std::vector<member_info>>(n.service<caf::actor>(services::cluster), timeout,
                                         members_atom::value);
}

}  // namespace

result<std::unique_ptr<node>> start_in_process_member(const std::filesystem::path& data_dir,
                                                      int port, const std::string& seeds,
                                                      std::vector<std::string> overrides) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  config_sources src;
  src.profile = "server";
  src.environment = config_env::env_map{};
  src.is_known_caf_option = is_known_caf_option;
  src.overrides = {"runtime.data_dir=" + data_dir.string(), "caf.port=" + std::to_string(port),
                   "cluster.seeds=" + seeds, "cluster.reconnect_max=500ms", "log.level=warn"};
  for (auto& o : overrides) src.overrides.push_back(std::move(o));
  auto cfg = load_config(src);
  if (!cfg) return std::move(cfg).error();
  auto ncfg = node_config_from(*cfg);
  if (!ncfg) return std::move(ncfg).error();
  return node::start(std::move(*ncfg));
}

size_t members_up(node& n) {
  auto view = membership(n);
  if (!view) return 0;
  size_t up = 0;
  for (const auto& m : *view) up += m.state == member_state::up ? 1 : 0;
  return up;
}

bool sees_up(node& n, const std::string& address) {
  auto view = membership(n);
  if (!view) return false;
  for (const auto& m : *view)
    if (m.address == address) return m.state == member_state::up;
  return false;
}

}  // namespace wm::testing
