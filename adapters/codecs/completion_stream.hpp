#pragma once
// Raw HTTP body bytes of a streaming completion in, text deltas out: an SSE parser feeding the
// provider's stream decoder. This is what a provider actor holds per streaming transfer.
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "adapters/codecs/provider_kind.hpp"
#include "adapters/codecs/stream_decoder.hpp"
#include "adapters/sse/sse_parser.hpp"

namespace wm::codecs {

std::unique_ptr<stream_decoder> make_stream_decoder(provider_kind kind);

class completion_stream {
 public:
  using text_callback = std::function<void(std::string_view text)>;

  explicit completion_stream(provider_kind kind,
                             std::size_t max_event_bytes = sse::parser::default_max_event_bytes);

  // Feeds body bytes in any split; on_text gets each non-empty text delta in order. Fails on an
  // oversized event, malformed JSON or a mid-stream error event, and keeps failing after that.
  // Bytes after the end marker are ignored.
  status feed(std::string_view bytes, const text_callback& on_text);

  // The body ended: ok only for a complete stream.
  status finish();

  bool done() const noexcept { return decoder_->done(); }
  const completion_result& summary() const noexcept { return decoder_->summary(); }

 private:
  sse::parser parser_;
  std::unique_ptr<stream_decoder> decoder_;
  std::optional<failure> failed_;
};

}  // namespace wm::codecs
