#pragma once
// The common shape of the two streaming decoders: fed one SSE event at a time, each returns
// what that event added, and keeps a running summary (text, finish reason, usage, model).
#include <string>

#include "adapters/sse/sse_parser.hpp"
#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm::codecs {

struct stream_update {
  std::string text;   // text delta carried by this event (empty for most control events)
  bool done = false;  // the provider's end-of-stream marker ([DONE] / message_stop)
};

class stream_decoder {
 public:
  virtual ~stream_decoder() = default;

  // Decodes one SSE event. A mid-stream error event or malformed JSON is a failure; after a
  // failure every later call returns it again. Events after the end marker are ignored.
  virtual result<stream_update> on_event(const sse::event& ev) = 0;

  // The HTTP body ended: ok if the stream was complete, errc::provider_error if truncated.
  virtual status finish() = 0;

  bool done() const noexcept { return done_; }

  // Everything decoded so far: text (all deltas joined), finish_reason, usage, model.
  const completion_result& summary() const noexcept { return summary_; }

 protected:
  completion_result summary_;
  bool done_ = false;
};

}  // namespace wm::codecs
