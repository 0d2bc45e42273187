#include "runtime/config/profiles.hpp"

namespace wm::config_profiles {
namespace {

// Phones: two workers, short time slices and lazy idle polling to save battery, small caches,
// no HTTP server. store.synchronous stays FULL: a phone loses power too.
const std::vector<overlay_entry> mobile{
    {"runtime.profile", "mobile"},
    {"scheduler.max_threads", "2"},
    {"scheduler.max_throughput", "50"},
    {"scheduler.aggressive_poll_attempts", "10"},
    {"scheduler.relaxed_sleep", "50ms"},
    {"store.synchronous", "FULL"},
    {"store.group_commit_max_batch", "16"},
    {"documents.idle_passivation", "1min"},
    {"documents.max_open", "1000"},
    {"http.listen", ""},
    {"shutdown.phase_deadline", "2s"},
    {"metrics.sample_interval", "30s"},
    {"caf.port", "0"},
};

// A node: CAF's default thread count, the HTTP API on loopback, many open documents.
const std::vector<overlay_entry> server{
    {"runtime.profile", "server"},
    {"scheduler.max_threads", "0"},
    {"http.listen", "127.0.0.1:8080"},
    {"documents.max_open", "100000"},
    {"caf.port", "0"},
};

}  // namespace

const std::vector<overlay_entry>* find_profile(std::string_view name) noexcept {
  if (name == "mobile") return &mobile;
  if (name == "server") return &server;
  return nullptr;
}

const std::vector<std::string_view>& profile_names() {
  static const std::vector<std::string_view> names{"mobile", "server"};
  return names;
}

}  // namespace wm::config_profiles
