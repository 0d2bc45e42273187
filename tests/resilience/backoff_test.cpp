#include "actors/resilience/backoff.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace wm::resilience {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

TEST(BackoffCeiling, DoublesFromBaseUntilTheCap) {
  EXPECT_EQ(backoff_ceiling(0, 500ms, 8000ms), 500ms);
  EXPECT_EQ(backoff_ceiling(1, 500ms, 8000ms), 1000ms);
  EXPECT_EQ(backoff_ceiling(2, 500ms, 8000ms), 2000ms);
  EXPECT_EQ(backoff_ceiling(3, 500ms, 8000ms), 4000ms);
  EXPECT_EQ(backoff_ceiling(4, 500ms, 8000ms), 8000ms);
  EXPECT_EQ(backoff_ceiling(5, 500ms, 8000ms), 8000ms);
}

TEST(BackoffCeiling, HugeRetryCountsAndCapsDoNotOverflow) {
  const milliseconds big{std::numeric_limits<milliseconds::rep>::max()};
  EXPECT_EQ(backoff_ceiling(4'000'000'000u, 500ms, 8000ms), 8000ms);
  EXPECT_EQ(backoff_ceiling(200, 500ms, big), big);
  EXPECT_EQ(backoff_ceiling(1, big, big), big);
  EXPECT_EQ(backoff_ceiling(3, 0ms, 8000ms), 0ms);
  EXPECT_EQ(backoff_ceiling(3, -5ms, 8000ms), 0ms);
  EXPECT_EQ(backoff_ceiling(3, 500ms, -1ms), 0ms);
}

TEST(BackoffDelay, SdkExponentialScalesByOneMinusQuarterRand) {
  const backoff_config sdk{};  // 0.5 s base, 8 s cap, exponential
  EXPECT_EQ(sdk.base, 500ms);
  EXPECT_EQ(sdk.cap, 8000ms);
  EXPECT_EQ(backoff_delay(sdk, 0, 0ms, 0.0), 500ms);
  EXPECT_EQ(backoff_delay(sdk, 1, 0ms, 0.0), 1000ms);
  EXPECT_EQ(backoff_delay(sdk, 1, 0ms, 0.5), 875ms);
  EXPECT_EQ(backoff_delay(sdk, 6, 0ms, 0.5), 7000ms);
  // r -> 1 gives 75% of the ceiling, never less.
  EXPECT_EQ(backoff_delay(sdk, 4, 0ms, 0.999999999), 6000ms);
}

TEST(BackoffDelay, FullJitterSpansZeroToCeiling) {
  const backoff_config c{backoff_kind::full_jitter, 100ms, 1000ms};
  EXPECT_EQ(backoff_delay(c, 2, 0ms, 0.0), 0ms);
  EXPECT_EQ(backoff_delay(c, 2, 0ms, 0.5), 200ms);
  EXPECT_EQ(backoff_delay(c, 10, 0ms, 0.25), 250ms);
}

TEST(BackoffDelay, DecorrelatedJitterDrawsBetweenBaseAndThreeTimesPrevious) {
  const backoff_config c{backoff_kind::decorrelated_jitter, 500ms, 8000ms};
  EXPECT_EQ(backoff_delay(c, 0, 0ms, 0.0), 500ms);      // first retry starts from base
  EXPECT_EQ(backoff_delay(c, 0, 0ms, 0.5), 1000ms);     // rand(500, 1500)
  EXPECT_EQ(backoff_delay(c, 3, 4000ms, 0.5), 6250ms);  // rand(500, 12000)
  EXPECT_EQ(backoff_delay(c, 3, 8000ms, 0.9), 8000ms);  // capped
}

TEST(BackoffDelay, OutOfRangeRandomValuesAreClamped) {
  const backoff_config c{backoff_kind::full_jitter, 100ms, 1000ms};
  EXPECT_EQ(backoff_delay(c, 0, 0ms, -3.0), 0ms);
  EXPECT_EQ(backoff_delay(c, 0, 0ms, std::nan("")), 0ms);
  EXPECT_EQ(backoff_delay(c, 0, 0ms, 7.0), 100ms);
  const backoff_config sdk{};
  EXPECT_EQ(backoff_delay(sdk, 0, 0ms, std::numeric_limits<double>::infinity()), 375ms);
}

TEST(Backoff, SchedulesSuccessiveRetriesAndResets) {
  backoff b({backoff_kind::exponential, 500ms, 8000ms}, testing::constant(0.0));
  EXPECT_EQ(b.next(), 500ms);
  EXPECT_EQ(b.next(), 1000ms);
  EXPECT_EQ(b.next(), 2000ms);
  EXPECT_EQ(b.retries(), 3u);
  b.reset();
  EXPECT_EQ(b.retries(), 0u);
  EXPECT_EQ(b.next(), 500ms);
}

TEST(Backoff, DecorrelatedScheduleFeedsThePreviousDelayBack) {
  backoff b({backoff_kind::decorrelated_jitter, 100ms, 10000ms}, testing::constant(0.5));
  EXPECT_EQ(b.next(), 200ms);  // rand(100, 300)
  EXPECT_EQ(b.next(), 350ms);  // rand(100, 600)
  EXPECT_EQ(b.next(), 575ms);  // rand(100, 1050)
}

TEST(Backoff, MissingRandomSourceUsesTheMidpoint) {
  backoff b({backoff_kind::full_jitter, 1000ms, 8000ms}, uniform_source{});
  EXPECT_EQ(b.next(), 500ms);
}

TEST(UniformSource, SeededSourceIsReproducibleAndInRange) {
  auto a = make_uniform_source(42);
  auto b = make_uniform_source(42);
  auto c = make_uniform_source(43);
  bool differs = false;
  for (int i = 0; i < 1000; ++i) {
    const double x = a();
    EXPECT_EQ(x, b());
    differs |= x != c();
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
  EXPECT_TRUE(differs);
}

TEST(BackoffKind, HasStableNames) {
  EXPECT_EQ(to_string(backoff_kind::exponential), "exponential");
  EXPECT_EQ(to_string(backoff_kind::full_jitter), "full_jitter");
  EXPECT_EQ(to_string(backoff_kind::decorrelated_jitter), "decorrelated_jitter");
}

}  // namespace
}  // namespace wm::resilience
