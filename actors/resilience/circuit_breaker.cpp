#include "actors/resilience/circuit_breaker.hpp"

#include <algorithm>

namespace wm::resilience {

namespace {

double rate(uint32_t part, uint32_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) * 100.0 / static_cast<double>(whole);
}

// part / whole >= threshold percent, without dividing.
bool reaches(uint32_t part, uint32_t whole, double threshold) {
  return whole > 0 && static_cast<double>(part) * 100.0 >= threshold * static_cast<double>(whole);
}

}  // namespace

std::string_view to_string(breaker_state s) noexcept {
  switch (s) {
    case breaker_state::closed:
      return "closed";
    case breaker_state::open:
      return "open";
    case breaker_state::half_open:
      return "half_open";
  }
  return "unknown";
}

std::string_view to_string(transition_reason r) noexcept {
  switch (r) {
    case transition_reason::failure_rate:
      return "failure_rate";
    case transition_reason::slow_call_rate:
      return "slow_call_rate";
    case transition_reason::consecutive_failures:
      return "consecutive_failures";
    case transition_reason::probe_failed:
      return "probe_failed";
    case transition_reason::half_open_timeout:
      return "half_open_timeout";
    case transition_reason::open_duration_elapsed:
      return "open_duration_elapsed";
    case transition_reason::probes_passed:
      return "probes_passed";
    case transition_reason::reset:
      return "reset";
  }
  return "unknown";
}

circuit_breaker::circuit_breaker(circuit_breaker_config config, time_point now)
    : config_(config.sanitized()), since_(now), window_(config_.window, config_.window_size) {}

bool circuit_breaker::try_acquire(time_point now) {
  if (state_ == breaker_state::closed) return true;
  if (state_ == breaker_state::open) {
    if (now - since_ < config_.open_duration) {
      ++not_permitted_;
      return false;
    }
    transition(breaker_state::half_open, transition_reason::open_duration_elapsed, now);
  }
  // half-open
  if (config_.max_half_open_duration > duration::zero() &&
      now - since_ >= config_.max_half_open_duration) {
    open_cause cause;
    cause.reason = transition_reason::half_open_timeout;
    cause.judged_over = config_.permitted_half_open_calls;
    cause.calls = probes_.calls;
    cause.failures = probes_.failures;
    cause.slow_calls = probes_.slow_calls;
    cause.half_open_age = now - since_;
    open(cause, now);
    ++not_permitted_;
    return false;
  }
  if (permits_issued_ >= config_.permitted_half_open_calls) {
    ++not_permitted_;
    return false;
  }
  ++permits_issued_;
  ++in_flight_;
  return true;
}

void circuit_breaker::on_success(duration took, time_point now) {
  record(false, took, now);
}

void circuit_breaker::on_failure(duration took, time_point now) {
  record(true, took, now);
}

void circuit_breaker::on_ignored() {
  ++ignored_;
  if (state_ == breaker_state::half_open && in_flight_ > 0) {
    --in_flight_;
    --permits_issued_;
  }
}

void circuit_breaker::on_outcome(std::optional<errc> error, duration took, time_point now) {
  switch (classify(error)) {
    case call_outcome::success:
      on_success(took, now);
      break;
    case call_outcome::failure:
      on_failure(took, now);
      break;
    case call_outcome::ignored:
      on_ignored();
      break;
  }
}

