#pragma once
// OpenAI Chat Completions wire format (POST /v1/chat/completions), also spoken by OpenAI-
// compatible servers (llama.cpp, Ollama, vLLM). Pure: bytes in, records out.
#include <memory>
#include <string>
#include <string_view>

#include "adapters/codecs/stream_decoder.hpp"
#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm::codecs {

// The JSON body for POST /v1/chat/completions: model (req.model, else default_model),
// messages, max_tokens, temperature, stream, and stream_options.include_usage when streaming.
// errc::invalid_input for no model, no messages, an unknown role, max_tokens 0, or a
// temperature outside [0, 2].
result<std::string> encode_openai_request(const completion_request& req,
                                          std::string_view default_model = {});

// A non-streaming response: choices[0].message.content, finish_reason, model,
// usage.prompt_tokens / completion_tokens. An `{"error":...}` body maps through
// map_error_object; anything unparsable is errc::provider_error "malformed response: ...".
result<completion_result> decode_openai_response(std::string_view body);

// Streaming: chat.completion.chunk events carry choices[0].delta.content and finish_reason;
// with include_usage a last chunk (empty choices) carries usage; `data: [DONE]` ends the stream.
class openai_stream_decoder final : public stream_decoder {
 public:
  openai_stream_decoder();
  ~openai_stream_decoder() override;

  result<stream_update> on_event(const sse::event& ev) override;
  // Complete when [DONE] arrived, or (lenient for compatible servers that omit it) when a
  // finish_reason did.
  status finish() override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wm::codecs
