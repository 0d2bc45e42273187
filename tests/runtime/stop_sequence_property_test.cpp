// Property tests for the supervisor's stop sequence (pure): a model supervisor whose children
// crash, end, go down when asked, outlive their shutdown time, while restarts and a stop
// request arrive in any order. Checked after every step: one child is stopped at a time;
// nothing starts again while a sibling the restart stopped is still alive; nothing starts once
// quitting; quit comes once, with every child down; and a stop always reaches quit.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "actors/supervision/restart_plan.hpp"
#include "actors/supervision/stop_sequence.hpp"

namespace wm {
namespace {

// The children's real lives, as the model sees them.
struct model {
  std::vector<bool> alive;         // its actor exists (a stopped one until its down arrives)
  std::vector<bool> abandoned;     // killed and given up on: may linger, blocks nothing
  std::set<size_t> restart_stops;  // stopped by the restart under way (since its last start)
  bool quit_requested = false;
  int quits = 0;

  bool blocks(size_t child) const { return alive[child] && !abandoned[child]; }
};

// Carries out every step the sequence has now, checking each against the model.
void drain(stop_sequence& seq, model& m) {
  for (int guard = 0; guard < 100; ++guard) {
    const bool was_awaiting = seq.awaiting().has_value();
    auto step = seq.next();
    switch (step.what) {
      case stop_step::kind::wait:
        return;
      case stop_step::kind::stop:
        RC_ASSERT(!was_awaiting);  // one at a time
        RC_ASSERT(m.alive[step.child]);
        RC_ASSERT(seq.awaiting() == step.child);
        break;
      case stop_step::kind::start:
        RC_ASSERT(!m.quit_requested);
        RC_ASSERT(!seq.awaiting().has_value());
        for (auto c : m.restart_stops) RC_ASSERT(!m.blocks(c));  // its stops are all done
        RC_ASSERT(std::is_sorted(step.children.begin(), step.children.end()));
        for (auto c : step.children) {
          RC_ASSERT(!m.blocks(c));  // never a second incarnation next to a live one
          m.alive[c] = true;
          m.abandoned[c] = false;
          seq.started(c);
        }
        m.restart_stops.clear();
        break;
      case stop_step::kind::quit:
        RC_ASSERT(m.quit_requested);
        RC_ASSERT(++m.quits == 1);
        for (size_t c = 0; c < m.alive.size(); ++c) RC_ASSERT(!m.blocks(c));
        return;
    }
  }
  RC_FAIL("the sequence kept returning steps");
}

void child_exits(stop_sequence& seq, model& m, size_t child, restart_strategy strategy,
                 const std::vector<restart_policy>& policies, bool abnormal) {
  m.alive[child] = false;
  seq.ended(child);
  auto plan = plan_restart(strategy, policies, child, abnormal);
  if (plan.to_start.empty()) return;
  if (!m.quit_requested) m.restart_stops.insert(plan.to_stop.begin(), plan.to_stop.end());
  seq.restart(plan);  // once quitting, the sequence must ignore it
}

RC_GTEST_PROP(stop_sequence_property, stops_one_at_a_time_and_restarts_after_the_stops, ()) {
  const auto n = *rc::gen::inRange<size_t>(1, 7);
  const auto strategy = *rc::gen::element(
      restart_strategy::one_for_one, restart_strategy::one_for_all, restart_strategy::rest_for_one);
  const auto policies = *rc::gen::container<std::vector<restart_policy>>(
      n, rc::gen::element(restart_policy::permanent, restart_policy::transient,
                          restart_policy::temporary));
  stop_sequence seq(n);
  model m{std::vector<bool>(n, true), std::vector<bool>(n, false), {}, false, 0};
  for (size_t c = 0; c < n; ++c) seq.started(c);

  const auto events = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 6));
  for (int event : events) {
    if (m.quits > 0) break;
    std::vector<size_t> running;  // alive and not the one being stopped
    for (size_t c = 0; c < n; ++c)
      if (m.alive[c] && seq.awaiting() != c && seq.running(c)) running.push_back(c);
    switch (event) {
      case 0:  // a running child crashes
      case 1:  // ... or ends normally
        if (running.empty()) continue;
        child_exits(seq, m, running[*rc::gen::inRange<size_t>(0, running.size())], strategy,
                    policies, event == 0);
        break;
      case 2:  // the child being stopped goes down
      case 3:
        if (auto c = seq.awaiting()) {
          m.alive[*c] = false;
          seq.stopped(*c);
        }
        break;
      case 4:  // its shutdown time passes (first: it is killed; then: given up on)
        if (auto c = seq.awaiting(); c && !seq.shutdown_timed_out()) m.abandoned[*c] = true;
        break;
      case 5:  // the supervisor is told to stop
        m.quit_requested = true;
        seq.quit();
        break;
    }
    drain(seq, m);
  }
  // Liveness: from any state, a stop whose children all go down when asked reaches quit.
  m.quit_requested = true;
  seq.quit();
  drain(seq, m);
  for (size_t round = 0; round <= n && m.quits == 0; ++round) {
    if (auto c = seq.awaiting()) {
      m.alive[*c] = false;
      seq.stopped(*c);
    }
    drain(seq, m);
  }
  RC_ASSERT(m.quits == 1);
}

TEST(stop_sequence, quits_after_stopping_every_running_child_last_first) {
  stop_sequence seq(3);
  for (size_t c = 0; c < 3; ++c) seq.started(c);
  seq.quit();
  std::vector<size_t> order;
  for (auto step = seq.next(); step.what == stop_step::kind::stop; step = seq.next()) {
    order.push_back(step.child);
    EXPECT_EQ(seq.next().what, stop_step::kind::wait) << "waits for the child to go down";
    seq.stopped(step.child);
  }
  EXPECT_EQ(order, (std::vector<size_t>{2, 1, 0}));
}

TEST(stop_sequence, a_child_that_outlives_its_kill_is_given_up_on) {
  stop_sequence seq(2);
  seq.started(0);
  seq.started(1);
  seq.quit();
  ASSERT_EQ(seq.next().child, 1u);
  EXPECT_TRUE(seq.shutdown_timed_out()) << "first: kill it";
  EXPECT_EQ(seq.next().what, stop_step::kind::wait) << "and wait for it again";
  EXPECT_FALSE(seq.shutdown_timed_out()) << "then: give up";
  auto step = seq.next();
  EXPECT_EQ(step.what, stop_step::kind::stop);
  EXPECT_EQ(step.child, 0u);
}

TEST(stop_sequence, a_restart_starts_the_failed_child_and_stopped_siblings_in_start_order) {
  stop_sequence seq(3);
  for (size_t c = 0; c < 3; ++c) seq.started(c);
  seq.ended(1);
  seq.restart(plan_restart(restart_strategy::one_for_all,
                           std::vector<restart_policy>(3, restart_policy::permanent), 1, true));
  EXPECT_EQ(seq.next().child, 2u);
  seq.stopped(2);
  EXPECT_EQ(seq.next().child, 0u);
  seq.stopped(0);
  auto step = seq.next();
  EXPECT_EQ(step.what, stop_step::kind::start);
  EXPECT_EQ(step.children, (std::vector<size_t>{0, 1, 2}));
}

}  // namespace
}  // namespace wm
