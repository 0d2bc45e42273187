#pragma once
// Chat completion vocabulary shared by the AI gateway, the provider actors, the codecs
// and the edges (HTTP API, shell, C facade).
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
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

struct completion_request {
  std::string request_id;
  std::string model;          // empty: the provider's configured model
  std::vector<chat_message> messages;
  uint32_t max_tokens = 1024;
  double temperature = 0.7;
  bool stream = false;
  int64_t deadline_ms = 0;    // one deadline across every attempt; 0: the gateway default
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
  return f(caf::meta::type_name("wm.completion_result"), x.request_id, x.text,
           x.finish_reason, x.provider, x.model, x.usage, x.attempts);
}

}  // namespace wm
