#pragma once
// Consistent hashing of document ids onto cluster members, with virtual nodes so shares
// are even and a member joining or leaving moves only its own share. Every node builds
// the same ring from the same member addresses (in any order), so any node finds a
// document's owner without asking anyone.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wm::cluster {

// FNV-1a 64 finished with the splitmix64 mixer: the same value on every build and
// platform (std::hash is not), with good avalanche on short, similar keys.
uint64_t stable_hash(std::string_view bytes) noexcept;

class hash_ring {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  hash_ring() = default;
  // Members are sorted and deduplicated; each gets `vnodes_per_member` points (at least 1).
  hash_ring(std::vector<std::string> members, uint32_t vnodes_per_member);

  bool empty() const noexcept { return members_.empty(); }
  const std::vector<std::string>& members() const noexcept { return members_; }
  uint32_t vnodes_per_member() const noexcept { return vnodes_; }

  // Index into members() of the key's owner: the first point clockwise from its hash.
  // The ring must not be empty.
  size_t owner_index(std::string_view key) const noexcept;
  const std::string& owner(std::string_view key) const { return members_[owner_index(key)]; }

  size_t index_of(std::string_view member) const noexcept;  // npos when not a member

 private:
  struct point {
    uint64_t hash;
    uint32_t member;
  };
  std::vector<std::string> members_;
  std::vector<point> points_;  // sorted by (hash, member)
  uint32_t vnodes_ = 0;
};

}  // namespace wm::cluster
