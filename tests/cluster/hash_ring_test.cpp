// The consistent-hash ring: every node must agree on owners, shares must be even, and a
// member joining must move only the keys it takes over.
#include "actors/cluster/hash_ring.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>
#include <random>

namespace wm::cluster {
namespace {

std::vector<std::string> members_of(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back("10.0.0." + std::to_string(i + 1) + ":7000");
  return out;
}

std::vector<std::string> keys(size_t n) {
  std::mt19937_64 rng{42};
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back("doc-" + std::to_string(rng()));
  return out;
}

TEST(StableHash, IsFixedAcrossBuildsAndPlatforms) {
  // Pinned values: a change here moves every document in every deployed cluster.
  EXPECT_EQ(stable_hash(""), 0xf52a15e9a9b5e89bULL);
  EXPECT_EQ(stable_hash("a"), 0x02c0bdbf481420f8ULL);
  EXPECT_EQ(stable_hash("127.0.0.1:7001#0"), 0x04838d1d0bc37f38ULL);
  EXPECT_EQ(stable_hash("3f2504e0-4f89-41d3-9a0c-0305e82c3301"), 0x775ff19bacfa492cULL);
}

TEST(HashRing, EmptyRingReportsEmpty) {
  hash_ring ring;
  EXPECT_TRUE(ring.empty());
  EXPECT_EQ(ring.index_of("x"), hash_ring::npos);
}

TEST(HashRing, SingleMemberOwnsEverything) {
  hash_ring ring{{"127.0.0.1:7001"}, 16};
  for (const auto& k : keys(200)) EXPECT_EQ(ring.owner(k), "127.0.0.1:7001");
}

TEST(HashRing, MembersAreSortedAndDeduplicated) {
  hash_ring ring{{"b:1", "a:1", "b:1"}, 4};
  EXPECT_EQ(ring.members(), (std::vector<std::string>{"a:1", "b:1"}));
  EXPECT_EQ(ring.index_of("b:1"), 1u);
  EXPECT_EQ(ring.index_of("c:1"), hash_ring::npos);
}

TEST(HashRing, SharesAreEvenWithVirtualNodes) {
  const auto members = members_of(3);
  hash_ring ring{members, 64};
  std::map<std::string, size_t> share;
  const auto ks = keys(30'000);
  for (const auto& k : ks) ++share[ring.owner(k)];
  ASSERT_EQ(share.size(), 3u);
  for (const auto& [member, n] : share) {
    // 1/3 each give or take 30 % with 64 points per member.
    EXPECT_GT(n, 7'000u) << member;
    EXPECT_LT(n, 13'000u) << member;
  }
}

RC_GTEST_PROP(HashRingProperty, OwnerDoesNotDependOnMemberOrder,
              (std::vector<std::string> keys_in, uint8_t member_count)) {
  auto members = members_of(1 + member_count % 8);
  hash_ring a{members, 32};
  std::shuffle(members.begin(), members.end(), std::mt19937{member_count});
  hash_ring b{members, 32};
  for (const auto& k : keys_in) RC_ASSERT(a.owner(k) == b.owner(k));
}

RC_GTEST_PROP(HashRingProperty, JoiningMemberTakesKeysOnlyForItself, (uint8_t member_count)) {
  auto members = members_of(1 + member_count % 8);
  hash_ring before{members, 32};
  members.push_back("10.0.9.9:7000");
  hash_ring after{members, 32};
  size_t moved = 0;
  const auto ks = keys(2'000);
  for (const auto& k : ks) {
    if (before.owner(k) == after.owner(k)) continue;
    RC_ASSERT(after.owner(k) == "10.0.9.9:7000");
    ++moved;
  }
  // The newcomer's fair share is 1/(n+1); never more than twice that moves.
  RC_ASSERT(moved <= 2 * ks.size() / (before.members().size() + 1) + 50);
}

RC_GTEST_PROP(HashRingProperty, OwnerIsAlwaysAMember, (std::string key, uint8_t member_count)) {
  hash_ring ring{members_of(1 + member_count % 16), 8};
  RC_ASSERT(ring.index_of(ring.owner(key)) != hash_ring::npos);
}

}  // namespace
}  // namespace wm::cluster
