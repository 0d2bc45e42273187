#include "actors/resilience/retry_budget.hpp"

#include <gtest/gtest.h>

namespace wm::resilience {
namespace {

TEST(RetryBudget, StartsFullAndAllowsRetriesWhileMoreThanHalfFull) {
  retry_budget b;  // 10 tokens, threshold 5
  EXPECT_DOUBLE_EQ(b.tokens(), 10.0);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(b.try_acquire_retry()) << i;  // 10 -> 5
  EXPECT_DOUBLE_EQ(b.tokens(), 5.0);
  EXPECT_FALSE(b.try_acquire_retry());  // exactly half: denied
  EXPECT_FALSE(b.try_acquire_retry());
  EXPECT_DOUBLE_EQ(b.tokens(), 5.0);  // denials cost nothing
  const auto s = b.stats();
  EXPECT_EQ(s.retries_granted, 5u);
  EXPECT_EQ(s.retries_denied, 2u);
}

TEST(RetryBudget, SuccessesRefillTheBucketUpToMax) {
  retry_budget b;
  for (int i = 0; i < 5; ++i) b.try_acquire_retry();
  EXPECT_FALSE(b.try_acquire_retry());
  b.on_success();  // 5.1 > 5
  EXPECT_NEAR(b.tokens(), 5.1, 1e-9);
  EXPECT_TRUE(b.try_acquire_retry());  // 4.1
  EXPECT_NEAR(b.tokens(), 4.1, 1e-9);
  EXPECT_FALSE(b.try_acquire_retry());
  // 9 more successes bring it to exactly 5.0: still not enough.
  for (int i = 0; i < 9; ++i) b.on_success();
  EXPECT_DOUBLE_EQ(b.tokens(), 5.0);  // thousandths: no drift after ten 0.1 deposits
  EXPECT_FALSE(b.try_acquire_retry());
  b.on_success();
  EXPECT_TRUE(b.try_acquire_retry());
  for (int i = 0; i < 1000; ++i) b.on_success();
  EXPECT_DOUBLE_EQ(b.tokens(), 10.0);
}

TEST(RetryBudget, CustomBucketSize) {
  retry_budget_config c;
  c.max_tokens = 4;
  c.token_ratio = 1;
  retry_budget b(c);
  EXPECT_TRUE(b.try_acquire_retry());   // 4 > 2: 4 -> 3
  EXPECT_TRUE(b.try_acquire_retry());   // 3 > 2: 3 -> 2
  EXPECT_FALSE(b.try_acquire_retry());  // 2 is not more than half of 4
  b.on_success();                       // +1 per success here
  EXPECT_TRUE(b.try_acquire_retry());
}

TEST(RetryBudget, RatioCapLimitsRetriesInFlightToAShareOfActiveRequests) {
  retry_budget_config c;
  c.token_bucket = false;
  c.ratio_cap = true;  // 20%, at least 3
  retry_budget b(c);
  for (int i = 0; i < 10; ++i) b.on_request_started();
  // 20% of 10 is 2, but the floor is 3 concurrent retries.
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_FALSE(b.try_acquire_retry());
  EXPECT_EQ(b.stats().retries_in_flight, 3u);
  b.on_retry_finished();
  EXPECT_TRUE(b.try_acquire_retry());
  // 30 active requests: 20% is 6.
  for (int i = 0; i < 20; ++i) b.on_request_started();
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_FALSE(b.try_acquire_retry());
  EXPECT_EQ(b.stats().retries_in_flight, 6u);
  EXPECT_EQ(b.stats().active_requests, 30u);
  // Token bucket is off: tokens untouched.
  EXPECT_DOUBLE_EQ(b.tokens(), 10.0);
}

TEST(RetryBudget, BothSchemesMustAgree) {
  retry_budget_config c;
  c.ratio_cap = true;
  c.min_retry_concurrency = 1;
  retry_budget b(c);
  b.on_request_started();
  EXPECT_TRUE(b.try_acquire_retry());   // bucket 10 -> 9, in flight 1
  EXPECT_FALSE(b.try_acquire_retry());  // ratio says no though the bucket has tokens
  EXPECT_DOUBLE_EQ(b.tokens(), 9.0);
  b.on_retry_finished();
  EXPECT_TRUE(b.try_acquire_retry());
}

TEST(RetryBudget, UnbalancedFinishCallsDoNotUnderflow) {
  retry_budget_config c;
  c.ratio_cap = true;
  retry_budget b(c);
  b.on_retry_finished();
  b.on_request_finished();
  EXPECT_EQ(b.stats().retries_in_flight, 0u);
  EXPECT_EQ(b.stats().active_requests, 0u);
}

TEST(RetryBudget, NonsenseConfigIsClampedNotTrusted) {
  retry_budget_config c;
  c.max_tokens = -3;
  c.token_ratio = -1;
  retry_budget b(c);
  EXPECT_GE(b.tokens(), 0.0);
  EXPECT_LE(b.tokens(), b.stats().max_tokens);
  b.on_success();
  EXPECT_LE(b.tokens(), b.stats().max_tokens);
  b.try_acquire_retry();
  EXPECT_GE(b.tokens(), 0.0);
}

}  // namespace
}  // namespace wm::resilience
