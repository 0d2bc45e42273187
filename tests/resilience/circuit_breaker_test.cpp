#include "actors/resilience/circuit_breaker.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

#include "test_support.hpp"

namespace wm::resilience {
namespace {

using namespace std::chrono_literals;
using transition = std::tuple<breaker_state, breaker_state, transition_reason>;

constexpr auto kFast = 10ms;

// A breaker on a fake clock that records every transition.
struct harness {
  explicit harness(circuit_breaker_config config) : breaker(config, clock.now) {
    breaker.set_listener([this](breaker_state from, breaker_state to, transition_reason why) {
      events.emplace_back(from, to, why);
    });
  }
  void succeed(std::chrono::milliseconds took = kFast) { breaker.on_success(took, clock.now); }
  void fail(std::chrono::milliseconds took = kFast) { breaker.on_failure(took, clock.now); }
  bool acquire() { return breaker.try_acquire(clock.now); }
  circuit_breaker_stats stats() const { return breaker.stats(clock.now); }

  testing::fake_clock clock;
  circuit_breaker breaker;
  std::vector<transition> events;
};

circuit_breaker_config count_config(uint32_t size, uint32_t minimum, double rate = 50.0) {
  circuit_breaker_config c;
  c.window = window_kind::count_based;
  c.window_size = size;
  c.minimum_calls = minimum;
  c.failure_rate_threshold = rate;
  c.slow_call_duration = 1s;
  c.slow_call_rate_threshold = 100.0;
  c.open_duration = 30s;
  c.permitted_half_open_calls = 3;
  return c;
}

// Opens a breaker configured with count_config(4, 4) by four failures.
void open_it(harness& h) {
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(h.acquire());
    h.fail();
  }
  ASSERT_EQ(h.breaker.state(), breaker_state::open);
}

TEST(CircuitBreaker, StartsClosedAndPermitsCalls) {
  harness h(count_config(10, 10));
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(h.acquire());
  EXPECT_TRUE(h.events.empty());
}

TEST(CircuitBreaker, OpensWhenTheFailureRateReachesTheThresholdInACountWindow) {
  harness h(count_config(10, 10));
  for (int i = 0; i < 5; ++i) h.succeed();
  for (int i = 0; i < 4; ++i) h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);  // 9 calls: below minimum
  auto s = h.stats();
  EXPECT_EQ(s.calls, 9u);
  EXPECT_EQ(s.failures, 4u);
  EXPECT_NEAR(s.failure_rate, 400.0 / 9.0, 1e-9);
  h.fail();  // 5 of 10 = 50%
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  ASSERT_EQ(h.events.size(), 1u);
  EXPECT_EQ(h.events[0], transition(breaker_state::closed, breaker_state::open,
                                    transition_reason::failure_rate));
  s = h.stats();
  ASSERT_TRUE(s.last_open);
  EXPECT_EQ(s.last_open->calls, 10u);
  EXPECT_EQ(s.last_open->failures, 5u);
  EXPECT_EQ(s.last_open->judged_over, 10u);
  EXPECT_EQ(s.last_open->from, breaker_state::closed);
  EXPECT_DOUBLE_EQ(s.failure_rate, 50.0);
}

TEST(CircuitBreaker, StaysClosedBelowTheThreshold) {
  harness h(count_config(10, 10));
  for (int i = 0; i < 100; ++i) (i % 3 == 0) ? h.fail() : h.succeed();  // 33-40%
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
}

TEST(CircuitBreaker, MinimumCallsHoldsBackEvenATotalFailure) {
  harness h(count_config(20, 10));
  for (int i = 0; i < 9; ++i) h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  EXPECT_DOUBLE_EQ(h.stats().failure_rate, 100.0);
  h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
}

TEST(CircuitBreaker, MinimumAboveACountWindowIsCappedAtTheWindow) {
  harness h(count_config(4, 50));
  EXPECT_EQ(h.breaker.config().minimum_calls, 4u);
  for (int i = 0; i < 4; ++i) h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
}

TEST(CircuitBreaker, CountWindowForgetsOldFailures) {
  harness h(count_config(4, 4));
  h.fail();
  h.succeed();
  h.succeed();
  h.succeed();  // F S S S: 25%
  h.succeed();  // S S S S
  h.fail();     // S S S F: 25%
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  h.fail();  // S S F F: 50%
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
}

