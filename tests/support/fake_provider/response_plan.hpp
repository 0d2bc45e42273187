#pragma once
// What the fake provider's server writes for one request, decided up front: bytes at given
// delays, then keep the connection, close it, or reset it. Plain data, so every scripted
// behaviour (delays, slow streams, truncation, resets) is built and tested without sockets,
// and one server thread can hold thousands of slow responses at once.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wm::fake {

struct response_step {
  std::chrono::milliseconds wait{0};  // after the previous step (or the request)
  std::string bytes;
};

enum class response_end {
  keep_open,  // ready for the next request (unless the request asked to close)
  close,      // FIN after the last byte: the client sees a truncated response
  reset,      // RST: the client sees a connection reset
};

struct response_plan {
  std::vector<response_step> steps;
  response_end end = response_end::keep_open;
  // A stream: a client gone before the last step counts as an aborted stream.
  bool stream = false;
};

// A response's status line and headers, through the blank line: a Content-Length body when
// `length` is given, else a chunked one. `extra_headers` are whole "Name: value\r\n" lines.
std::string response_head(int status, std::string_view content_type, std::optional<size_t> length,
                          std::string_view extra_headers = {});

// One step, answered at once: a complete response with a Content-Length body.
response_plan immediate_response(int status, std::string_view content_type, std::string_view body,
                                 std::string_view extra_headers = {});

}  // namespace wm::fake
