// rapidcheck properties: the breaker as a state machine under random operation sequences, the
// backoff bounds, the retry budget bounds and the retry-after parser.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdio>
#include <deque>
#include <vector>

#include "actors/resilience/backoff.hpp"
#include "actors/resilience/circuit_breaker.hpp"
#include "actors/resilience/retry_after.hpp"
#include "actors/resilience/retry_budget.hpp"
#include "actors/resilience/retry_policy.hpp"

namespace wm::resilience {
namespace {

using std::chrono::milliseconds;
using namespace std::chrono_literals;

enum class op_kind { advance, acquire, succeed, fail, ignore };

struct op {
  op_kind kind = op_kind::acquire;
  int64_t ms = 0;   // advance: how far; succeed/fail: call duration
  size_t pick = 0;  // which outstanding call completes
};

rc::Gen<op> gen_op() {
  return rc::gen::build<op>(
      rc::gen::set(&op::kind, rc::gen::weightedElement<op_kind>({{3, op_kind::advance},
                                                                 {4, op_kind::acquire},
                                                                 {3, op_kind::succeed},
                                                                 {4, op_kind::fail},
                                                                 {1, op_kind::ignore}})),
      rc::gen::set(&op::ms, rc::gen::inRange<int64_t>(0, 40'000)),
      rc::gen::set(&op::pick, rc::gen::inRange<size_t>(0, 8)));
}

rc::Gen<circuit_breaker_config> gen_config() {
  return rc::gen::apply(
      [](bool time_based, uint32_t size, uint32_t minimum, int rate, int slow_rate,
         uint32_t permitted, uint32_t consecutive, bool strict, bool lost_probe_timeout) {
        circuit_breaker_config c;
        c.window = time_based ? window_kind::time_based : window_kind::count_based;
        c.window_size = size;
        c.minimum_calls = minimum;
        c.failure_rate_threshold = rate;
        c.slow_call_rate_threshold = slow_rate;
        c.slow_call_duration = 5s;
        c.open_duration = 20s;
        c.permitted_half_open_calls = permitted;
        c.consecutive_failures = consecutive;
        c.strict_half_open = strict;
        c.max_half_open_duration = lost_probe_timeout ? 60s : 0s;
        return c;
      },
      rc::gen::arbitrary<bool>(), rc::gen::inRange<uint32_t>(1, 12),
      rc::gen::inRange<uint32_t>(1, 12), rc::gen::element(10, 25, 50, 75, 100),
      rc::gen::element(25, 50, 100), rc::gen::inRange<uint32_t>(1, 5),
      rc::gen::inRange<uint32_t>(0, 5), rc::gen::arbitrary<bool>(), rc::gen::arbitrary<bool>());
}

bool reaches(uint32_t part, uint32_t whole, double threshold) {
  return whole > 0 && part * 100.0 >= threshold * whole;
}

// The breaker only opens with a cause that really breaches a configured threshold.
void check_open_is_explained(const circuit_breaker& b, const circuit_breaker_stats& s) {
  RC_ASSERT(s.last_open.has_value());
  const auto& c = *s.last_open;
  const auto& cfg = b.config();
  switch (c.reason) {
    case transition_reason::consecutive_failures:
      RC_ASSERT(c.from == breaker_state::closed);
      RC_ASSERT(cfg.consecutive_failures > 0);
      RC_ASSERT(c.consecutive_failures >= cfg.consecutive_failures);
      break;
    case transition_reason::failure_rate:
    case transition_reason::slow_call_rate: {
      const uint32_t part = c.reason == transition_reason::failure_rate ? c.failures : c.slow_calls;
      const double threshold = c.reason == transition_reason::failure_rate
                                   ? cfg.failure_rate_threshold
                                   : cfg.slow_call_rate_threshold;
      RC_ASSERT(reaches(part, c.judged_over, threshold));
      if (c.from == breaker_state::closed) {
        RC_ASSERT(c.judged_over == c.calls);
        RC_ASSERT(c.calls >= cfg.minimum_calls);
      } else {
        RC_ASSERT(c.judged_over == cfg.permitted_half_open_calls);
        RC_ASSERT(c.calls <= cfg.permitted_half_open_calls);
      }
      break;
    }
    case transition_reason::probe_failed:
      RC_ASSERT(c.from == breaker_state::half_open);
      RC_ASSERT(cfg.strict_half_open);
      RC_ASSERT(c.failures >= 1u);
      break;
    case transition_reason::half_open_timeout:
      RC_ASSERT(c.from == breaker_state::half_open);
      RC_ASSERT(cfg.max_half_open_duration > 0s);
      RC_ASSERT(c.half_open_age >= cfg.max_half_open_duration);
      break;
    default:
      RC_FAIL("opened for a reason that is not a breach");
  }
}

RC_GTEST_PROP(CircuitBreakerProperties, StateMachineInvariantsHold, ()) {
  const auto config = *gen_config();
  const auto ops = *rc::gen::container<std::vector<op>>(gen_op());

  auto now = std::chrono::steady_clock::time_point{} + 1h;
  circuit_breaker breaker(config, now);
  struct call {
    uint64_t epoch;  // breaker.transitions() when acquired
    bool half_open_probe;
  };
  std::deque<call> outstanding;
  uint32_t probes_out = 0;  // half-open probes of the current episode still running
  std::chrono::steady_clock::time_point opened_at{};
  breaker.set_listener([&](breaker_state, breaker_state to, transition_reason) {
    probes_out = 0;  // a new episode: earlier probes are stale now
    if (to == breaker_state::open) opened_at = now;
  });

  bool saw_open = false, saw_half_open = false, saw_reclose = false;
  for (const auto& o : ops) {
    switch (o.kind) {
      case op_kind::advance:
        now += milliseconds{o.ms};
        break;
      case op_kind::acquire: {
        const bool was_open = breaker.state() == breaker_state::open;
        const bool due = was_open && now - opened_at >= config.open_duration;
        const bool granted = breaker.try_acquire(now);
        if (was_open && due) RC_ASSERT(granted);  // a probe always goes out after open_duration
        if (was_open && !due) RC_ASSERT(!granted);
        if (granted) {
          const bool probe = breaker.state() == breaker_state::half_open;
          if (probe) ++probes_out;
          outstanding.push_back({breaker.transitions(), probe});
        }
        break;
      }
      case op_kind::succeed:
      case op_kind::fail:
      case op_kind::ignore: {
        if (outstanding.empty()) break;
        const size_t i = o.pick % outstanding.size();
        const call c = outstanding[i];
        outstanding.erase(outstanding.begin() + static_cast<std::ptrdiff_t>(i));
        // Results from an earlier state are dropped by the owner, as the API asks.
        if (c.epoch != breaker.transitions()) break;
        if (c.half_open_probe) --probes_out;
        const milliseconds took{o.ms / 4};
        if (o.kind == op_kind::succeed) breaker.on_success(took, now);
        if (o.kind == op_kind::fail) breaker.on_failure(took, now);
        if (o.kind == op_kind::ignore) breaker.on_ignored();
        break;
      }
    }
    const auto s = breaker.stats(now);
    RC_ASSERT(s.state == breaker.state());
    RC_ASSERT(s.failure_rate >= 0.0 && s.failure_rate <= 100.0);
    RC_ASSERT(s.slow_call_rate >= 0.0 && s.slow_call_rate <= 100.0);
    RC_ASSERT(s.failures <= s.calls && s.slow_calls <= s.calls);
    RC_ASSERT(s.half_open_in_flight <= config.permitted_half_open_calls);
    if (breaker.state() == breaker_state::half_open) {
      RC_ASSERT(probes_out <= config.permitted_half_open_calls);
      RC_ASSERT(s.half_open_in_flight == probes_out);
    }
    if (breaker.state() == breaker_state::open) {
      check_open_is_explained(breaker, s);
      // Whatever happened, a probe gets through once open_duration has passed.
      auto copy = breaker;
      copy.set_listener(nullptr);
      RC_ASSERT(copy.try_acquire(opened_at + config.open_duration));
      RC_ASSERT(copy.state() == breaker_state::half_open);
    }
    saw_open |= s.state == breaker_state::open;
    saw_half_open |= s.state == breaker_state::half_open;
    saw_reclose |= saw_half_open && s.state == breaker_state::closed;
  }
  // Shows in the test output how much of the state machine the random runs reached.
  RC_CLASSIFY(saw_open, "opened");
  RC_CLASSIFY(saw_half_open, "half-open");
  RC_CLASSIFY(saw_reclose, "closed again");
}

RC_GTEST_PROP(BackoffProperties, DelaysStayWithinZeroAndCap, ()) {
  const auto kind = *rc::gen::element(backoff_kind::exponential, backoff_kind::full_jitter,
                                      backoff_kind::decorrelated_jitter);
  const milliseconds base{*rc::gen::inRange<int64_t>(-10, 20'000)};
  const milliseconds cap{*rc::gen::inRange<int64_t>(-10, 200'000)};
  const auto retry = *rc::gen::inRange<uint32_t>(0, 200);
  const milliseconds previous{*rc::gen::inRange<int64_t>(-10, 1'000'000)};
  const double r =
      *rc::gen::oneOf(rc::gen::map(rc::gen::inRange(0, 1'000'000), [](int x) { return x / 1e6; }),
                      rc::gen::element(-1.0, 1.0, 2.5, std::nan(""), 0.0));
  const backoff_config c{kind, base, cap};
  const auto d = backoff_delay(c, retry, previous, r);
  RC_ASSERT(d >= 0ms);
  RC_ASSERT(d <= std::max(cap, 0ms));
  const auto ceiling = backoff_ceiling(retry, base, cap);
  if (kind == backoff_kind::exponential) {
    RC_ASSERT(d <= ceiling);
    RC_ASSERT(d.count() >= static_cast<int64_t>(std::floor(ceiling.count() * 0.75)));
  }
  if (kind == backoff_kind::full_jitter) RC_ASSERT(d <= ceiling);
  if (kind == backoff_kind::decorrelated_jitter && base >= 0ms)
    RC_ASSERT(d >= std::min(base, std::max(cap, 0ms)));
}

RC_GTEST_PROP(BackoffProperties, CeilingIsMonotoneAndCapped, ()) {
  const milliseconds base{*rc::gen::inRange<int64_t>(0, 1'000'000'000)};
  const milliseconds cap{*rc::gen::inRange<int64_t>(0, 4'000'000'000'000'000'000)};
  milliseconds last{0};
  for (uint32_t n = 0; n < 80; ++n) {
    const auto c = backoff_ceiling(n, base, cap);
    RC_ASSERT(c >= last);
    RC_ASSERT(c <= cap);
    last = c;
  }
}

RC_GTEST_PROP(BackoffProperties, ScheduleNeverLeavesBounds, (uint64_t seed)) {
  const auto kind = *rc::gen::element(backoff_kind::exponential, backoff_kind::full_jitter,
                                      backoff_kind::decorrelated_jitter);
  const backoff_config c{kind, milliseconds{*rc::gen::inRange<int64_t>(1, 5000)},
                         milliseconds{*rc::gen::inRange<int64_t>(1, 60000)}};
  backoff b(c, make_uniform_source(seed));
  for (int i = 0; i < 50; ++i) {
    const auto d = b.next();
    RC_ASSERT(d >= 0ms && d <= c.cap);
  }
}

enum class budget_op { acquire, success, retry_done, start, finish };

RC_GTEST_PROP(RetryBudgetProperties, TokensStayWithinZeroAndMax, ()) {
  retry_budget_config c;
  c.max_tokens = *rc::gen::inRange(1, 50);
  c.token_ratio = *rc::gen::inRange(0, 3000) / 1000.0;
  c.token_bucket = *rc::gen::arbitrary<bool>();
  c.ratio_cap = *rc::gen::arbitrary<bool>();
  c.min_retry_concurrency = *rc::gen::inRange<uint32_t>(0, 5);
  retry_budget b(c);
  const auto ops = *rc::gen::container<std::vector<budget_op>>(
      rc::gen::element(budget_op::acquire, budget_op::success, budget_op::retry_done,
                       budget_op::start, budget_op::finish));
  uint32_t active = 0;
  for (auto o : ops) {
    const double before = b.tokens();
    switch (o) {
      case budget_op::acquire: {
        const bool bucket_ok = !c.token_bucket || before > c.max_tokens / 2;
        const bool granted = b.try_acquire_retry();
        if (!bucket_ok) RC_ASSERT(!granted);
        if (granted && c.token_bucket)
          RC_ASSERT(std::abs(b.tokens() - std::max(before - 1, 0.0)) < 1e-9);
        if (!granted) RC_ASSERT(b.tokens() == before);
        // Envoy cap: a granted retry never takes the in-flight count past the limit.
        if (granted && c.ratio_cap)
          RC_ASSERT(b.stats().retries_in_flight <=
                    std::max<uint32_t>(c.min_retry_concurrency,
                                       static_cast<uint32_t>(std::floor(c.retry_ratio * active))));
        break;
      }
      case budget_op::success:
        b.on_success();
        RC_ASSERT(b.tokens() >= before);
        break;
      case budget_op::retry_done:
        b.on_retry_finished();
        break;
      case budget_op::start:
        ++active;
        b.on_request_started();
        break;
      case budget_op::finish:
        if (active > 0) --active;
        b.on_request_finished();
        break;
    }
    const auto s = b.stats();
    RC_ASSERT(s.tokens >= 0.0);
    RC_ASSERT(s.tokens <= s.max_tokens);
  }
}

RC_GTEST_PROP(RetryPolicyProperties, DecisionsRespectTheHardRules, ()) {
  retry_policy_config c;
  c.max_attempts = *rc::gen::inRange<uint32_t>(1, 6);
  c.backoff = *rc::gen::element(backoff_kind::exponential, backoff_kind::full_jitter,
                                backoff_kind::decorrelated_jitter);
  const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}};
  retry_policy p(c, make_uniform_source(*rc::gen::arbitrary<uint64_t>()), [now] { return now; });
  attempt_outcome o;
  o.http_status = *rc::gen::element(0, 200, 400, 401, 404, 408, 409, 429, 500, 503, 529);
  o.connection_error = *rc::gen::arbitrary<bool>();
  o.timed_out = *rc::gen::arbitrary<bool>();
  o.tokens_delivered = *rc::gen::arbitrary<bool>();
  if (*rc::gen::arbitrary<bool>())
    o.x_should_retry = *rc::gen::element<std::string>("true", "false", "junk");
  if (*rc::gen::arbitrary<bool>()) o.retry_after_ms = *rc::gen::arbitrary<std::string>();
  if (*rc::gen::arbitrary<bool>()) o.retry_after = std::to_string(*rc::gen::inRange(0, 200));
  const auto attempt = *rc::gen::inRange<uint32_t>(0, 8);
  const auto d = p.decide(o, attempt);
  if (d.retry) {
    RC_ASSERT(!o.tokens_delivered);
    RC_ASSERT(std::max<uint32_t>(attempt, 1) < c.max_attempts);
    RC_ASSERT(d.delay >= 0ms);
    RC_ASSERT(d.delay <= std::max(c.cap, c.retry_after_cap));
    RC_ASSERT(!d.error.has_value());
  } else if (d.reason != retry_reason::succeeded) {
    RC_ASSERT(d.error.has_value());
  }
  if (o.x_should_retry == "false") RC_ASSERT(!d.retry);
}

RC_GTEST_PROP(RetryAfterProperties, ImfFixdateRoundTrips, ()) {
  // Up to year 9999; system_clock (nanoseconds) itself only reaches 2262.
  const int64_t secs = *rc::gen::inRange<int64_t>(0, 253'402'300'799);
  const bool fits = secs < std::chrono::floor<std::chrono::seconds>(
                               std::chrono::system_clock::time_point::max().time_since_epoch())
                               .count();
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  const auto parsed = parse_imf_fixdate(text);
  RC_ASSERT(parsed.has_value());
  if (fits) {
    RC_ASSERT(parsed->time_since_epoch() == std::chrono::seconds{secs});
    const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{secs}} - 1500ms;
    RC_ASSERT(parse_retry_after(text, now) == std::optional<milliseconds>{1500ms});
  } else {
    RC_ASSERT(*parsed == std::chrono::system_clock::time_point::max());
  }
  // Relative to a fixed "now" the wait is exact up to the saturation point.
  const std::chrono::system_clock::time_point epoch{};
  const int64_t expected = std::min<int64_t>(secs * 1000, 1'000'000'000'000);
  RC_ASSERT(parse_retry_after(text, epoch) == std::optional<milliseconds>{expected});
}

RC_GTEST_PROP(RetryAfterProperties, AnyInputParsesOrIsRejectedWithoutHarm, (std::string s)) {
  const auto now = std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}};
  const auto a = parse_retry_after(s, now);
  const auto b = parse_retry_after_ms(s);
  if (a) RC_ASSERT(*a >= 0ms);
  if (b) RC_ASSERT(*b >= 0ms);
}

}  // namespace
}  // namespace wm::resilience
