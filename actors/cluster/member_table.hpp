#pragma once
// Membership as a pure state machine, one entry per known member address:
//
//   down --begin_connect--> connecting --connected--> up --lost--> down
//                               \--connect_failed--> down (retry after a backoff)
//
// At most one connection attempt per member is in flight (begin_connect refuses a second
// one). Consecutive failures grow the retry delay exponentially up to a cap; a lost
// member is retried after the shortest delay. Members are never forgotten: a down member
// keeps its share of the ring, so its documents fail fast instead of moving.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "messages/cluster.hpp"

namespace wm::cluster {

struct reconnect_backoff {
  std::chrono::milliseconds min{250};
  std::chrono::milliseconds max{5000};

  // min * 2^failures, capped at max (failures >= 1 after a failed attempt).
  std::chrono::milliseconds delay(uint32_t consecutive_failures) const noexcept;
};

class member_table {
 public:
  member_table(std::string self, reconnect_backoff backoff);

  const std::string& self() const noexcept { return self_; }

  // Adds a member in state down; false when it is known already or is this node.
  bool learn(const std::string& address);

  // down -> connecting; false (and no change) in any other state or for unknown members.
  bool begin_connect(const std::string& address);
  // connecting/down -> up; failures reset. False for unknown members.
  bool connected(const std::string& address);
  // connecting -> down with one more failure; the delay before the next attempt.
  std::chrono::milliseconds connect_failed(const std::string& address);
  // up -> down; the delay before the first reconnect attempt (the backoff's minimum).
  std::chrono::milliseconds lost(const std::string& address);

  member_state state(const std::string& address) const;  // self is always up
  uint32_t failures(const std::string& address) const;
  bool knows(const std::string& address) const;

  // Every member including this node, sorted: the ring's input.
  std::vector<std::string> addresses() const;
  size_t up_count() const;  // this node included
  std::vector<member_info> snapshot() const;

 private:
  struct entry {
    member_state state = member_state::down;
    uint32_t failures = 0;
  };
  std::string self_;
  reconnect_backoff backoff_;
  std::map<std::string, entry> peers_;
};

}  // namespace wm::cluster