TEST(CircuitBreaker, TimeWindowCountsOnlyRecentCalls) {
  circuit_breaker_config c = count_config(10, 4);
  c.window = window_kind::time_based;  // 10 seconds
  {
    harness h(c);
    h.fail();
    h.fail();
    h.clock.advance(9500ms);
    h.fail();
    h.succeed();  // 4 calls in 10 s, 3 failed
    EXPECT_EQ(h.breaker.state(), breaker_state::open);
    EXPECT_EQ(std::get<2>(h.events.at(0)), transition_reason::failure_rate);
  }
  {
    harness h(c);
    h.fail();
    h.fail();
    h.clock.advance(10500ms);  // the first two are gone
    h.fail();
    h.succeed();
    EXPECT_EQ(h.breaker.state(), breaker_state::closed);
    EXPECT_EQ(h.stats().calls, 2u);
    h.fail();
    h.fail();  // 4 calls, 3 failed
    EXPECT_EQ(h.breaker.state(), breaker_state::open);
  }
}

TEST(CircuitBreaker, StatsOfATimeWindowAgeWithoutNewCalls) {
  circuit_breaker_config c = count_config(10, 100);
  c.window = window_kind::time_based;
  harness h(c);
  h.fail();
  h.succeed();
  EXPECT_EQ(h.stats().calls, 2u);
  h.clock.advance(11s);
  const auto s = h.stats();
  EXPECT_EQ(s.calls, 0u);
  EXPECT_DOUBLE_EQ(s.failure_rate, 0.0);
  EXPECT_EQ(s.time_in_state, 11s);
}

TEST(CircuitBreaker, OpensOnTheSlowCallRate) {
  circuit_breaker_config c = count_config(4, 4);
  c.slow_call_rate_threshold = 50.0;
  harness h(c);
  h.succeed(1000ms);  // exactly the threshold is not slow
  h.succeed(500ms);
  h.succeed(1001ms);
  EXPECT_EQ(h.stats().slow_calls, 1u);
  h.succeed(5s);  // 2 of 4 slow
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(std::get<2>(h.events.at(0)), transition_reason::slow_call_rate);
  EXPECT_EQ(h.stats().last_open->slow_calls, 2u);
}

TEST(CircuitBreaker, SlowFailuresCountAsBothFailedAndSlow) {
  circuit_breaker_config c = count_config(10, 100);
  harness h(c);
  h.fail(2s);
  const auto s = h.stats();
  EXPECT_EQ(s.failures, 1u);
  EXPECT_EQ(s.slow_calls, 1u);
  EXPECT_DOUBLE_EQ(s.slow_call_rate, 100.0);
}

TEST(CircuitBreaker, OpenRefusesCallsUntilTheOpenDurationPasses) {
  harness h(count_config(4, 4));
  open_it(h);
  EXPECT_FALSE(h.acquire());
  EXPECT_EQ(h.breaker.open_remaining(h.clock.now), 30s);
  h.clock.advance(29999ms);
  EXPECT_FALSE(h.acquire());
  EXPECT_EQ(h.breaker.open_remaining(h.clock.now), 1ms);
  EXPECT_EQ(h.stats().not_permitted, 2u);
  EXPECT_EQ(h.breaker.state(), breaker_state::open);  // no automatic transition
  h.clock.advance(1ms);
  EXPECT_TRUE(h.acquire());  // becomes half-open and this is the first probe
  EXPECT_EQ(h.breaker.state(), breaker_state::half_open);
  EXPECT_EQ(h.breaker.open_remaining(h.clock.now), 0s);
  EXPECT_EQ(h.events.back(), transition(breaker_state::open, breaker_state::half_open,
                                        transition_reason::open_duration_elapsed));
}

TEST(CircuitBreaker, HalfOpenPermitsOnlyNProbes) {
  harness h(count_config(4, 4));
  open_it(h);
  h.clock.advance(30s);
  EXPECT_TRUE(h.acquire());
  EXPECT_TRUE(h.acquire());
  EXPECT_TRUE(h.acquire());
  EXPECT_FALSE(h.acquire());
  EXPECT_FALSE(h.acquire());
  EXPECT_EQ(h.stats().half_open_in_flight, 3u);
  // A finished probe does not free a slot: N probes per episode, not N at a time.
  h.succeed();
  EXPECT_FALSE(h.acquire());
  // An ignored probe (e.g. a 400) gives its permit back.
  h.breaker.on_ignored();
  EXPECT_EQ(h.stats().half_open_in_flight, 1u);
  EXPECT_TRUE(h.acquire());
  EXPECT_FALSE(h.acquire());
}

