#include "actors/cluster/member_table.hpp"

#include <algorithm>

namespace wm::cluster {

std::chrono::milliseconds reconnect_backoff::delay(uint32_t consecutive_failures) const noexcept {
  if (consecutive_failures == 0) return min;
  auto d = min;
  for (uint32_t i = 1; i < consecutive_failures && d < max; ++i) d *= 2;
  return std::min(d, max);
}

member_table::member_table(std::string self, reconnect_backoff backoff)
    : self_(std::move(self)), backoff_(backoff) {
  if (backoff_.max < backoff_.min) backoff_.max = backoff_.min;
}

bool member_table::learn(const std::string& address) {
  if (address == self_) return false;
  return peers_.emplace(address, entry{}).second;
}

bool member_table::begin_connect(const std::string& address) {
  auto it = peers_.find(address);
  if (it == peers_.end() || it->second.state != member_state::down) return false;
  it->second.state = member_state::connecting;
  return true;
}

bool member_table::connected(const std::string& address) {
  auto it = peers_.find(address);
  if (it == peers_.end()) return false;
  it->second = entry{member_state::up, 0};
  return true;
}

std::chrono::milliseconds member_table::connect_failed(const std::string& address) {
  auto it = peers_.find(address);
  if (it == peers_.end()) return backoff_.max;
  if (it->second.state == member_state::connecting) {
    it->second.state = member_state::down;
    ++it->second.failures;
  }
  return backoff_.delay(it->second.failures);
}

std::chrono::milliseconds member_table::lost(const std::string& address) {
  auto it = peers_.find(address);
  if (it != peers_.end() && it->second.state == member_state::up)
    it->second = entry{member_state::down, 0};
  return backoff_.min;
}

member_state member_table::state(const std::string& address) const {
  if (address == self_) return member_state::up;
  auto it = peers_.find(address);
  return it == peers_.end() ? member_state::down : it->second.state;
}

uint32_t member_table::failures(const std::string& address) const {
  auto it = peers_.find(address);
  return it == peers_.end() ? 0 : it->second.failures;
}

bool member_table::knows(const std::string& address) const {
  return address == self_ || peers_.count(address) > 0;
}

std::vector<std::string> member_table::addresses() const {
  std::vector<std::string> out{self_};
  for (const auto& [address, e] : peers_) out.push_back(address);
  std::sort(out.begin(), out.end());
  return out;
}

size_t member_table::up_count() const {
  return 1 + static_cast<size_t>(std::count_if(peers_.begin(), peers_.end(), [](const auto& p) {
           return p.second.state == member_state::up;
         }));
}

std::vector<member_info> member_table::snapshot() const {
  std::vector<member_info> out;
  for (const auto& address : addresses())
    out.push_back({address, state(address), failures(address), address == self_});
  return out;
}

}  // namespace wm::cluster
