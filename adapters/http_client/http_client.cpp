#include "adapters/http_client/http_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "adapters/http_client/header_name.hpp"

namespace wm {
namespace {

// libcurl must be initialised once per process before any thread uses it.
void global_init_once() {
  static const bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

bool is_connection_error(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:  // the peer closed before the body was complete
      return true;
    default:
      return false;
  }
}

const char* method_name(http_method m) {
  switch (m) {
    case http_method::get:
      return "GET";
    case http_method::post:
      return "POST";
    case http_method::put:
      return "PUT";
    case http_method::patch:
      return "PATCH";
    case http_method::del:
      return "DELETE";
    case http_method::head:
      return "HEAD";
  }
  return "GET";
}

// "Name: value" as libcurl takes it ("Name;" sends an empty header).
std::string header_line(const std::string& name, const std::string& value) {
  std::string line = name;
  line += value.empty() ? ";" : ": ";
  line += value;
  return line;
}

// What a pooled easy handle keeps between requests: the options that differ only by method
// and TLS verification. A handle is reused as is for a request of the same shape; another
// shape resets it first.
struct request_shape {
  http_method method = http_method::get;
  bool verify_tls = true;
  bool operator==(const request_shape&) const = default;
};

}  // namespace

class http_profile {
 public:
  http_profile(std::vector<std::pair<std::string, std::string>> headers,
               std::vector<std::string> response_headers)
      : wanted(std::move(response_headers)) {
    for (const auto& [name, value] : headers) lines.push_back(header_line(name, value));
    for (const auto& line : lines) list = curl_slist_append(list, line.c_str());
    list = curl_slist_append(list, "Expect:");
  }
  ~http_profile() { curl_slist_free_all(list); }
  http_profile(const http_profile&) = delete;
  http_profile& operator=(const http_profile&) = delete;

  // Whether on_headers needs this response header (any case).
  bool wants(std::string_view name) const {
    if (wanted.empty()) return true;
    return std::any_of(wanted.begin(), wanted.end(),
                       [&](const std::string& w) { return iequals_ascii(w, name); });
  }

  std::vector<std::string> lines;
  std::vector<std::string> wanted;
  curl_slist* list = nullptr;  // lines, then "Expect:"; libcurl only reads it
};

std::shared_ptr<const http_profile> http_client::make_profile(
    std::vector<std::pair<std::string, std::string>> headers,
    std::vector<std::string> response_headers) {
  return std::make_shared<const http_profile>(std::move(headers), std::move(response_headers));
}

struct http_client::impl {
  struct transfer {
    http_request req;
    http_handlers handlers;
    impl* owner = nullptr;
    CURL* easy = nullptr;
    curl_slist* header_list = nullptr;
    int status = 0;
    http_headers response_headers;
    bool headers_delivered = false;
    bool cancel_requested = false;  // set by cancel() from a handler: abort at next callback
    std::optional<failure> handler_failure;
    uint64_t body_bytes = 0;
    char error_buffer[CURL_ERROR_SIZE] = {0};
  };

  struct pooled_easy {
    CURL* easy = nullptr;
    request_shape shape;
  };

  struct command {
    bool is_cancel = false;
    uint64_t id = 0;
    std::unique_ptr<transfer> item;  // for submit
  };

