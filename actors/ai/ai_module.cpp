#include "actors/ai/ai_module.hpp"

#include <caf/actor_cast.hpp>

#include "adapters/prometheus/metrics_registry.hpp"

namespace wm::ai {

ai_module::ai_module(ai_settings settings, std::shared_ptr<metrics_registry> metrics,
                     http_client_options client_options)
    : settings_(std::move(settings)),
      metrics_(metrics ? std::move(metrics) : std::make_shared<metrics_registry>()),
      client_(std::make_unique<http_client>(client_options)) {}

ai_module::~ai_module() {
  // Cancels what is left and joins the I/O thread; late callbacks find no actor to tell.
  client_.reset();
}

void ai_module::set_provider(const std::string& name, const provider_actor& handle) {
  std::lock_guard<std::mutex> lock(mu_);
  providers_[name] = caf::actor_cast<caf::weak_actor_ptr>(handle);
}

provider_actor ai_module::provider(const std::string& name) const {
  caf::weak_actor_ptr weak;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = providers_.find(name);
    if (it == providers_.end()) return {};
    weak = it->second;
  }
  return caf::actor_cast<provider_actor>(weak.lock());
}

}  // namespace wm::ai
