#pragma once
// Per-client concurrency limit: at most `limit` requests of one client (remote address) in
// flight at once; the rest are turned away (429) instead of queueing behind them.
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wm::http {

class client_limiter {
 public:
  explicit client_limiter(uint32_t limit) : limit_(limit) {}

  // A held slot; releases on destruction. Empty (false) when the client is at its limit.
  class slot {
   public:
    slot() = default;
    slot(client_limiter* owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    slot(slot&& other) noexcept : owner_(other.owner_), key_(std::move(other.key_)) {
      other.owner_ = nullptr;
    }
    slot& operator=(slot&&) = delete;
    ~slot() {
      if (owner_ != nullptr) owner_->release(key_);
    }
    explicit operator bool() const noexcept { return owner_ != nullptr; }

   private:
    client_limiter* owner_ = nullptr;
    std::string key_;
  };

  slot try_acquire(std::string_view client);
  uint32_t in_flight(std::string_view client) const;
  uint32_t limit() const noexcept { return limit_; }

 private:
  void release(const std::string& client);

  const uint32_t limit_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, uint32_t> counts_;  // only clients with requests in flight
};

}  // namespace wm::http
