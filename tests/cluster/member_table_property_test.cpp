// The membership state machine, checked against a model over random event sequences:
// legal transitions only, one connection attempt in flight per member, backoff within
// bounds and growing with consecutive failures, this node always up.
#include "actors/cluster/member_table.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>

namespace wm::cluster {
namespace {

using namespace std::chrono_literals;

enum class event : uint8_t { learn, begin_connect, connected, connect_failed, lost };

struct step {
  event what;
  uint8_t member;  // 0 is this node
};

std::string name_of(uint8_t m) {
  return "127.0.0.1:" + std::to_string(7000 + m % 5);
}

struct model_entry {
  member_state state = member_state::down;
  uint32_t failures = 0;
};

TEST(ReconnectBackoff, DoublesUpToTheCap) {
  reconnect_backoff b{100ms, 1000ms};
  EXPECT_EQ(b.delay(0), 100ms);
  EXPECT_EQ(b.delay(1), 100ms);
  EXPECT_EQ(b.delay(2), 200ms);
  EXPECT_EQ(b.delay(3), 400ms);
  EXPECT_EQ(b.delay(4), 800ms);
  EXPECT_EQ(b.delay(5), 1000ms);
  EXPECT_EQ(b.delay(4'000'000'000u), 1000ms);
}

TEST(MemberTable, SelfIsAlwaysUpAndNeverLearned) {
  member_table t{"127.0.0.1:7000", {}};
  EXPECT_FALSE(t.learn("127.0.0.1:7000"));
  EXPECT_EQ(t.state("127.0.0.1:7000"), member_state::up);
  EXPECT_FALSE(t.begin_connect("127.0.0.1:7000"));
  EXPECT_EQ(t.addresses(), std::vector<std::string>{"127.0.0.1:7000"});
  EXPECT_EQ(t.up_count(), 1u);
}

TEST(MemberTable, LostMemberIsRetriedSoonAndKeepsItsPlace) {
  member_table t{"a:1", {50ms, 800ms}};
  ASSERT_TRUE(t.learn("b:1"));
  ASSERT_TRUE(t.begin_connect("b:1"));
  EXPECT_FALSE(t.begin_connect("b:1"));  // one attempt in flight
  ASSERT_TRUE(t.connected("b:1"));
  EXPECT_EQ(t.up_count(), 2u);
  EXPECT_EQ(t.lost("b:1"), 50ms);
  EXPECT_EQ(t.state("b:1"), member_state::down);
  EXPECT_EQ(t.addresses(), (std::vector<std::string>{"a:1", "b:1"}));
}

RC_GTEST_PROP(MemberTableProperty, FollowsTheModel, ()) {
  const reconnect_backoff backoff{10ms, 640ms};
  member_table table{name_of(0), backoff};
  std::map<std::string, model_entry> model;
  const auto steps = *rc::gen::container<std::vector<step>>(rc::gen::construct<step>(
      rc::gen::element(event::learn, event::begin_connect, event::connected, event::connect_failed,
                       event::lost),
      rc::gen::inRange<uint8_t>(0, 5)));
  for (const auto& s : steps) {
    const auto m = name_of(s.member);
    const bool self = s.member == 0;
    auto it = model.find(m);
    const bool known = it != model.end();
    switch (s.what) {
      case event::learn:
        RC_ASSERT(table.learn(m) == (!self && !known));
        if (!self && !known) model[m] = {};
        break;
      case event::begin_connect: {
        const bool allowed = known && it->second.state == member_state::down;
        RC_ASSERT(table.begin_connect(m) == allowed);
        if (allowed) it->second.state = member_state::connecting;
        break;
      }
      case event::connected:
        RC_ASSERT(table.connected(m) == known);
        if (known) it->second = {member_state::up, 0};
        break;
      case event::connect_failed: {
        auto delay = table.connect_failed(m);
        RC_ASSERT(delay >= backoff.min);
        RC_ASSERT(delay <= backoff.max);
        if (known && it->second.state == member_state::connecting) {
          it->second.state = member_state::down;
          ++it->second.failures;
          RC_ASSERT(delay == backoff.delay(it->second.failures));
        }
        break;
      }
      case event::lost: {
        RC_ASSERT(table.lost(m) == backoff.min);
        if (known && it->second.state == member_state::up) it->second = {};
        break;
      }
    }
    // Whole-table invariants after every step.
    size_t up = 1;
    for (const auto& [address, e] : model) {
      RC_ASSERT(table.state(address) == e.state);
      RC_ASSERT(table.failures(address) == e.failures);
      if (e.state == member_state::up) ++up;
    }
    RC_ASSERT(table.state(name_of(0)) == member_state::up);
    RC_ASSERT(table.up_count() == up);
    RC_ASSERT(table.addresses().size() == model.size() + 1);
  }
}

}  // namespace
}  // namespace wm::cluster
