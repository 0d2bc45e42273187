// The store's group-commit window, driven without the actor: unit cases for each rule and
// a rapidcheck model of the store's mailbox (writes, mailbox probes and its own flushes in
// FIFO order, the gather timer aside) under random interleavings.
#include "actors/store/group_commit.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

namespace wm::store {
namespace {

using namespace std::chrono_literals;
using clock = group_commit::clock;

constexpr clock::time_point t0 = clock::time_point{} + 1h;

TEST(GroupCommit, ALoneWriteCommitsAtItsFlush) {
  group_commit w(64, 2ms);
  EXPECT_EQ(w.staged(t0, 0), group_step::flush_soon);
  EXPECT_EQ(w.flushed(t0, 0), group_step::commit);
}

TEST(GroupCommit, OneFlushAtATime) {
  group_commit w(64, 2ms);
  EXPECT_EQ(w.staged(t0, 2), group_step::flush_soon);
  EXPECT_EQ(w.staged(t0, 1), group_step::wait);
  EXPECT_EQ(w.request_flush(), group_step::wait);
  EXPECT_EQ(w.staged(t0, 0), group_step::wait);
  EXPECT_EQ(w.flushed(t0, 0), group_step::commit);
  EXPECT_EQ(w.staged_count(), 3u);
}

TEST(GroupCommit, AFullGroupCommitsAtOnce) {
  group_commit w(3, 2ms);
  w.staged(t0, 5);
  w.staged(t0, 4);
  EXPECT_EQ(w.staged(t0, 3), group_step::commit);
}

TEST(GroupCommit, AGroupSmallerThanTheLastWaitsForTheRestThenCommitsOnItsLastArrival) {
  group_commit w(64, 2ms);
  w.committed(3, 0);
  EXPECT_EQ(w.expected(), 3u);
  EXPECT_EQ(w.staged(t0, 0), group_step::flush_soon);
  EXPECT_EQ(w.flushed(t0, 0), group_step::flush_at_deadline);
  EXPECT_EQ(w.deadline(), t0 + 2ms);
  EXPECT_EQ(w.staged(t0, 0), group_step::wait);
  EXPECT_EQ(w.staged(t0, 0), group_step::commit);
}

TEST(GroupCommit, TheGatherTimerCommitsWhatCameAtTheDeadline) {
  group_commit w(64, 2ms);
  w.committed(3, 0);
  w.staged(t0, 0);
  EXPECT_EQ(w.flushed(t0, 0), group_step::flush_at_deadline);
  EXPECT_EQ(w.flushed(t0 + 2ms, 0), group_step::commit);
}

TEST(GroupCommit, WritesQueuedAtACommitRaiseTheNextGroupAndOtherMessagesLowerItAgain) {
  group_commit w(64, 2ms);
  w.committed(1, 3);
  EXPECT_EQ(w.expected(), 4u);
  w.other_message();  // a probe, not a write
  EXPECT_EQ(w.expected(), 3u);
  w.staged(t0, 1);  // a counted write keeps its place
  EXPECT_EQ(w.expected(), 3u);
  w.not_a_write();  // a read
  EXPECT_EQ(w.expected(), 2u);
  w.other_message();  // past the counted ones: no effect
  EXPECT_EQ(w.expected(), 2u);
}

// The defect this type was cut out for: with a probe queued behind every flush, each
// flush saw a non-empty mailbox and sent another, until max_delay.
TEST(GroupCommit, AFlushRoundThatStagedNothingDoesNotGatherAgain) {
  group_commit w(64, 1h);
  EXPECT_EQ(w.staged(t0, 1), group_step::flush_soon);
  EXPECT_EQ(w.flushed(t0, 1), group_step::flush_soon);  // the round brought the write
  w.other_message();
  EXPECT_EQ(w.flushed(t0, 1), group_step::commit);  // this one brought only a probe
}

TEST(GroupCommit, AFlushWithNothingStagedIsTheIdleTurn) {
  group_commit w(64, 2ms);
  EXPECT_EQ(w.flushed(t0, 0), group_step::idle);
  EXPECT_EQ(w.request_flush(), group_step::flush_soon);
}

// --- the model -------------------------------------------------------------------------

enum class kind { write, probe, flush };

struct message {
  kind what;
  std::size_t writer = 0;  // of a write
};

// One run: closed-loop writers (each sends its next write some steps after its ack),
// probers that keep a number of mailbox probes in flight (each re-sent some steps after
// its answer), and the store handling one message per step.
struct scenario {
  std::size_t writers = 1;
  std::size_t writes_each = 10;
  std::size_t probes_in_flight = 0;
  std::size_t max_batch = 64;
  std::vector<std::size_t> think;      // steps before a writer's next write (cycled)
  std::vector<std::size_t> probe_gap;  // steps before a probe is sent again (cycled)
};

struct outcome {
  std::size_t acked = 0;
  std::size_t timer_fires = 0;  // times everything waited on the gather timer
  std::size_t largest_batch = 0;
  std::size_t longest_wait = 0;  // steps from a write's staging to its ack
  bool finished = false;
};

outcome run(const scenario& s) {
  constexpr std::size_t max_steps = 200'000;
  const auto max_delay = 1h;  // long: a wait on the timer shows as a timer fire
  group_commit w(s.max_batch, max_delay);
  std::deque<message> mailbox;
  std::optional<clock::time_point> timer;
  struct writer {
    std::size_t left;
    std::optional<std::size_t> sends_in;  // steps until its next write; none: waiting
    std::size_t staged_at = 0;
  };
  std::vector<writer> writers(s.writers, writer{s.writes_each, 0});
  std::vector<std::size_t> staged;     // writer of each staged write
  std::deque<std::size_t> probes_due;  // steps until each idle probe is sent again
  for (std::size_t i = 0; i < s.probes_in_flight; ++i) mailbox.push_back({kind::probe});
  std::size_t think_i = 0, gap_i = 0;
  auto next = [](const std::vector<std::size_t>& v, std::size_t& i) {
    return v.empty() ? std::size_t{0} : v[i++ % v.size()];
  };
  outcome out;
  auto now = t0;
  const std::size_t total = s.writers * s.writes_each;

  auto carry_out = [&](group_step step, std::size_t at) {
    switch (step) {
      case group_step::wait:
      case group_step::idle:
        return;
      case group_step::flush_soon:
        mailbox.push_back({kind::flush});
        return;
      case group_step::flush_at_deadline:
        timer = w.deadline();
        return;
      case group_step::commit: {
        out.largest_batch = std::max(out.largest_batch, staged.size());
        w.committed(staged.size(), mailbox.size());
        for (auto id : staged) {
          ++out.acked;
          out.longest_wait = std::max(out.longest_wait, at - writers[id].staged_at);
          if (--writers[id].left > 0) writers[id].sends_in = next(s.think, think_i);
        }
        staged.clear();
        return;
      }
    }
  };

  for (std::size_t step = 0; step < max_steps && out.acked < total; ++step) {
    now += 1us;
    for (std::size_t id = 0; id < writers.size(); ++id) {
      auto& sends_in = writers[id].sends_in;
      if (!sends_in) continue;
      if (*sends_in == 0) {
        sends_in.reset();
        mailbox.push_back({kind::write, id});
      } else {
        --*sends_in;
      }
    }
    for (auto& due : probes_due) due = due == 0 ? 0 : due - 1;
    while (!probes_due.empty() && probes_due.front() == 0) {
      probes_due.pop_front();
      mailbox.push_back({kind::probe});
    }
    bool writer_coming = std::any_of(writers.begin(), writers.end(),
                                     [](const writer& wr) { return wr.sends_in.has_value(); }) ||
                         std::any_of(mailbox.begin(), mailbox.end(),
                                     [](const message& m) { return m.what == kind::write; });
    if (timer && !writer_coming) {
      // Only probes and flushes can come: the gather timer is all that ends this wait.
      ++out.timer_fires;
      now = std::max(now, *timer);
      timer.reset();
      mailbox.push_back({kind::flush});
    }
    if (mailbox.empty()) {
      if (!probes_due.empty() || writer_coming) continue;
      break;  // stuck: nothing queued, nothing coming, no timer
    }
    auto msg = mailbox.front();
    mailbox.pop_front();
    switch (msg.what) {
      case kind::write:
        writers[msg.writer].staged_at = step;
        staged.push_back(msg.writer);
        carry_out(w.staged(now, mailbox.size()), step);
        break;
      case kind::probe:
        probes_due.push_back(next(s.probe_gap, gap_i));
        carry_out(w.other_message(), step);
        break;
      case kind::flush:
        if (timer && now >= *timer) timer.reset();
        carry_out(w.flushed(now, mailbox.size()), step);
        break;
    }
  }
  out.finished = out.acked == total;
  return out;
}

rc::Gen<std::vector<std::size_t>> small_gaps() {
  return rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 4));
}

