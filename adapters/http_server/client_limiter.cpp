#include "adapters/http_server/client_limiter.hpp"

namespace wm::http {

client_limiter::slot client_limiter::try_acquire(std::string_view client) {
  std::string key{client};
  std::lock_guard<std::mutex> lock(mu_);
  auto& n = counts_[key];
  if (n >= limit_) {
    if (n == 0) counts_.erase(key);
    return {};
  }
  ++n;
  return slot{this, std::move(key)};
}

uint32_t client_limiter::in_flight(std::string_view client) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(std::string{client});
  return it == counts_.end() ? 0 : it->second;
}

void client_limiter::release(const std::string& client) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(client);
  if (it == counts_.end()) return;
  if (--it->second == 0) counts_.erase(it);
}

}  // namespace wm::http