void circuit_breaker::record(bool failure, duration took, time_point now) {
  const bool slow = took > config_.slow_call_duration;
  switch (state_) {
    case breaker_state::open:
      ++ignored_;  // a call that started before the breaker opened
      return;
    case breaker_state::closed: {
      window_.record(failure, slow, now);
      consecutive_ = failure ? consecutive_ + 1 : 0;
      const auto t = window_.totals(now);
      open_cause cause;
      cause.calls = t.calls;
      cause.failures = t.failures;
      cause.slow_calls = t.slow_calls;
      cause.consecutive_failures = consecutive_;
      cause.judged_over = t.calls;
      if (config_.consecutive_failures > 0 && consecutive_ >= config_.consecutive_failures) {
        cause.reason = transition_reason::consecutive_failures;
        open(cause, now);
      } else if (t.calls >= config_.minimum_calls) {
        if (reaches(t.failures, t.calls, config_.failure_rate_threshold)) {
          cause.reason = transition_reason::failure_rate;
          open(cause, now);
        } else if (reaches(t.slow_calls, t.calls, config_.slow_call_rate_threshold)) {
          cause.reason = transition_reason::slow_call_rate;
          open(cause, now);
        }
      }
      return;
    }
    case breaker_state::half_open: {
      if (in_flight_ == 0) {
        ++ignored_;  // not one of our probes
        return;
      }
      --in_flight_;
      ++probes_.calls;
      probes_.failures += failure ? 1 : 0;
      probes_.slow_calls += slow ? 1 : 0;
      const uint32_t n = config_.permitted_half_open_calls;
      open_cause cause;
      cause.calls = probes_.calls;
      cause.failures = probes_.failures;
      cause.slow_calls = probes_.slow_calls;
      cause.judged_over = n;
      // Judge over all N probes, but stop early once the outcome can no longer change: even if
      // every remaining probe succeeds the rate over N already reaches the threshold.
      if (config_.strict_half_open && failure) {
        cause.reason = transition_reason::probe_failed;
        open(cause, now);
      } else if (reaches(probes_.failures, n, config_.failure_rate_threshold)) {
        cause.reason = transition_reason::failure_rate;
        open(cause, now);
      } else if (reaches(probes_.slow_calls, n, config_.slow_call_rate_threshold)) {
        cause.reason = transition_reason::slow_call_rate;
        open(cause, now);
      } else if (probes_.calls >= n) {
        transition(breaker_state::closed, transition_reason::probes_passed, now);
      }
      return;
    }
  }
}

void circuit_breaker::open(open_cause cause, time_point now) {
  cause.from = state_;
  last_open_ = cause;
  transition(breaker_state::open, cause.reason, now);
}

void circuit_breaker::reset(time_point now) {
  transition(breaker_state::closed, transition_reason::reset, now);
}

void circuit_breaker::transition(breaker_state to, transition_reason why, time_point now) {
  const breaker_state from = state_;
  state_ = to;
  since_ = now;
  ++transitions_;
  consecutive_ = 0;
  permits_issued_ = 0;
  in_flight_ = 0;
  probes_ = {};
  if (to == breaker_state::closed) window_.clear();  // a fresh window after recovery
  if (listener_) listener_(from, to, why);
}

circuit_breaker::duration circuit_breaker::open_remaining(time_point now) const noexcept {
  if (state_ != breaker_state::open) return duration::zero();
  const auto left = config_.open_duration - (now - since_);
  return std::max(left, duration::zero());
}

circuit_breaker_stats circuit_breaker::stats(time_point now) const {
  circuit_breaker_stats s;
  s.state = state_;
  window_totals t{};
  switch (state_) {
    case breaker_state::closed:
      t = window_.totals(now);
      break;
    case breaker_state::half_open:
      t = probes_;
      break;
    case breaker_state::open:
      if (last_open_)
        t = window_totals{last_open_->calls, last_open_->failures, last_open_->slow_calls};
      break;
  }
  s.calls = t.calls;
  s.failures = t.failures;
  s.slow_calls = t.slow_calls;
  s.failure_rate = rate(t.failures, t.calls);
  s.slow_call_rate = rate(t.slow_calls, t.calls);
  s.consecutive_failures = consecutive_;
  s.half_open_in_flight = in_flight_;
  s.time_in_state = std::max(now - since_, duration::zero());
  s.transitions = transitions_;
  s.not_permitted = not_permitted_;
  s.ignored = ignored_;
  s.last_open = last_open_;
  return s;
}

}  // namespace wm::resilience
