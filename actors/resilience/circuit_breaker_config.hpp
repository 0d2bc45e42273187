#pragma once
// Configuration of the circuit breaker (resilience4j names, plus Polly's consecutive-failures
// mode), the preset from the product brief, and which errors count as failures.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "actors/resilience/sliding_window.hpp"
#include "messages/errc.hpp"
#include "messages/result.hpp"

namespace wm::resilience {

struct circuit_breaker_config {
  using duration = std::chrono::steady_clock::duration;

  // Field defaults are resilience4j's own defaults; defaults() is the WriteMagic preset.
  window_kind window = window_kind::count_based;
  uint32_t window_size = 100;            // calls (count based) or seconds (time based)
  uint32_t minimum_calls = 100;          // no rate is judged on fewer calls than this
  double failure_rate_threshold = 50.0;  // percent; open when rate >= threshold
  duration slow_call_duration = std::chrono::seconds{60};  // a call longer than this is slow
  double slow_call_rate_threshold = 100.0;            // percent; open when slow rate >= threshold
  duration open_duration = std::chrono::seconds{60};  // wait before probing again
  uint32_t permitted_half_open_calls = 10;            // probes per half-open episode
  uint32_t consecutive_failures = 0;  // Polly mode: open after N failures in a row; 0 off
  // true: one failed probe re-opens and closing needs every probe to succeed (Polly, "N
  // successes to close"); false: the failure rate over the N probes decides (resilience4j).
  bool strict_half_open = false;
  // Half-open longer than this without a verdict (probes lost) goes back to open; 0 = never.
  duration max_half_open_duration = duration::zero();

  // The brief's preset "5 failures, 3 successes to close, 60 s open, 30 s call timeout, 3
  // half-open calls, min 10 calls, 60 s window, 50% rate", mapped as:
  //   5 failures          -> consecutive_failures = 5
  //   60 s window, min 10, 50% -> time_based window of 60 s, minimum_calls 10, failure rate 50
  //   60 s open           -> open_duration 60 s
  //   3 half-open calls + 3 successes to close -> permitted_half_open_calls 3, strict_half_open
  //   30 s call timeout   -> slow_call_duration 30 s (the timeout itself is the provider's job:
  //                          a timed-out call reports errc::timeout, a failure); slow rate 100%
  //                          (resilience4j default: only an all-slow window opens)
  //   (ours)              -> max_half_open_duration 60 s, so lost probes cannot wedge it
  static circuit_breaker_config defaults();

  // Rejects nonsense (zero sizes, rates outside (0, 100], negative durations) with
  // errc::invalid_input and a message naming the field.
  status validate() const;
  // The same rules applied by clamping: what the breaker actually runs with.
  circuit_breaker_config sanitized() const;
};

// How a finished call is counted by the breaker.
enum class call_outcome : uint8_t { success, failure, ignored };

// Failures are the provider's fault: timeout, unavailable, provider_error, rate_limited. The
// caller's own errors (invalid_input, unauthorized, forbidden, not_found, conflict,
// payload_too_large) and local conditions (cancelled, shutting_down, circuit_open, internal) are
// ignored: they say nothing about the provider's health. nullopt (no error) is a success.
call_outcome classify(std::optional<errc> error) noexcept;

}  // namespace wm::resilience
