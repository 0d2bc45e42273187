#include "actors/resilience/retry_policy.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace wm::resilience {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;
using namespace std::chrono_literals;

const system_clock::time_point kNow{seconds{784111777}};  // Sun, 06 Nov 1994 08:49:37 GMT

retry_policy make_policy(retry_policy_config config = {}, double r = 0.0) {
  return retry_policy(config, testing::constant(r), [] { return kNow; });
}

attempt_outcome status(int code) {
  attempt_outcome o;
  o.http_status = code;
  return o;
}

TEST(RetryPolicy, DefaultsAreTheSdkOnes) {
  const retry_policy_config c;
  EXPECT_EQ(c.max_attempts, 3u);
  EXPECT_EQ(c.backoff, backoff_kind::exponential);
  EXPECT_EQ(c.base, 500ms);
  EXPECT_EQ(c.cap, 8000ms);
  EXPECT_EQ(c.retry_after_cap, 60000ms);
}

TEST(RetryPolicy, SuccessIsNeverRetried) {
  const auto p = make_policy();
  for (int code : {200, 201, 204}) {
    const auto d = p.decide(status(code), 1);
    EXPECT_FALSE(d.retry);
    EXPECT_EQ(d.reason, retry_reason::succeeded);
    EXPECT_FALSE(d.error);
  }
}

class RetryableStatus : public ::testing::TestWithParam<std::pair<int, errc>> {};

TEST_P(RetryableStatus, IsRetriedWithBackoff) {
  const auto [code, expected_error] = GetParam();
  const auto p = make_policy();
  const auto d = p.decide(status(code), 1);
  EXPECT_TRUE(d.retry) << code;
  EXPECT_EQ(d.reason, retry_reason::retryable_status);
  EXPECT_EQ(d.source, delay_source::backoff);
  EXPECT_EQ(d.delay, 500ms);
  // What we would report if we stopped here.
  EXPECT_EQ(errc_for_outcome(status(code)), expected_error);
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, RetryableStatus,
    ::testing::Values(std::pair{408, errc::timeout}, std::pair{409, errc::conflict},
                      std::pair{429, errc::rate_limited}, std::pair{500, errc::provider_error},
                      std::pair{501, errc::provider_error}, std::pair{502, errc::unavailable},
                      std::pair{503, errc::unavailable}, std::pair{504, errc::unavailable},
                      std::pair{529, errc::unavailable}, std::pair{599, errc::provider_error}));

class NotRetryableStatus : public ::testing::TestWithParam<std::pair<int, errc>> {};

TEST_P(NotRetryableStatus, GivesUpWithTheMappedError) {
  const auto [code, expected_error] = GetParam();
  const auto p = make_policy();
  const auto d = p.decide(status(code), 1);
  EXPECT_FALSE(d.retry) << code;
  EXPECT_EQ(d.reason, retry_reason::not_retryable_status);
  EXPECT_EQ(d.error, expected_error);
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, NotRetryableStatus,
    ::testing::Values(std::pair{400, errc::invalid_input}, std::pair{401, errc::unauthorized},
                      std::pair{403, errc::forbidden}, std::pair{404, errc::not_found},
                      std::pair{413, errc::payload_too_large}, std::pair{422, errc::invalid_input},
                      std::pair{418, errc::invalid_input}, std::pair{302, errc::provider_error}));

TEST(RetryPolicy, ConnectionErrorsAndTimeoutsAreRetried) {
  const auto p = make_policy();
  attempt_outcome reset;
  reset.connection_error = true;
  auto d = p.decide(reset, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::connection_error);
  EXPECT_EQ(errc_for_outcome(reset), errc::unavailable);

  attempt_outcome timeout;
  timeout.timed_out = true;
  d = p.decide(timeout, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::connection_error);
  EXPECT_EQ(errc_for_outcome(timeout), errc::timeout);

  // No status and no flag still means "no response": treated as a connection error.
  d = p.decide(attempt_outcome{}, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::connection_error);
}

