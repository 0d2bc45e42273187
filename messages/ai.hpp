#pragma once
// Chat completion vocabulary shared by the AI gateway, the provider actors, the codecs
// and the edges (HTTP API, shell, C facade).
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wm {

struct chat_message {
  std::string role;  // system | user | assistant
  std::string content;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, chat_message& x) {
  return f(caf::meta::type_name("wm.chat_message"), x.role, x.content);
}

// The longest deadline a caller may ask for (an hour; ms), and the most tokens: what the HTTP
// API and the C facade accept.
inline constexpr int64_t max_request_deadline_ms = 3'600'000;
inline constexpr uint32_t max_request_tokens = 1'000'000;

struct completion_request {
  std::string request_id;
  std::string model;  // empty: the provider's configured model
  std::vector<chat_message> messages;
  uint32_t max_tokens = 1024;
  double temperature = 0.7;
  bool stream = false;
  int64_t deadline_ms = 0;  // one deadline across every attempt; 0: the gateway default
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, completion_request& x) {
  return f(caf::meta::type_name("wm.completion_request"), x.request_id, x.model, x.messages,
           x.max_tokens, x.temperature, x.stream, x.deadline_ms);
}

struct token_usage {
  uint64_t prompt_tokens = 0;
  uint64_t completion_tokens = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, token_usage& x) {
  return f(caf::meta::type_name("wm.token_usage"), x.prompt_tokens, x.completion_tokens);
}

// One streamed piece of a completion, sent to the requester as it arrives.
struct completion_chunk {
  std::string request_id;
  std::string text;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, completion_chunk& x) {
  return f(caf::meta::type_name("wm.completion_chunk"), x.request_id, x.text);
}

struct completion_result {
  std::string request_id;
  std::string text;           // whole text (also for streams: the concatenated chunks)
  std::string finish_reason;  // stop | length | cancelled | ...
  std::string provider;       // which provider answered
  std::string model;
  token_usage usage;
  uint32_t attempts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, completion_result& x) {
  return f(caf::meta::type_name("wm.completion_result"), x.request_id, x.text, x.finish_reason,
           x.provider, x.model, x.usage, x.attempts);
}

// Per-provider circuit breaker state and window statistics, as the gateway reports them.
struct breaker_report {
  std::string provider;
  std::string state;   // closed | open | half_open
  uint32_t calls = 0;  // closed: the sliding window; half-open: this episode's probes
  uint32_t failures = 0;
  uint32_t slow_calls = 0;
  double failure_rate = 0;    // percent
  double slow_call_rate = 0;  // percent
  uint32_t consecutive_failures = 0;
  uint64_t transitions = 0;
  uint64_t not_permitted = 0;     // calls refused while open
  int64_t open_remaining_ms = 0;  // how long an open breaker still refuses calls
  std::string last_open_reason;   // empty if it never opened
  double retry_tokens = 0;        // the provider's retry budget (token bucket)
  uint64_t retries_denied = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, breaker_report& x) {
  return f(caf::meta::type_name("wm.breaker_report"), x.provider, x.state, x.calls, x.failures,
           x.slow_calls, x.failure_rate, x.slow_call_rate, x.consecutive_failures, x.transitions,
           x.not_permitted, x.open_remaining_ms, x.last_open_reason, x.retry_tokens,
           x.retries_denied);
}

// Tokens used through one provider and model since the gateway started.
struct usage_report {
  std::string provider;
  std::string model;
  uint64_t requests = 0;
  token_usage usage;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, usage_report& x) {
  return f(caf::meta::type_name("wm.usage_report"), x.provider, x.model, x.requests, x.usage);
}

// The writing operations on a text selection or a whole document.
enum class writing_op : uint8_t { continue_text = 0, rewrite = 1, summarize = 2, proofread = 3 };

inline constexpr writing_op all_writing_ops[] = {writing_op::continue_text, writing_op::rewrite,
                                                 writing_op::summarize, writing_op::proofread};

// "continue", "rewrite", "summarize", "proofread" (also the config key suffix ai.prompt.<op>).
constexpr const char* to_string(writing_op op) noexcept {
  switch (op) {
    case writing_op::continue_text:
      return "continue";
    case writing_op::rewrite:
      return "rewrite";
    case writing_op::summarize:
      return "summarize";
    case writing_op::proofread:
      return "proofread";
  }
  return "unknown";
}

// Provider I/O events: the HTTP client's callbacks (on its I/O thread) become these messages to
// the provider actor that owns the transfer; no actor state is touched off the actor.
// Streaming: the final header block arrived. Retry headers are empty when absent.
struct transfer_head {
  uint64_t transfer = 0;
  int32_t status = 0;
  std::string x_should_retry;
  std::string retry_after_ms;
  std::string retry_after;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, transfer_head& x) {
  return f(caf::meta::type_name("wm.transfer_head"), x.transfer, x.status, x.x_should_retry,
           x.retry_after_ms, x.retry_after);
}

// Streaming: body bytes as they arrived.
struct transfer_body {
  uint64_t transfer = 0;
  std::string bytes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, transfer_body& x) {
  return f(caf::meta::type_name("wm.transfer_body"), x.transfer, x.bytes);
}

// The transfer ended (exactly once). error == 0: a response arrived (any status); else a wm::errc
// value with `message`. Non-streaming transfers carry their head and whole body here.
struct transfer_end {
  uint64_t transfer = 0;
  uint8_t error = 0;
  std::string message;
  transfer_head head;
  std::string body;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, transfer_end& x) {
  return f(caf::meta::type_name("wm.transfer_end"), x.transfer, x.error, x.message, x.head, x.body);
}

}  // namespace wm