RC_GTEST_PROP(GroupCommitModel, ALoneWriterNeverWaitsOnTheTimerWhateverElseIsQueued, ()) {
  scenario s;
  s.writers = 1;
  s.writes_each = *rc::gen::inRange<std::size_t>(1, 40);
  s.probes_in_flight = *rc::gen::inRange<std::size_t>(0, 9);
  s.think = *small_gaps();
  s.probe_gap = *small_gaps();
  auto out = run(s);
  RC_ASSERT(out.finished);
  RC_ASSERT(out.timer_fires == 0u);
  RC_ASSERT(out.largest_batch == 1u);
  // Staged to acked within a few passes over what can be queued (probes and one flush).
  RC_ASSERT(out.longest_wait <= 4 * (s.probes_in_flight + 2));
}

RC_GTEST_PROP(GroupCommitModel, EveryWriteIsAckedAndNoGroupOutgrowsTheBatch, ()) {
  scenario s;
  s.writers = *rc::gen::inRange<std::size_t>(1, 12);
  s.writes_each = *rc::gen::inRange<std::size_t>(1, 20);
  s.probes_in_flight = *rc::gen::inRange<std::size_t>(0, 5);
  s.max_batch = *rc::gen::inRange<std::size_t>(1, 8);
  s.think = *small_gaps();
  s.probe_gap = *small_gaps();
  auto out = run(s);
  RC_ASSERT(out.finished);
  RC_ASSERT(out.largest_batch <= s.max_batch);
  // The timer only ends a wait for writers that do not come back: each fire commits at
  // least one write, and writers that all return at once never need it.
  RC_ASSERT(out.timer_fires <= s.writers * s.writes_each);
  if (s.think.empty() && s.probes_in_flight == 0) RC_ASSERT(out.timer_fires <= s.writers);
}

}  // namespace
}  // namespace wm::store
