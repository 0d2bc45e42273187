#include "actors/resilience/retry_policy.hpp"

#include <random>

#include "adapters/http_client/header_name.hpp"

namespace wm::resilience {

using std::chrono::milliseconds;

namespace {

retry_decision give_up(retry_reason reason, std::optional<errc> error) {
  retry_decision d;
  d.retry = false;
  d.reason = reason;
  d.error = error;
  return d;
}

}  // namespace

bool attempt_outcome::set_header(std::string_view name, std::string_view value) {
  name = trim_header_text(name);
  value = trim_header_text(value);
  if (iequals_ascii(name, "x-should-retry")) {
    x_should_retry = std::string(value);
  } else if (iequals_ascii(name, "retry-after-ms")) {
    retry_after_ms = std::string(value);
  } else if (iequals_ascii(name, "retry-after")) {
    retry_after = std::string(value);
  } else {
    return false;
  }
  return true;
}

std::string_view to_string(retry_reason reason) noexcept {
  switch (reason) {
    case retry_reason::succeeded:
      return "succeeded";
    case retry_reason::retryable_status:
      return "retryable_status";
    case retry_reason::connection_error:
      return "connection_error";
    case retry_reason::server_requested:
      return "server_requested";
    case retry_reason::server_refused:
      return "server_refused";
    case retry_reason::not_retryable_status:
      return "not_retryable_status";
    case retry_reason::tokens_delivered:
      return "tokens_delivered";
    case retry_reason::attempts_exhausted:
      return "attempts_exhausted";
    case retry_reason::retry_after_too_long:
      return "retry_after_too_long";
  }
  return "unknown";
}

std::string_view to_string(delay_source source) noexcept {
  switch (source) {
    case delay_source::none:
      return "none";
    case delay_source::retry_after_ms:
      return "retry_after_ms";
    case delay_source::retry_after:
      return "retry_after";
    case delay_source::backoff:
      return "backoff";
  }
  return "unknown";
}

bool is_retryable_status(int status) noexcept {
  return status == 408 || status == 409 || status == 429 || status >= 500;
}

std::optional<errc> errc_for_outcome(const attempt_outcome& o) noexcept {
  if (o.timed_out) return errc::timeout;
  if (o.connection_error || o.http_status <= 0) return errc::unavailable;
  const int s = o.http_status;
  if (s >= 200 && s < 300) return std::nullopt;
  switch (s) {
    case 400:
    case 422:
      return errc::invalid_input;
    case 401:
      return errc::unauthorized;
    case 403:
      return errc::forbidden;
    case 404:
      return errc::not_found;
    case 408:
      return errc::timeout;
    case 409:
      return errc::conflict;
    case 413:
      return errc::payload_too_large;
    case 429:
      return errc::rate_limited;
    case 502:
    case 503:
    case 504:
    case 529:  // Anthropic overloaded_error
      return errc::unavailable;
    default:
      break;
  }
  if (s >= 400 && s < 500) return errc::invalid_input;
  return errc::provider_error;  // other 5xx, and 1xx/3xx we did not expect
}

std::optional<bool> parse_should_retry(std::string_view value) noexcept {
  value = trim_header_text(value);
  if (iequals_ascii(value, "true")) return true;
  if (iequals_ascii(value, "false")) return false;
  return std::nullopt;
}

retry_policy::retry_policy(retry_policy_config config, uniform_source random, wall_clock now)
    : config_(config), random_(std::move(random)), now_(std::move(now)) {
  if (!random_) random_ = make_uniform_source(std::random_device{}());
  if (!now_) now_ = [] { return std::chrono::system_clock::now(); };
}

retry_decision retry_policy::decide(const attempt_outcome& outcome, uint32_t attempt_number,
                                    milliseconds previous_delay) const {
  const auto error = errc_for_outcome(outcome);
  if (!error) return give_up(retry_reason::succeeded, std::nullopt);
  if (outcome.tokens_delivered) return give_up(retry_reason::tokens_delivered, error);

  // Which rule says "retry"? The server's explicit header wins over our status table.
  retry_reason reason;
  bool retryable;
  const auto should =
      outcome.x_should_retry ? parse_should_retry(*outcome.x_should_retry) : std::nullopt;
  if (should) {
    retryable = *should;
    reason = *should ? retry_reason::server_requested : retry_reason::server_refused;
  } else if (outcome.timed_out || outcome.connection_error || outcome.http_status <= 0) {
    retryable = true;
    reason = retry_reason::connection_error;
  } else {
    retryable = is_retryable_status(outcome.http_status);
    reason = retryable ? retry_reason::retryable_status : retry_reason::not_retryable_status;
  }
  if (!retryable) return give_up(reason, error);
  if (attempt_number == 0) attempt_number = 1;
  if (attempt_number >= config_.max_attempts)
    return give_up(retry_reason::attempts_exhausted, error);

  retry_decision d;
  d.retry = true;
  d.reason = reason;
  std::optional<milliseconds> server_delay;
  if (outcome.retry_after_ms) {
    server_delay = parse_retry_after_ms(*outcome.retry_after_ms);
    if (server_delay) d.source = delay_source::retry_after_ms;
  }
  if (!server_delay && outcome.retry_after) {
    server_delay = parse_retry_after(*outcome.retry_after, now_());
    if (server_delay) d.source = delay_source::retry_after;
  }
  if (server_delay) {
    if (*server_delay > config_.retry_after_cap) {
      auto out = give_up(retry_reason::retry_after_too_long, errc::rate_limited);
      out.delay = *server_delay;  // tells the caller how long the server wanted
      out.source = d.source;
      return out;
    }
    d.delay = *server_delay;
    return d;
  }
  d.source = delay_source::backoff;
  const backoff_config bc{config_.backoff, config_.base, config_.cap};
  d.delay = backoff_delay(bc, attempt_number - 1, previous_delay, draw_unit(random_));
  return d;
}

}  // namespace wm::resilience
