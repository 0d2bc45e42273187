#include "actors/resilience/sliding_window.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace wm::resilience {
namespace {

using namespace std::chrono_literals;

TEST(SlidingWindow, CountBasedKeepsTheLastNCalls) {
  testing::fake_clock clock;
  sliding_window w(window_kind::count_based, 3);
  w.record(true, false, clock.now);
  w.record(false, true, clock.now);
  w.record(false, false, clock.now);
  auto t = w.totals(clock.now);
  EXPECT_EQ(t.calls, 3u);
  EXPECT_EQ(t.failures, 1u);
  EXPECT_EQ(t.slow_calls, 1u);
  w.record(false, false, clock.now);  // pushes out the failure
  t = w.totals(clock.now);
  EXPECT_EQ(t.calls, 3u);
  EXPECT_EQ(t.failures, 0u);
  EXPECT_EQ(t.slow_calls, 1u);
  w.record(false, false, clock.now);  // pushes out the slow call
  EXPECT_EQ(w.totals(clock.now).slow_calls, 0u);
  clock.advance(1h);  // time does not matter for a count window
  EXPECT_EQ(w.totals(clock.now).calls, 3u);
}

TEST(SlidingWindow, TimeBasedDropsCallsOlderThanTheWindow) {
  testing::fake_clock clock;
  sliding_window w(window_kind::time_based, 10);
  w.record(true, false, clock.now);
  w.record(true, true, clock.now);
  clock.advance(5s);
  w.record(false, false, clock.now);
  EXPECT_EQ(w.totals(clock.now).calls, 3u);
  clock.advance(4s);  // 9 s after the first two: still inside
  EXPECT_EQ(w.totals(clock.now).failures, 2u);
  clock.advance(1s);  // 10 s: the first second falls out
  auto t = w.totals(clock.now);
  EXPECT_EQ(t.calls, 1u);
  EXPECT_EQ(t.failures, 0u);
  EXPECT_EQ(t.slow_calls, 0u);
  w.record(true, false, clock.now);  // record() evicts the same way totals() reads
  t = w.totals(clock.now);
  EXPECT_EQ(t.calls, 2u);
  EXPECT_EQ(t.failures, 1u);
  clock.advance(1h);
  EXPECT_EQ(w.totals(clock.now).calls, 0u);
  w.record(false, false, clock.now);
  EXPECT_EQ(w.totals(clock.now).calls, 1u);
}

TEST(SlidingWindow, ClockSteppingBackKeepsRecordingIntoTheNewestSecond) {
  testing::fake_clock clock;
  sliding_window w(window_kind::time_based, 2);
  w.record(false, false, clock.now);
  w.record(true, false, clock.now - 30s);
  EXPECT_EQ(w.totals(clock.now).calls, 2u);
  EXPECT_EQ(w.totals(clock.now).failures, 1u);
}

TEST(SlidingWindow, ClearForgetsEverything) {
  testing::fake_clock clock;
  for (auto kind : {window_kind::count_based, window_kind::time_based}) {
    sliding_window w(kind, 5);
    w.record(true, true, clock.now);
    w.clear();
    const auto t = w.totals(clock.now);
    EXPECT_EQ(t.calls, 0u);
    EXPECT_EQ(t.failures, 0u);
    EXPECT_EQ(t.slow_calls, 0u);
  }
}

TEST(SlidingWindow, ZeroSizeIsTreatedAsOne) {
  testing::fake_clock clock;
  sliding_window w(window_kind::count_based, 0);
  EXPECT_EQ(w.size(), 1u);
  w.record(true, false, clock.now);
  w.record(false, false, clock.now);
  EXPECT_EQ(w.totals(clock.now).calls, 1u);
  EXPECT_EQ(w.totals(clock.now).failures, 0u);
}

}  // namespace
}  // namespace wm::resilience
