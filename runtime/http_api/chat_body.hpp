#pragma once
// The request bodies of the two completion routes, POST /v1/ai/complete and OpenAI's
// POST /v1/chat/completions, read into a completion_request: pure (no request, no actor), so
// a fuzz target drives them. Every failure is invalid_input naming the field. The routes set
// the request id. The chat messages inside share one shape.
#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm::http_api {

// [{role, content}] where role is system|user|assistant and content a string or (OpenAI) an
// array of {"type":"text","text":...} parts. `field` names the array in error messages.
result<std::vector<chat_message>> read_chat_messages(simdjson::dom::array arr,
                                                     std::string_view field);

// POST /v1/ai/complete: {prompt | messages, system?, model?, max_tokens?, temperature?,
// stream?, deadline_ms?}.
result<completion_request> read_complete_body(std::string_view body);

// POST /v1/ai/write: {operation, text | document_id, model?, max_tokens?, temperature?,
// stream?, deadline_ms?}. The route reads the document's content when document_id is given,
// then builds the request from the configured writing prompt (ai::build_writing_request).
struct write_body {
  writing_op op = writing_op::rewrite;
  std::string text;            // empty when document_id is given
  std::string document_id;     // empty when text is given
  completion_request options;  // model, max_tokens, temperature, stream, deadline_ms
};
result<write_body> read_write_body(std::string_view body);

// POST /v1/chat/completions: OpenAI's body (model, messages, stream, stream_options,
// max_tokens / max_completion_tokens, temperature, n = 1, user).
struct chat_request {
  completion_request req;
  bool include_usage = false;  // stream_options.include_usage
};
result<chat_request> read_chat_body(std::string_view body);

// OpenAI finish reasons from the gateway's/providers' (end_turn -> stop, max_tokens -> length).
std::string_view openai_finish_reason(std::string_view reason);

}  // namespace wm::http_api
