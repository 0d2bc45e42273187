#pragma once
// The AI subtree's shared, non-actor parts: one http_client per node (one I/O thread for every
// provider), the settings, the metrics registry, and a directory of the provider actors'
// current incarnations (a restarted provider re-registers; the gateway looks them up per
// request). The child specs of make_ai_services() hold it, so it outlives every AI actor; the
// http_client is destroyed with it, after the actors (its callbacks hold only weak handles).
#include <caf/actor.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "actors/ai/ai_settings.hpp"
#include "adapters/http_client/http_client.hpp"
#include "messages/interfaces.hpp"

namespace wm {

class metrics_registry;

namespace ai {

class ai_module {
 public:
  ai_module(ai_settings settings, std::shared_ptr<metrics_registry> metrics,
            http_client_options client_options = {});
  ~ai_module();
  ai_module(const ai_module&) = delete;
  ai_module& operator=(const ai_module&) = delete;

  http_client& client() noexcept { return *client_; }
  const ai_settings& settings() const noexcept { return settings_; }
  const std::shared_ptr<metrics_registry>& metrics() const noexcept { return metrics_; }

  // Unique transfer ids across every provider sharing the client.
  uint64_t next_transfer_id() noexcept { return next_transfer_.fetch_add(1) + 1; }

  void set_provider(const std::string& name, const provider_actor& handle);
  // The running incarnation, or an invalid handle.
  provider_actor provider(const std::string& name) const;

 private:
  ai_settings settings_;
  std::shared_ptr<metrics_registry> metrics_;
  std::atomic<uint64_t> next_transfer_{0};
  mutable std::mutex mu_;
  std::map<std::string, caf::weak_actor_ptr, std::less<>> providers_;
  std::unique_ptr<http_client> client_;
};

}  // namespace ai
}  // namespace wm
