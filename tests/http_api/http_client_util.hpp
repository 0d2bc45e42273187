#pragma once
// libcurl easy-API helpers for the HTTP API tests (loopback only).
#include <curl/curl.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tests/support/free_port.hpp"

namespace wm::testing {

struct http_reply {
  long status = 0;                             // 0: no HTTP answer (connection failed)
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  std::string error;  // curl's message when status == 0
};

struct http_call {
  std::string method = "GET";
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  long timeout_ms = 30'000;
  // Streaming: called with every piece of the body as it arrives; return false to hang up.
  std::function<bool(const std::string&)> on_data;
};

http_reply perform(const http_call& call);

inline http_reply http_get(const std::string& url, std::vector<std::string> headers = {}) {
  http_call c;
  c.url = url;
  c.headers = std::move(headers);
  return perform(c);
}

inline http_reply http_send(const std::string& method, const std::string& url, std::string body,
                            std::vector<std::string> headers = {"Content-Type: application/json"}) {
  http_call c;
  c.method = method;
  c.url = url;
  c.body = std::move(body);
  c.headers = std::move(headers);
  return perform(c);
}

// True when a TCP connection to 127.0.0.1:port succeeds.
bool tcp_connects(int port);

// Sends `bytes` as they are (no HTTP client in between) and returns what the server wrote
// until it closed the connection (or 5 s passed).
std::string raw_exchange(int port, const std::string& bytes);

// The string member `key` of a JSON object body; "<bad json>" or "<missing>" otherwise.
std::string json_string(const std::string& body, const char* key);

}  // namespace wm::testing
