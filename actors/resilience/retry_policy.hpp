#pragma once
// The retry rules of the official OpenAI / Anthropic SDKs as a pure decision function: given what
// happened on one attempt, retry or not, and after how long. The provider actor owns the timer,
// the request and the retry budget; this only decides.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "actors/resilience/backoff.hpp"
#include "actors/resilience/retry_after.hpp"
#include "messages/errc.hpp"

namespace wm::resilience {

struct retry_policy_config {
  uint32_t max_attempts = 3;  // 1 try + 2 retries, as the SDKs
  backoff_kind backoff = backoff_kind::exponential;
  std::chrono::milliseconds base{500};
  std::chrono::milliseconds cap{8000};
  // A server asking for a longer wait than this is not retried (reported as rate_limited):
  // sleeping a minute inside one request helps nobody; the caller or a fallback should act.
  std::chrono::milliseconds retry_after_cap{60000};
};

// What one attempt produced, as seen by the transport and the codec.
struct attempt_outcome {
  int http_status = 0;                        // 0: no HTTP response at all
  bool connection_error = false;              // DNS, connect, TLS, reset, truncated transfer
  bool timed_out = false;                     // the per-attempt timeout fired
  std::optional<std::string> x_should_retry;  // raw header values, when present
  std::optional<std::string> retry_after_ms;
  std::optional<std::string> retry_after;
  bool tokens_delivered = false;  // a stream already handed text to the caller

  // Stores the header if it is one of the three above (name compared case-insensitively);
  // returns whether it was kept. Lets a curl header callback feed every header through.
  bool set_header(std::string_view name, std::string_view value);
};

enum class retry_reason : uint8_t {
  succeeded,             // 2xx: nothing to retry
  retryable_status,      // 408, 409, 429, >= 500
  connection_error,      // no response, or the attempt timed out
  server_requested,      // x-should-retry: true
  server_refused,        // x-should-retry: false
  not_retryable_status,  // any other status (400, 401, 403, 404, 413, 422, ...)
  tokens_delivered,      // the caller already saw part of the answer
  attempts_exhausted,    // max_attempts reached
  retry_after_too_long,  // the server asked to wait longer than retry_after_cap
};
std::string_view to_string(retry_reason reason) noexcept;

enum class delay_source : uint8_t { none, retry_after_ms, retry_after, backoff };
std::string_view to_string(delay_source source) noexcept;

struct retry_decision {
  bool retry = false;
  std::chrono::milliseconds delay{0};  // wait this long before the next attempt (when retry)
  retry_reason reason = retry_reason::succeeded;
  delay_source source = delay_source::none;
  std::optional<errc> error;  // when giving up on a failed attempt: the error to report
};

// 408, 409, 429 and every status >= 500.
bool is_retryable_status(int status) noexcept;

// The error an attempt stands for: timed_out -> timeout; no response -> unavailable; 400/422 ->
// invalid_input; 401 unauthorized; 403 forbidden; 404 not_found; 408 timeout; 409 conflict;
// 413 payload_too_large; 429 rate_limited; 502/503/504/529 unavailable; other 5xx and unexpected
// statuses provider_error; other 4xx invalid_input. nullopt for a 2xx without transport error.
std::optional<errc> errc_for_outcome(const attempt_outcome& outcome) noexcept;

// "true" / "false" (case-insensitive, spaces ignored); nullopt for anything else.
std::optional<bool> parse_should_retry(std::string_view value) noexcept;

class retry_policy {
 public:
  using wall_clock = std::function<std::chrono::system_clock::time_point()>;

  // `random` feeds the jitter (default: a randomly seeded generator); `now` anchors HTTP-date
  // retry-after values (default: std::chrono::system_clock::now).
  explicit retry_policy(retry_policy_config config = {}, uniform_source random = {},
                        wall_clock now = {});

  // `attempt_number` is the 1-based number of the attempt that just ended (0 counts as 1).
  // `previous_delay` is the delay that preceded it (0 for the first attempt); only decorrelated
  // jitter reads it.
  // Rules, in order: a 2xx without transport error succeeded; once tokens were delivered never
  // retry; x-should-retry true/false decides when present; else connection errors, timeouts and
  // is_retryable_status() retry; max_attempts bounds it all. The delay is retry-after-ms if it
  // parses, else retry-after (seconds or IMF-fixdate), else the backoff schedule for retry
  // number attempt_number - 1; a server delay above retry_after_cap means give up with
  // rate_limited.
  retry_decision decide(const attempt_outcome& outcome, uint32_t attempt_number,
                        std::chrono::milliseconds previous_delay = {}) const;

  const retry_policy_config& config() const noexcept { return config_; }

 private:
  retry_policy_config config_;
  uniform_source random_;
  wall_clock now_;
};

}  // namespace wm::resilience
