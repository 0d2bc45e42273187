#pragma once
// A fake OpenAI + Anthropic HTTP server for tests and benchmarks (one epoll thread of our own,
// timed_http_server: any number of slow or stalled responses at once). It listens on
// 127.0.0.1 with an ephemeral port and answers
//   POST /v1/chat/completions   OpenAI shapes (JSON or SSE when the body has "stream":true)
//   POST /v1/messages           Anthropic shapes (JSON or SSE events)
//   POST /_script               JSON list of behaviours to queue (see parse_behaviours)
//   POST /_reset                clears scripts, defaults and counters
//   GET  /_stats                {"requests":N,"connections":M,"streams_aborted":K,
//                                "peak_streams":P}
//   GET  /_last                 {"path","body"} of the last provider request (for tests
//                                that run the fake in another process)
// Each provider request takes the next behaviour: the FIFO for its X-Test-Case header if
// that case has one, else that case's default, else the global FIFO, else the global default.
// Usage is deterministic: prompt tokens = words in the prompt (system + message texts),
// completion tokens = tokens sent. All methods are thread-safe.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/fake_provider/fake_behaviour.hpp"
#include "tests/support/fake_provider/request_head.hpp"

namespace wm::fake {

struct fake_provider_options {
  int port = 0;                      // 0 = ephemeral
  int keep_alive_timeout_ms = 2000;  // an idle kept-alive connection is closed after this
};

class fake_provider {
 public:
  explicit fake_provider(fake_provider_options options = {});
  ~fake_provider();  // stop()

  fake_provider(const fake_provider&) = delete;
  fake_provider& operator=(const fake_provider&) = delete;

  // False when the server could not listen (error() says why).
  bool running() const;
  const std::string& error() const;
  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:<port>"

  void push(fake_behaviour behaviour);
  void set_default(fake_behaviour behaviour);
  // Behaviours for requests carrying the header "X-Test-Case: <name>".
  void push_for_case(const std::string& name, fake_behaviour behaviour);
  void set_case_default(const std::string& name, fake_behaviour behaviour);
  void reset();

  uint64_t requests_received() const;  // provider routes only
  // Distinct client connections that sent a provider request (by remote port).
  uint64_t connections_seen() const;
  // Streams whose client went away before the end.
  uint64_t streams_aborted() const;
  // Streaming responses in progress now: one stays counted until the server has sent its last
  // byte, which can be just after the client has read it.
  size_t streams_open() const;
  // The most streaming responses in progress at once since start or reset().
  size_t peak_streams() const;
  std::optional<recorded_request> last_request() const;

  // Closes every connection (cutting delayed or slow responses) and stops; idempotent.
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wm::fake