TEST(RetryPolicy, ShouldRetryTrueOverridesANonRetryableStatus) {
  const auto p = make_policy();
  auto o = status(400);
  o.x_should_retry = "true";
  const auto d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::server_requested);
}

TEST(RetryPolicy, ShouldRetryFalseOverridesARetryableStatus) {
  const auto p = make_policy();
  for (int code : {429, 500, 503}) {
    auto o = status(code);
    o.x_should_retry = "False";
    const auto d = p.decide(o, 1);
    EXPECT_FALSE(d.retry) << code;
    EXPECT_EQ(d.reason, retry_reason::server_refused);
    EXPECT_EQ(d.error, errc_for_outcome(status(code)));
  }
}

TEST(RetryPolicy, UnknownShouldRetryValuesAreIgnored) {
  const auto p = make_policy();
  auto o = status(503);
  o.x_should_retry = "maybe";
  EXPECT_TRUE(p.decide(o, 1).retry);
  o = status(400);
  o.x_should_retry = "1";
  EXPECT_FALSE(p.decide(o, 1).retry);
  EXPECT_EQ(parse_should_retry(" TRUE "), true);
  EXPECT_EQ(parse_should_retry("false"), false);
  EXPECT_EQ(parse_should_retry("yes"), std::nullopt);
}

TEST(RetryPolicy, NeverRetriesOnceTokensWereDelivered) {
  const auto p = make_policy();
  attempt_outcome cut;
  cut.connection_error = true;
  cut.tokens_delivered = true;
  auto d = p.decide(cut, 1);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::tokens_delivered);
  EXPECT_EQ(d.error, errc::unavailable);

  auto o = status(503);
  o.tokens_delivered = true;
  o.x_should_retry = "true";  // not even when the server asks
  d = p.decide(o, 1);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::tokens_delivered);
}

TEST(RetryPolicy, StopsAfterMaxAttempts) {
  const auto p = make_policy();  // 3 attempts
  EXPECT_TRUE(p.decide(status(503), 1).retry);
  EXPECT_TRUE(p.decide(status(503), 2).retry);
  const auto d = p.decide(status(503), 3);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::attempts_exhausted);
  EXPECT_EQ(d.error, errc::unavailable);

  retry_policy_config once;
  once.max_attempts = 1;
  EXPECT_FALSE(make_policy(once).decide(status(503), 1).retry);
  // Attempt 0 is read as the first attempt.
  EXPECT_TRUE(make_policy().decide(status(503), 0).retry);
}

TEST(RetryPolicy, BackoffFollowsTheSdkSchedule) {
  const auto p = make_policy({}, 0.0);
  EXPECT_EQ(p.decide(status(500), 1).delay, 500ms);
  EXPECT_EQ(p.decide(status(500), 2).delay, 1000ms);
  retry_policy_config many;
  many.max_attempts = 10;
  const auto q = make_policy(many, 0.5);
  EXPECT_EQ(q.decide(status(500), 3).delay, 1750ms);  // 2000 * 0.875
  EXPECT_EQ(q.decide(status(500), 9).delay, 7000ms);  // capped at 8000 * 0.875
}

TEST(RetryPolicy, DecorrelatedJitterUsesThePreviousDelay) {
  retry_policy_config c;
  c.backoff = backoff_kind::decorrelated_jitter;
  c.base = 100ms;
  c.cap = 10000ms;
  const auto p = make_policy(c, 0.5);
  EXPECT_EQ(p.decide(status(500), 1, 0ms).delay, 200ms);
  EXPECT_EQ(p.decide(status(500), 2, 200ms).delay, 350ms);
}

TEST(RetryPolicy, HonoursRetryAfterMs) {
  const auto p = make_policy();
  auto o = status(429);
  o.retry_after_ms = "1234";
  const auto d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, 1234ms);
  EXPECT_EQ(d.source, delay_source::retry_after_ms);
}

