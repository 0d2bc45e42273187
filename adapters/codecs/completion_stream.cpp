#include "adapters/codecs/completion_stream.hpp"

#include "adapters/codecs/anthropic_codec.hpp"
#include "adapters/codecs/openai_codec.hpp"

namespace wm::codecs {

std::unique_ptr<stream_decoder> make_stream_decoder(provider_kind kind) {
  if (kind == provider_kind::anthropic) return std::make_unique<anthropic_stream_decoder>();
  return std::make_unique<openai_stream_decoder>();
}

completion_stream::completion_stream(provider_kind kind, std::size_t max_event_bytes)
    : parser_(max_event_bytes), decoder_(make_stream_decoder(kind)) {}

status completion_stream::feed(std::string_view bytes, const text_callback& on_text) {
  if (failed_) return *failed_;
  if (decoder_->done()) return {};
  auto st = parser_.feed(bytes, [&](const sse::event& ev) {
    if (failed_ || decoder_->done()) return;
    auto update = decoder_->on_event(ev);
    if (!update) {
      failed_ = update.error();
      return;
    }
    if (!update->text.empty() && on_text) on_text(update->text);
  });
  if (!st) failed_ = st.error();
  if (failed_) return *failed_;
  return {};
}

status completion_stream::finish() {
  if (failed_) return *failed_;
  if (decoder_->done()) return {};  // anything after the end marker does not matter
  auto decoded = decoder_->finish();
  if (!decoded) return decoded;
  // A complete decoder with SSE bytes still pending is harmless; the decoder decides.
  (void)parser_.finish();
  return {};
}

}  // namespace wm::codecs
