#pragma once
// The circuit breaker state machine (closed / open / half-open) as resilience4j defines it, with
// Polly's consecutive-failures mode and visible statistics. Time is always passed in, so the
// actor that owns the breaker decides the clock and tests use a fake one.
// Thread-compatible: owned and called by one actor.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "actors/resilience/circuit_breaker_config.hpp"
#include "actors/resilience/sliding_window.hpp"
#include "messages/errc.hpp"

namespace wm::resilience {

enum class breaker_state : uint8_t { closed, open, half_open };
std::string_view to_string(breaker_state s) noexcept;

enum class transition_reason : uint8_t {
  failure_rate,           // closed/half-open -> open: failure rate reached the threshold
  slow_call_rate,         // closed/half-open -> open: slow-call rate reached the threshold
  consecutive_failures,   // closed -> open: N failures in a row
  probe_failed,           // half-open -> open: a probe failed under strict_half_open
  half_open_timeout,      // half-open -> open: no verdict within max_half_open_duration
  open_duration_elapsed,  // open -> half-open
  probes_passed,          // half-open -> closed
  reset,                  // reset() by an operator or a config reload
};
std::string_view to_string(transition_reason r) noexcept;

// Why the breaker last opened, with the numbers it judged (so "open" is always explainable).
struct open_cause {
  transition_reason reason = transition_reason::failure_rate;
  breaker_state from = breaker_state::closed;
  uint32_t calls = 0;
  uint32_t failures = 0;
  uint32_t slow_calls = 0;
  uint32_t consecutive_failures = 0;
  // The denominator the rates were judged over: the window's calls when closed, the
  // permitted_half_open_calls when half-open (a verdict can come before every probe is back).
  uint32_t judged_over = 0;
  std::chrono::steady_clock::duration half_open_age{};  // for half_open_timeout
};

struct circuit_breaker_stats {
  breaker_state state = breaker_state::closed;
  // closed: the sliding window; half-open: this episode's finished probes; open: the numbers
  // that opened it.
  uint32_t calls = 0;
  uint32_t failures = 0;
  uint32_t slow_calls = 0;
  double failure_rate = 0;    // percent in [0, 100]; 0 with no calls
  double slow_call_rate = 0;  // percent in [0, 100]
  uint32_t consecutive_failures = 0;
  uint32_t half_open_in_flight = 0;
  std::chrono::steady_clock::duration time_in_state{};
  uint64_t transitions = 0;
  uint64_t not_permitted = 0;  // try_acquire() refusals
  uint64_t ignored = 0;        // on_ignored() and late results
  std::optional<open_cause> last_open;
};

class circuit_breaker {
 public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;
  using duration = clock::duration;
  // Called synchronously after each transition, with the breaker already in `to`. It may read
  // the breaker (state(), stats()); it should not report outcomes from inside.
  using listener = std::function<void(breaker_state from, breaker_state to, transition_reason)>;

  // The config is sanitized (see circuit_breaker_config::sanitized); `now` starts the clock
  // for time_in_state.
  explicit circuit_breaker(circuit_breaker_config config = circuit_breaker_config::defaults(),
                           time_point now = {});

  // May a call go out now? closed: yes. open: no until open_duration has passed since it
  // opened, then it becomes half-open and this call is the first probe. half-open: yes for at
  // most permitted_half_open_calls probes per episode.
  bool try_acquire(time_point now);

  // A call finished. `took` is its duration (slow when > slow_call_duration). Results that
  // arrive while open, or in half-open beyond the probes in flight, are late (from calls
  // started before a transition) and are only counted as ignored. Callers that can tag calls
  // compare transitions() at acquire time with the current value to drop stale results first.
  void on_success(duration took, time_point now);
  void on_failure(duration took, time_point now);
  // The call ended in a way that says nothing about the provider (e.g. a 400). In half-open
  // its permit is given back so another probe can go.
  void on_ignored();
  // classify(error) then one of the three above.
  void on_outcome(std::optional<errc> error, duration took, time_point now);

  // Back to closed with a fresh window.
  void reset(time_point now);

  // Stored state: an open breaker whose open_duration has passed still reads open until the
  // next try_acquire() (as resilience4j without automatic transition).
  breaker_state state() const noexcept { return state_; }
  circuit_breaker_stats stats(time_point now) const;
  // How long an open breaker still refuses calls (0 when not open).
  duration open_remaining(time_point now) const noexcept;
  uint64_t transitions() const noexcept { return transitions_; }
  const circuit_breaker_config& config() const noexcept { return config_; }

  void set_listener(listener l) { listener_ = std::move(l); }

 private:
  void record(bool failure, duration took, time_point now);
  void transition(breaker_state to, transition_reason why, time_point now);
  void open(open_cause cause, time_point now);

  circuit_breaker_config config_;
  breaker_state state_ = breaker_state::closed;
  time_point since_;
  sliding_window window_;
  uint32_t consecutive_ = 0;
  // half-open episode
  uint32_t permits_issued_ = 0;  // probes handed out and not given back
  uint32_t in_flight_ = 0;
  window_totals probes_{};
  uint64_t transitions_ = 0;
  uint64_t not_permitted_ = 0;
  uint64_t ignored_ = 0;
  std::optional<open_cause> last_open_;
  listener listener_;
};

}  // namespace wm::resilience
