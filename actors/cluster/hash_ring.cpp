#include "actors/cluster/hash_ring.hpp"

#include <algorithm>

namespace wm::cluster {

uint64_t stable_hash(std::string_view bytes) noexcept {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  // splitmix64 finalizer: FNV alone leaves neighbouring keys close on the ring.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return h;
}

hash_ring::hash_ring(std::vector<std::string> members, uint32_t vnodes_per_member)
    : members_(std::move(members)), vnodes_(std::max<uint32_t>(1, vnodes_per_member)) {
  std::sort(members_.begin(), members_.end());
  members_.erase(std::unique(members_.begin(), members_.end()), members_.end());
  points_.reserve(members_.size() * vnodes_);
  std::string label;
  for (uint32_t m = 0; m < members_.size(); ++m) {
    for (uint32_t v = 0; v < vnodes_; ++v) {
      label.assign(members_[m]).append("#").append(std::to_string(v));
      points_.push_back({stable_hash(label), m});
    }
  }
  std::sort(points_.begin(), points_.end(), [](const point& a, const point& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.member < b.member;
  });
}

size_t hash_ring::owner_index(std::string_view key) const noexcept {
  const uint64_t h = stable_hash(key);
  auto it = std::lower_bound(points_.begin(), points_.end(), h,
                             [](const point& p, uint64_t value) { return p.hash < value; });
  if (it == points_.end()) it = points_.begin();  // wraps around
  return it->member;
}

size_t hash_ring::index_of(std::string_view member) const noexcept {
  auto it = std::lower_bound(members_.begin(), members_.end(), member);
  if (it == members_.end() || *it != member) return npos;
  return static_cast<size_t>(it - members_.begin());
}

}  // namespace wm::cluster