TEST(CircuitBreaker, AllProbesSucceedingClosesWithAFreshWindow) {
  harness h(count_config(4, 4));
  open_it(h);
  h.clock.advance(30s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  h.succeed();
  h.succeed();
  EXPECT_EQ(h.breaker.state(), breaker_state::half_open);
  EXPECT_EQ(h.stats().calls, 2u);
  h.succeed();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  EXPECT_EQ(h.events.back(), transition(breaker_state::half_open, breaker_state::closed,
                                        transition_reason::probes_passed));
  const auto s = h.stats();
  EXPECT_EQ(s.calls, 0u);
  EXPECT_EQ(s.failures, 0u);
  // The old failures are gone: it takes a whole new window to open again.
  h.fail();
  h.fail();
  h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
}

TEST(CircuitBreaker, HalfOpenClosesWhenTheProbeFailureRateStaysBelowTheThreshold) {
  harness h(count_config(4, 4));  // 50%, 3 probes, not strict
  open_it(h);
  h.clock.advance(30s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  h.fail();  // 1 of 3 = 33%
  EXPECT_EQ(h.breaker.state(), breaker_state::half_open);
  h.succeed();
  h.succeed();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
}

TEST(CircuitBreaker, HalfOpenReopensAsSoonAsTheBreachIsCertain) {
  harness h(count_config(4, 4));
  open_it(h);
  h.clock.advance(30s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  h.fail();
  h.fail();  // 2 of 3 >= 50% whatever the third does
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(h.events.back(), transition(breaker_state::half_open, breaker_state::open,
                                        transition_reason::failure_rate));
  const auto cause = h.stats().last_open;
  ASSERT_TRUE(cause);
  EXPECT_EQ(cause->from, breaker_state::half_open);
  EXPECT_EQ(cause->judged_over, 3u);
  // The third probe's late result is only counted as ignored.
  const auto ignored = h.stats().ignored;
  h.succeed();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(h.stats().ignored, ignored + 1);
  // And a new open period starts from the re-open.
  EXPECT_FALSE(h.acquire());
  h.clock.advance(30s);
  EXPECT_TRUE(h.acquire());
}

TEST(CircuitBreaker, StrictHalfOpenReopensOnTheFirstFailedProbe) {
  circuit_breaker_config c = count_config(4, 4);
  c.strict_half_open = true;
  harness h(c);
  open_it(h);
  h.clock.advance(30s);
  ASSERT_TRUE(h.acquire());
  ASSERT_TRUE(h.acquire());
  h.succeed();
  h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(std::get<2>(h.events.back()), transition_reason::probe_failed);
}

TEST(CircuitBreaker, SlowProbesReopen) {
  circuit_breaker_config c = count_config(4, 4);
  c.slow_call_rate_threshold = 60.0;
  harness h(c);
  open_it(h);
  h.clock.advance(30s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  h.succeed(2s);
  EXPECT_EQ(h.breaker.state(), breaker_state::half_open);  // 1 of 3 = 33%
  h.succeed(2s);                                           // 2 of 3 = 67%
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(std::get<2>(h.events.back()), transition_reason::slow_call_rate);
}

TEST(CircuitBreaker, LostProbesTimeOutBackToOpen) {
  circuit_breaker_config c = count_config(4, 4);
  c.max_half_open_duration = 10s;
  harness h(c);
  open_it(h);
  h.clock.advance(30s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  h.clock.advance(9s);
  EXPECT_FALSE(h.acquire());  // out of permits, not yet timed out
  EXPECT_EQ(h.breaker.state(), breaker_state::half_open);
  h.clock.advance(1s);
  EXPECT_FALSE(h.acquire());
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(std::get<2>(h.events.back()), transition_reason::half_open_timeout);
  EXPECT_EQ(h.stats().last_open->half_open_age, 10s);
}

TEST(CircuitBreaker, ConsecutiveFailuresModeOpensAfterNInARow) {
  circuit_breaker_config c = count_config(100, 100);
  c.consecutive_failures = 3;
  harness h(c);
  h.fail();
  h.fail();
  h.succeed();  // resets the run
  h.fail();
  h.fail();
  EXPECT_EQ(h.stats().consecutive_failures, 2u);
  h.breaker.on_ignored();  // ignored calls neither break nor extend the run
  EXPECT_EQ(h.stats().consecutive_failures, 2u);
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(std::get<2>(h.events.back()), transition_reason::consecutive_failures);
  EXPECT_EQ(h.stats().last_open->consecutive_failures, 3u);
}

TEST(CircuitBreaker, ConsecutiveModeOffNeverOpensBelowMinimumCalls) {
  harness h(count_config(100, 100));
  for (int i = 0; i < 99; ++i) h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
}

TEST(CircuitBreaker, IgnoredCallsDoNotCountInTheWindow) {
  harness h(count_config(4, 4));
  for (int i = 0; i < 10; ++i) h.breaker.on_ignored();
  const auto s = h.stats();
  EXPECT_EQ(s.calls, 0u);
  EXPECT_EQ(s.ignored, 10u);
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
}

TEST(CircuitBreaker, LateResultsWhileOpenAreIgnored) {
  harness h(count_config(4, 4));
  open_it(h);
  h.succeed();
  h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(h.stats().ignored, 2u);
  EXPECT_EQ(h.stats().calls, 4u);  // still the numbers that opened it
}

TEST(CircuitBreaker, ResultsInHalfOpenWithoutAProbeOutAreIgnored) {
  harness h(count_config(4, 4));
  open_it(h);
  h.clock.advance(30s);
  ASSERT_TRUE(h.acquire());
  h.succeed();
  h.succeed();  // no second probe was handed out
  EXPECT_EQ(h.stats().calls, 1u);
  EXPECT_EQ(h.stats().ignored, 1u);
}

TEST(CircuitBreaker, OnOutcomeClassifiesErrors) {
  circuit_breaker_config c = count_config(100, 100);
  c.consecutive_failures = 4;
  harness h(c);
  h.breaker.on_outcome(errc::timeout, kFast, h.clock.now);
  h.breaker.on_outcome(errc::unavailable, kFast, h.clock.now);
  h.breaker.on_outcome(errc::invalid_input, kFast, h.clock.now);  // ignored
  h.breaker.on_outcome(errc::unauthorized, kFast, h.clock.now);   // ignored
  h.breaker.on_outcome(errc::provider_error, kFast, h.clock.now);
  EXPECT_EQ(h.stats().calls, 3u);
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  h.breaker.on_outcome(errc::rate_limited, kFast, h.clock.now);
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  h.clock.advance(30s);
  ASSERT_TRUE(h.acquire());
  h.breaker.on_outcome(std::nullopt, kFast, h.clock.now);
  EXPECT_EQ(h.stats().calls, 1u);
  EXPECT_EQ(h.stats().failures, 0u);
}

TEST(CallClassification, OnlyProviderSideErrorsAreFailures) {
  EXPECT_EQ(classify(std::nullopt), call_outcome::success);
  for (errc e : all_errcs) {
    const bool provider_fault = e == errc::timeout || e == errc::unavailable ||
                                e == errc::provider_error || e == errc::rate_limited;
    EXPECT_EQ(classify(e), provider_fault ? call_outcome::failure : call_outcome::ignored)
        << to_string(e);
  }
}

TEST(CircuitBreaker, ListenerSeesTheWholeCycle) {
  harness h(count_config(4, 4));
  open_it(h);
  h.clock.advance(30s);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  for (int i = 0; i < 3; ++i) h.succeed();
  h.breaker.reset(h.clock.now);
  const std::vector<transition> expected{
      {breaker_state::closed, breaker_state::open, transition_reason::failure_rate},
      {breaker_state::open, breaker_state::half_open, transition_reason::open_duration_elapsed},
      {breaker_state::half_open, breaker_state::closed, transition_reason::probes_passed},
      {breaker_state::closed, breaker_state::closed, transition_reason::reset},
  };
  EXPECT_EQ(h.events, expected);
  EXPECT_EQ(h.stats().transitions, 4u);
  EXPECT_EQ(h.breaker.transitions(), 4u);
}

TEST(CircuitBreaker, ListenerCanReadTheNewState) {
  harness h(count_config(4, 4));
  std::vector<breaker_state> seen;
  h.breaker.set_listener([&](breaker_state, breaker_state to, transition_reason) {
    seen.push_back(h.breaker.state());
    EXPECT_EQ(h.breaker.state(), to);
    EXPECT_EQ(h.breaker.stats(h.clock.now).time_in_state, 0s);
  });
  open_it(h);
  EXPECT_EQ(seen, std::vector<breaker_state>{breaker_state::open});
}

TEST(CircuitBreaker, ResetFromOpenClosesWithAFreshWindow) {
  harness h(count_config(4, 4));
  open_it(h);
  h.breaker.reset(h.clock.now);
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  EXPECT_TRUE(h.acquire());
  EXPECT_EQ(h.stats().calls, 0u);
}

TEST(CircuitBreaker, TimeInStateFollowsTheClock) {
  harness h(count_config(4, 4));
  h.clock.advance(5s);
  EXPECT_EQ(h.stats().time_in_state, 5s);
  open_it(h);
  EXPECT_EQ(h.stats().time_in_state, 0s);
  h.clock.advance(7s);
  EXPECT_EQ(h.stats().time_in_state, 7s);
  EXPECT_EQ(to_string(h.stats().state), "open");
}

TEST(CircuitBreakerConfig, DefaultsAreTheBriefPreset) {
  const auto c = circuit_breaker_config::defaults();
  EXPECT_EQ(c.window, window_kind::time_based);
  EXPECT_EQ(c.window_size, 60u);
  EXPECT_EQ(c.minimum_calls, 10u);
  EXPECT_DOUBLE_EQ(c.failure_rate_threshold, 50.0);
  EXPECT_EQ(c.consecutive_failures, 5u);
  EXPECT_EQ(c.open_duration, std::chrono::seconds{60});
  EXPECT_EQ(c.permitted_half_open_calls, 3u);
  EXPECT_TRUE(c.strict_half_open);
  EXPECT_EQ(c.slow_call_duration, std::chrono::seconds{30});
  EXPECT_TRUE(c.validate().ok());
}

TEST(CircuitBreakerConfig, PresetBehavesAsDescribed) {
  harness h(circuit_breaker_config::defaults());
  // 5 failures in a row open it, although 5 calls are below the minimum of 10.
  for (int i = 0; i < 4; ++i) h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  h.fail();
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  h.clock.advance(60s);
  // 3 successes to close.
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.acquire());
  EXPECT_FALSE(h.acquire());
  h.succeed();
  h.succeed();
  EXPECT_EQ(h.breaker.state(), breaker_state::half_open);
  h.succeed();
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  // 50% over at least 10 calls in 60 s, interleaved so no run reaches 5.
  for (int i = 0; i < 9; ++i) (i % 2 == 0) ? h.fail() : h.succeed();  // 5 F, 4 S
  EXPECT_EQ(h.breaker.state(), breaker_state::closed);
  h.succeed();  // 10 calls, 50%
  EXPECT_EQ(h.breaker.state(), breaker_state::open);
  EXPECT_EQ(std::get<2>(h.events.back()), transition_reason::failure_rate);
}

TEST(CircuitBreakerConfig, ValidateRejectsNonsense) {
  auto broken = [](auto mutate) {
    circuit_breaker_config c;
    mutate(c);
    return c;
  };
  const std::vector<circuit_breaker_config> bad{
      broken([](auto& c) { c.window_size = 0; }),
      broken([](auto& c) { c.minimum_calls = 0; }),
      broken([](auto& c) { c.failure_rate_threshold = 0; }),
      broken([](auto& c) { c.failure_rate_threshold = 101; }),
      broken([](auto& c) { c.slow_call_rate_threshold = -1; }),
      broken([](auto& c) { c.open_duration = -std::chrono::seconds{1}; }),
      broken([](auto& c) { c.permitted_half_open_calls = 0; }),
  };
  for (const auto& c : bad) {
    const auto s = c.validate();
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, errc::invalid_input);
    const auto fixed = c.sanitized();
    EXPECT_TRUE(fixed.validate().ok()) << fixed.validate().error().message;
  }
  EXPECT_TRUE(circuit_breaker_config{}.validate().ok());
}

TEST(CircuitBreaker, NamesAreStable) {
  EXPECT_EQ(to_string(breaker_state::half_open), "half_open");
  EXPECT_EQ(to_string(transition_reason::open_duration_elapsed), "open_duration_elapsed");
  EXPECT_EQ(to_string(transition_reason::consecutive_failures), "consecutive_failures");
}

}  // namespace
}  // namespace wm::resilience
