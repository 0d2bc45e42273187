#pragma once
// wm::http_client: many concurrent HTTP/1.1 transfers driven by one I/O thread on libcurl's
// multi interface (curl_multi_poll, woken by curl_multi_wakeup when work arrives).
//
// Handlers run ON THE I/O THREAD. They must be quick and must not block: every transfer of
// this client waits while one runs. Post the data elsewhere (an actor message, a queue) and
// return. They may call submit() and cancel() on the same client. They must not throw (an
// exception is caught and the transfer fails with errc::internal).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/http_client/http_request.hpp"
#include "messages/result.hpp"

namespace wm {

// Outcome of a transfer that reached the end of a response. Any HTTP status counts as
// ok here (a 429 is a well-formed answer); mapping statuses to errors is the codec's job.
struct http_completion {
  int status = 0;
  uint64_t body_bytes = 0;
};

struct http_handlers {
  // Once, when the final (non-1xx) header block has arrived.
  std::function<void(int status, const http_headers& headers)> on_headers;
  // As bytes arrive (streaming); each view is valid only during the call.
  std::function<void(std::string_view chunk)> on_body_chunk;
  // Exactly once per submitted request, last. Failures:
  //   errc::timeout         connect or total timeout hit
  //   errc::unavailable     "connection error: ..." (refused, reset, closed early); retryable
  //   errc::cancelled       cancel(id) or the client shut down
  //   errc::invalid_input   bad request (duplicate in-flight id, empty url)
  //   errc::provider_error  anything else libcurl reports (TLS, protocol, ...)
  std::function<void(result<http_completion>)> on_complete;
};

struct http_client_options {
  // CURLMOPT_MAX_HOST_CONNECTIONS: 0 = unlimited; extra transfers queue inside libcurl.
  long max_host_connections = 0;
  // CURLMOPT_MAX_TOTAL_CONNECTIONS: 0 = unlimited.
  long max_total_connections = 0;
  // CURLMOPT_MAXCONNECTS: connections kept open for reuse; 0 = libcurl's default, which is
  // 4 x the transfers in flight: while few run, every one that finishes closes another idle
  // connection, and the next burst connects again (1 in 50 requests did so in bench_ai_gateway).
  long max_cached_connections = 64;
  // Finished easy handles kept for reuse, with their options: a request with the same method
  // and TLS verification only sets its own (URL, body, timeouts); another one resets the
  // handle first (curl_easy_reset keeps its buffers).
  size_t easy_pool_size = 64;
};

struct http_client_stats {
  uint64_t in_flight = 0;  // submitted and not yet completed (queued or transferring)
  uint64_t submitted = 0;
  uint64_t started = 0;    // handed to libcurl
  uint64_t completed = 0;  // on_complete called, any outcome
  uint64_t cancelled = 0;  // completed with errc::cancelled
  uint64_t failed = 0;     // completed with any other failure
};

class http_client {
 public:
  explicit http_client(http_client_options options = {});
  // Cancels every queued and in-flight transfer (each completes with errc::cancelled)
  // and joins the I/O thread.
  ~http_client();

  http_client(const http_client&) = delete;
  http_client& operator=(const http_client&) = delete;

  // Thread-safe. Queues the request and wakes the I/O thread; never blocks on the network.
  void submit(http_request request, http_handlers handlers);

  // Thread-safe. Removes the transfer on the I/O thread at once and completes it with
  // errc::cancelled, unless it has already completed. Unknown ids are ignored.
  void cancel(uint64_t id);

  http_client_stats stats() const;

  // Headers many requests share (sent first, in order) and the lower-case names of the
  // response headers their on_headers reads (empty: all of them). Thread-safe; the
  // profile can be used by any number of requests at once, on any client.
  static std::shared_ptr<const http_profile> make_profile(
      std::vector<std::pair<std::string, std::string>> headers,
      std::vector<std::string> response_headers = {});

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace wm
