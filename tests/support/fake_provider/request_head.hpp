#pragma once
// Reads one HTTP/1.1 request off the front of a connection's bytes for the fake provider's
// own server: request line, headers (names lower-cased), a Content-Length body. Pure: no
// sockets, so the framing rules are unit-tested and fuzzed on their own.
#include <cstddef>
#include <string>
#include <string_view>

#include "adapters/http_client/http_request.hpp"

namespace wm::fake {

struct recorded_request {
  std::string method;
  std::string path;      // without the query string
  http_headers headers;  // lower-cased names
  std::string body;
};

struct request_limits {
  size_t max_head = 64 * 1024;
  size_t max_body = 16 * 1024 * 1024;
};

struct request_framing {
  enum class state { incomplete, complete, invalid };
  state status = state::incomplete;
  // complete: the request and how many bytes of the input it took.
  recorded_request request;
  size_t consumed = 0;
  // False for "Connection: close", an HTTP/1.0 request without keep-alive, and any
  // invalid request (answered, then the connection closes).
  bool keep_alive = true;
  // incomplete: the head is read and asks for "Expect: 100-continue" before its body.
  bool expects_continue = false;
  // invalid: the status to answer with (400, 413, 431, 501, 505) and why; then close.
  int error_status = 0;
  std::string error_message;
};

// The request at the front of `bytes`.
request_framing read_request(std::string_view bytes, const request_limits& limits = {});

}  // namespace wm::fake
