#pragma once
// Anthropic Messages wire format (POST /v1/messages, anthropic-version 2023-06-01). Pure.
#include <memory>
#include <string>
#include <string_view>

#include "adapters/codecs/stream_decoder.hpp"
#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm::codecs {

// The JSON body for POST /v1/messages: model, max_tokens (required there), system (every
// system message, joined by a blank line, moved to the top-level field), messages (user and
// assistant only), temperature, stream. errc::invalid_input for no model, no user/assistant
// message, an unknown role, max_tokens 0, or a temperature outside [0, 1].
result<std::string> encode_anthropic_request(const completion_request& req,
                                             std::string_view default_model = {});

// Anthropic stop_reason in the vocabulary of completion_result::finish_reason:
// end_turn and stop_sequence -> "stop", max_tokens -> "length", others unchanged.
std::string normalize_stop_reason(std::string_view stop_reason);

// A non-streaming response: text blocks of content[] joined, stop_reason, model,
// usage.input_tokens / output_tokens. An error body maps through map_error_object.
result<completion_result> decode_anthropic_response(std::string_view body);

// Streaming: message_start (model, usage.input_tokens), content_block_start, ping,
// content_block_delta (text_delta -> text), content_block_stop, message_delta (stop_reason,
// cumulative usage.output_tokens), message_stop (end), error. Unknown event types are ignored,
// as Anthropic's versioning policy asks.
class anthropic_stream_decoder final : public stream_decoder {
 public:
  anthropic_stream_decoder();
  ~anthropic_stream_decoder() override;

  result<stream_update> on_event(const sse::event& ev) override;
  // Complete only when message_stop arrived.
  status finish() override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wm::codecs
