#pragma once
// What the fake provider does for one request. Plain data, so tests script it in C++ and
// the standalone server reads it from JSON (parse_behaviours).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "messages/result.hpp"

namespace wm::fake {

struct fake_behaviour {
  int status = 200;
  // Extra response headers, e.g. {"retry-after", "2"}, {"retry-after-ms", "150"},
  // {"x-should-retry", "false"}.
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay_before_headers{0};
  // The completion text, one stream event per token; the non-streaming body joins them.
  std::vector<std::string> tokens = {"Hello", ",", " world", "!"};
  std::chrono::milliseconds token_delay{0};
  // Streams only: close the connection after this many tokens, without [DONE]/message_stop.
  std::optional<size_t> truncate_after;
  // Close the socket without sending any response.
  bool reset_connection = false;
  // 2xx only: a body (or one stream event) that is not valid JSON.
  bool malformed_json = false;
  // Streams only: after this many tokens send the provider's mid-stream error event and end.
  std::optional<size_t> error_after;
  // Error type/message for 4xx/5xx bodies and error events; empty = the provider's usual
  // type for the status (e.g. 529 -> overloaded_error) and a fixed message.
  std::string error_type;
  std::string error_message;
  // Override of finish_reason / stop_reason ("stop" / "end_turn" by default).
  std::string finish_reason;
};

// A 200 stream of `tokens` tokens ("t0 ", "t1 ", ...), each `token_delay` after the last:
// the slow streams the benchmarks hold by the thousand.
fake_behaviour slow_stream(size_t tokens, std::chrono::milliseconds token_delay);

// Parses a JSON array of behaviour objects, or a single object. Keys (all optional):
// status, headers {name: value}, delay_ms, tokens [..], token_delay_ms, truncate_after,
// reset (bool), malformed_json (bool), error_after, error_type, error_message,
// finish_reason, case (string: the X-Test-Case it is for; returned in the pair's first).
result<std::vector<std::pair<std::string, fake_behaviour>>> parse_behaviours(std::string_view json);

}  // namespace wm::fake