TEST(RetryPolicy, RetryAfterMsTakesPrecedenceOverRetryAfter) {
  const auto p = make_policy();
  auto o = status(429);
  o.retry_after_ms = "200";
  o.retry_after = "5";
  EXPECT_EQ(p.decide(o, 1).delay, 200ms);
}

TEST(RetryPolicy, InsaneRetryAfterMsFallsBackToRetryAfter) {
  const auto p = make_policy();
  auto o = status(429);
  o.retry_after_ms = "-20";
  o.retry_after = "5";
  const auto d = p.decide(o, 1);
  EXPECT_EQ(d.delay, 5000ms);
  EXPECT_EQ(d.source, delay_source::retry_after);
}

TEST(RetryPolicy, HonoursRetryAfterSeconds) {
  const auto p = make_policy();
  auto o = status(503);
  o.retry_after = "3";
  const auto d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, 3000ms);
  EXPECT_EQ(d.source, delay_source::retry_after);
}

TEST(RetryPolicy, HonoursRetryAfterHttpDateAgainstTheInjectedClock) {
  const auto p = make_policy();
  auto o = status(429);
  o.retry_after = "Sun, 06 Nov 1994 08:49:47 GMT";  // kNow + 10 s
  const auto d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, 10000ms);
  EXPECT_EQ(d.source, delay_source::retry_after);
}

TEST(RetryPolicy, UnparsableRetryAfterFallsBackToBackoff) {
  const auto p = make_policy();
  auto o = status(429);
  o.retry_after = "Sunday, 06-Nov-94 08:49:47 GMT";
  const auto d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.source, delay_source::backoff);
  EXPECT_EQ(d.delay, 500ms);
}

TEST(RetryPolicy, RetryAfterBeyondTheCapIsNotRetriedAndReportsRateLimited) {
  const auto p = make_policy();
  auto o = status(503);
  o.retry_after = "61";
  auto d = p.decide(o, 1);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.reason, retry_reason::retry_after_too_long);
  EXPECT_EQ(d.error, errc::rate_limited);
  EXPECT_EQ(d.delay, 61000ms);

  o = status(429);
  o.retry_after_ms = "60001";
  d = p.decide(o, 1);
  EXPECT_FALSE(d.retry);
  EXPECT_EQ(d.error, errc::rate_limited);

  o = status(429);
  o.retry_after = "60";  // exactly the cap is fine
  d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, 60000ms);
}

TEST(RetryPolicy, RetryAfterDoesNotMakeANonRetryableStatusRetryable) {
  const auto p = make_policy();
  auto o = status(400);
  o.retry_after = "1";
  EXPECT_FALSE(p.decide(o, 1).retry);
}

TEST(RetryPolicy, ZeroRetryAfterMeansRetryNow) {
  const auto p = make_policy();
  auto o = status(429);
  o.retry_after = "0";
  const auto d = p.decide(o, 1);
  EXPECT_TRUE(d.retry);
  EXPECT_EQ(d.delay, 0ms);
}

TEST(AttemptOutcome, SetHeaderKeepsOnlyTheRetryHeadersCaseInsensitively) {
  attempt_outcome o;
  EXPECT_TRUE(o.set_header("X-Should-Retry", " true\r\n"));
  EXPECT_TRUE(o.set_header("Retry-After-Ms", "150"));
  EXPECT_TRUE(o.set_header("RETRY-AFTER", "2"));
  EXPECT_FALSE(o.set_header("content-type", "application/json"));
  EXPECT_EQ(o.x_should_retry, "true");
  EXPECT_EQ(o.retry_after_ms, "150");
  EXPECT_EQ(o.retry_after, "2");
}

TEST(RetryReason, HasStableNames) {
  EXPECT_EQ(to_string(retry_reason::retry_after_too_long), "retry_after_too_long");
  EXPECT_EQ(to_string(retry_reason::tokens_delivered), "tokens_delivered");
  EXPECT_EQ(to_string(delay_source::retry_after_ms), "retry_after_ms");
}

}  // namespace
}  // namespace wm::resilience
