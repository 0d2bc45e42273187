#pragma once
// Incremental Server-Sent-Events parser following the WHATWG "event stream interpretation"
// rules. Bytes may arrive split anywhere (even inside a CRLF or the BOM); the events are the
// same for every split. Pure logic: the provider actors own one parser per HTTP stream.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::sse {

struct event {
  std::string type = "message";  // the `event:` field; "message" when absent (per spec)
  std::string data;              // `data:` lines joined with '\n'
  std::string id;                // last event id seen so far (persists across events)
};

inline bool operator==(const event& a, const event& b) {
  return a.type == b.type && a.data == b.data && a.id == b.id;
}

// Called once per dispatched event; the reference is only valid during the call.
using event_callback = std::function<void(const event&)>;

class parser {
 public:
  static constexpr std::size_t default_max_event_bytes = std::size_t{1} << 20;  // 1 MiB

  explicit parser(std::size_t max_event_bytes = default_max_event_bytes)
      : max_event_bytes_(max_event_bytes) {}

  // Consumes the next bytes of the stream, calling on_event for every completed event.
  // Fails with errc::invalid_input once a pending event (buffered line + data) would exceed
  // max_event_bytes; after a failure every later call returns the same failure.
  status feed(std::string_view bytes, const event_callback& on_event);

  // End of stream. The spec discards an incomplete event; this reports it: ok when the
  // stream ended on an event boundary, errc::provider_error when it ended mid-event.
  status finish();

  // The last valid `retry:` value (reconnection time in milliseconds), if any.
  std::optional<uint64_t> retry_ms() const noexcept { return retry_ms_; }
  // The last event id buffer (what a reconnect would send as Last-Event-ID).
  const std::string& last_event_id() const noexcept { return last_id_; }

  // True while the parser holds bytes of an event that has not been dispatched yet.
  bool mid_event() const noexcept;

 private:
  status consume(std::string_view bytes, const event_callback& on_event);
  status append_to_line(std::string_view segment);
  status process_line(const event_callback& on_event);
  void dispatch(const event_callback& on_event);
  status over_limit();

  std::size_t max_event_bytes_;
  std::string line_;     // the current, unterminated line
  std::string data_;     // data buffer (each line followed by '\n')
  std::string type_;     // event type buffer
  std::string last_id_;  // last event id buffer
  std::optional<uint64_t> retry_ms_;
  event scratch_;  // reused for dispatch to keep buffer capacity
  std::size_t bom_matched_ = 0;
  bool bom_done_ = false;
  bool skip_lf_ = false;     // the previous feed ended with CR: a leading LF belongs to it
  bool in_comment_ = false;  // current line starts with ':' and is being discarded
  std::optional<failure> failed_;
};

}  // namespace wm::sse