  explicit impl(http_client_options opts) : options(opts) {
    global_init_once();
    multi = curl_multi_init();
    if (options.max_host_connections > 0)
      curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.max_host_connections);
    if (options.max_total_connections > 0)
      curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.max_total_connections);
    if (options.max_cached_connections > 0)
      curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, options.max_cached_connections);
    io = std::thread([this] { run(); });
  }

  ~impl() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    curl_multi_wakeup(multi);
    io.join();
    for (const pooled_easy& p : pool) curl_easy_cleanup(p.easy);
    curl_multi_cleanup(multi);
  }

  // ---- any thread ----

  bool on_io_thread() const { return std::this_thread::get_id() == io_id.load(); }

  void submit(http_request request, http_handlers handlers) {
    auto item = std::make_unique<transfer>();
    item->req = std::move(request);
    item->handlers = std::move(handlers);
    item->owner = this;
    submitted.fetch_add(1, std::memory_order_relaxed);
    {
      std::unique_lock<std::mutex> lock(mu);
      if (!stopping) {
        queue.push_back(command{false, item->req.id, std::move(item)});
        const bool wake = take_wakeup();
        lock.unlock();
        if (wake) curl_multi_wakeup(multi);
        return;
      }
    }
    // Shutting down (e.g. a handler submitting during the destructor): answer at once.
    complete(*item, failure{errc::cancelled, "http client is shutting down"});
  }

  void cancel(uint64_t id) {
    if (on_io_thread()) {
      // From a handler: stop delivering bytes now; the queued command removes the handle.
      if (auto it = active.find(id); it != active.end()) it->second->cancel_requested = true;
    }
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stopping) return;  // the shutdown path cancels everything anyway
      queue.push_back(command{true, id, nullptr});
      wake = take_wakeup();
    }
    if (wake) curl_multi_wakeup(multi);
  }

  // Under mu. Only a sleeping I/O thread needs waking, and only once: a busy one looks at the
  // queue before it sleeps, so a burst of submits costs one wakeup (a pipe write), not one each.
  bool take_wakeup() {
    if (!io_sleeping) return false;
    io_sleeping = false;
    return true;
  }

  // ---- I/O thread ----

  void run() {
    io_id.store(std::this_thread::get_id());
    for (;;) {
      std::vector<command> batch;
      bool stop = false;
      {
        std::lock_guard<std::mutex> lock(mu);
        batch.swap(queue);
        stop = stopping;
      }
      for (command& cmd : batch) {
        if (cmd.is_cancel) {
          finish(cmd.id, failure{errc::cancelled, "request cancelled"});
        } else if (stop) {
          complete(*cmd.item, failure{errc::cancelled, "http client is shutting down"});
        } else {
          start(std::move(cmd.item));
        }
      }
      if (stop) break;

      int running = 0;
      curl_multi_perform(multi, &running);
      drain_done();
      {
        // Handlers on this thread queue work without a wakeup: pick it up before sleeping.
        std::lock_guard<std::mutex> lock(mu);
        if (!queue.empty() || stopping) continue;
        io_sleeping = true;  // from here a submit or cancel wakes the poll
      }
      curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
      {
        std::lock_guard<std::mutex> lock(mu);
        io_sleeping = false;
      }
    }
    // Shutdown: everything still in flight completes with cancelled.
    std::vector<uint64_t> ids;
    ids.reserve(active.size());
    for (auto& [id, item] : active) ids.push_back(id);
    for (uint64_t id : ids) finish(id, failure{errc::cancelled, "http client is shutting down"});
  }

  void start(std::unique_ptr<transfer> item) {
    const uint64_t id = item->req.id;
    if (item->req.url.empty()) {
      complete(*item, failure{errc::invalid_input, "http request has an empty url"});
      return;
    }
    if (active.count(id) != 0) {
      complete(*item, failure{errc::invalid_input,
                              "http request id " + std::to_string(id) + " is already in flight"});
      return;
    }
    CURL* easy = acquire_easy(shape_of(item->req));
    if (easy == nullptr) {
      complete(*item, failure{errc::internal, "curl_easy_init failed"});
      return;
    }
    item->easy = easy;
    configure(*item);
    transfer* raw = item.get();
    active.emplace(id, std::move(item));
    if (curl_multi_add_handle(multi, easy) != CURLM_OK) {
      auto node = active.extract(id);
      release(*raw);
      complete(*node.mapped(), failure{errc::internal, "curl_multi_add_handle failed"});
      return;
    }
    started.fetch_add(1, std::memory_order_relaxed);
  }

  static request_shape shape_of(const http_request& r) { return {r.method, r.verify_tls}; }

  // Options a handle keeps while it is pooled: set once per handle and shape.
  static void configure_shape(CURL* e, const request_shape& shape) {
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, shape.verify_tls ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, shape.verify_tls ? 2L : 0L);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header_line);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
    switch (shape.method) {
      case http_method::get:
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
        break;
      case http_method::head:
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
        break;
      case http_method::post:
        break;  // POSTFIELDS (per request) makes it a POST
      default:
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method_name(shape.method));
        break;
    }
  }

  // Options of this request: every one is set again on a reused handle.
  void configure(transfer& t) {
    CURL* e = t.easy;
    const http_request& r = t.req;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    if (r.method != http_method::get && r.method != http_method::head) {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
    }

    if (r.profile && r.headers.empty()) {
      curl_easy_setopt(e, CURLOPT_HTTPHEADER, r.profile->list);  // shared, not per transfer
      return;
    }
    curl_slist* list = nullptr;
    if (r.profile)
      for (const auto& line : r.profile->lines) list = curl_slist_append(list, line.c_str());
    for (const auto& [name, value] : r.headers)
      list = curl_slist_append(list, header_line(name, value).c_str());
    list = curl_slist_append(list, "Expect:");
    t.header_list = list;
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
  }

  void drain_done() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      if (t == nullptr) continue;
      const CURLcode code = msg->data.result;
      if (code == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        finish(t->req.id, http_completion{static_cast<int>(status), t->body_bytes});
      } else {
        finish(t->req.id, classify(*t, code));
      }
    }
  }

  static failure classify(const transfer& t, CURLcode code) {
    if (t.cancel_requested) return failure{errc::cancelled, "request cancelled"};
    if (t.handler_failure) return *t.handler_failure;
    std::string detail = t.error_buffer[0] != '\0' ? t.error_buffer : curl_easy_strerror(code);
    if (code == CURLE_OPERATION_TIMEDOUT) return failure{errc::timeout, "timeout: " + detail};
    if (is_connection_error(code)) return failure{errc::unavailable, "connection error: " + detail};
    return failure{errc::provider_error, "http transfer failed: " + detail};
  }

  // Removes a transfer from libcurl and the active set, then answers its caller once.
  void finish(uint64_t id, result<http_completion> outcome) {
    auto node = active.extract(id);
    if (node.empty()) return;  // already completed, or never started: cancel is a no-op
    transfer& t = *node.mapped();
    curl_multi_remove_handle(multi, t.easy);
    release(t);
    complete(t, std::move(outcome));
  }

  void complete(transfer& t, result<http_completion> outcome) {
    if (outcome.ok()) {
      // nothing
    } else if (outcome.error().code == errc::cancelled) {
      cancelled.fetch_add(1, std::memory_order_relaxed);
    } else {
      failed.fetch_add(1, std::memory_order_relaxed);
    }
    completed.fetch_add(1, std::memory_order_relaxed);
    auto on_complete = std::move(t.handlers.on_complete);
    t.handlers = {};
    if (on_complete) {
      try {
        on_complete(std::move(outcome));
      } catch (...) {
        // A handler must not take the I/O thread down.
      }
    }
  }

  // A pooled handle of the same shape as is, else one reset for this shape, else a new one.
  CURL* acquire_easy(const request_shape& shape) {
    for (auto it = pool.rbegin(); it != pool.rend(); ++it) {
      if (it->shape != shape) continue;
      CURL* e = it->easy;
      pool.erase(std::next(it).base());
      return e;
    }
    CURL* e = nullptr;
    if (!pool.empty()) {
      e = pool.back().easy;
      pool.pop_back();
      curl_easy_reset(e);  // keeps its buffers and connection state, drops every option
    } else {
      e = curl_easy_init();
      if (e == nullptr) return nullptr;
    }
    configure_shape(e, shape);
    return e;
  }

  // The handle goes back to the pool with its options: the next request of the same shape
  // overwrites the per-request ones before libcurl reads any of them.
  void release(transfer& t) {
    if (t.header_list != nullptr) curl_slist_free_all(t.header_list);
    t.header_list = nullptr;
    if (t.easy == nullptr) return;
    if (pool.size() < options.easy_pool_size) {
      pool.push_back(pooled_easy{t.easy, shape_of(t.req)});
    } else {
      curl_easy_cleanup(t.easy);
    }
    t.easy = nullptr;
  }

  void deliver_headers(transfer& t) {
    t.headers_delivered = true;
    if (t.handlers.on_headers) t.handlers.on_headers(t.status, t.response_headers);
  }

  static size_t on_header_line(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<transfer*>(user);
    const size_t n = size * count;
    if (t.cancel_requested) return 0;
    std::string_view line(data, n);
    try {
      if (line.rfind("HTTP/", 0) == 0) {
        // A new header block (after a 1xx, or the first one).
        t.response_headers.clear();
        const auto space = line.find(' ');
        t.status = space == std::string_view::npos
                       ? 0
                       : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
      } else if (trim_header_text(line).empty()) {
        if (t.status >= 200 && !t.headers_delivered) t.owner->deliver_headers(t);
      } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
        const auto raw_name = trim_header_text(line.substr(0, colon));
        if (t.req.profile && !t.req.profile->wants(raw_name)) return n;
        std::string name(raw_name);
        std::transform(name.begin(), name.end(), name.begin(), ascii_lower);
        std::string value(trim_header_text(line.substr(colon + 1)));
        auto [it, inserted] = t.response_headers.emplace(std::move(name), value);
        if (!inserted) it->second += ", " + value;
      }
    } catch (...) {
      t.handler_failure = failure{errc::internal, "http on_headers handler threw"};
      return 0;
    }
    return n;
  }

  static size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto& t = *static_cast<transfer*>(user);
    const size_t n = size * count;
    if (t.cancel_requested) return 0;
    try {
      if (!t.headers_delivered) t.owner->deliver_headers(t);
      t.body_bytes += n;
      if (t.handlers.on_body_chunk && n > 0) t.handlers.on_body_chunk(std::string_view(data, n));
    } catch (...) {
      t.handler_failure = failure{errc::internal, "http on_body_chunk handler threw"};
      return 0;
    }
    // cancel() from inside the chunk handler aborts the transfer right here.
    return t.cancel_requested ? 0 : n;
  }

  http_client_options options;
  CURLM* multi = nullptr;
  std::thread io;
  std::atomic<std::thread::id> io_id{};

  std::mutex mu;
  std::vector<command> queue;  // guarded by mu
  bool stopping = false;       // guarded by mu
  bool io_sleeping = false;    // guarded by mu: the I/O thread is in (or entering) poll

  // I/O thread only.
  std::unordered_map<uint64_t, std::unique_ptr<transfer>> active;
  std::vector<pooled_easy> pool;

  std::atomic<uint64_t> submitted{0};
  std::atomic<uint64_t> started{0};
  std::atomic<uint64_t> completed{0};
  std::atomic<uint64_t> cancelled{0};
  std::atomic<uint64_t> failed{0};
};

http_client::http_client(http_client_options options) : impl_(std::make_unique<impl>(options)) {}

http_client::~http_client() = default;

void http_client::submit(http_request request, http_handlers handlers) {
  impl_->submit(std::move(request), std::move(handlers));
}

void http_client::cancel(uint64_t id) {
  impl_->cancel(id);
}

http_client_stats http_client::stats() const {
  http_client_stats s;
  s.completed = impl_->completed.load(std::memory_order_acquire);
  s.cancelled = impl_->cancelled.load(std::memory_order_relaxed);
  s.failed = impl_->failed.load(std::memory_order_relaxed);
  s.started = impl_->started.load(std::memory_order_relaxed);
  s.submitted = impl_->submitted.load(std::memory_order_acquire);
  s.in_flight = s.submitted >= s.completed ? s.submitted - s.completed : 0;
  return s;
}

}  // namespace wm
