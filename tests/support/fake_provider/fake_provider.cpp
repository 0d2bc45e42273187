#include "tests/support/fake_provider/fake_provider.hpp"

#include <arpa/inet.h>
#include <civetweb.h>
#include <dirent.h>
#include <netinet/in.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

#include "adapters/codecs/json_writer.hpp"
#include "adapters/http_server/reason_phrase.hpp"

namespace wm::fake {
namespace {

enum class provider { openai, anthropic };

// What the handler learned from the request body.
struct request_facts {
  bool valid_json = false;
  bool stream = false;
  bool include_usage = false;
  std::string model = "fake-model";
  size_t prompt_words = 0;
};

size_t count_words(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Words of a "content" (or Anthropic "system") value: a string or an array of text parts.
size_t content_words(simdjson::dom::element content) {
  std::string_view s;
  if (content.get_string().get(s) == simdjson::SUCCESS) return count_words(s);
  size_t n = 0;
  simdjson::dom::array parts;
  if (content.get_array().get(parts) != simdjson::SUCCESS) return 0;
  for (auto part : parts) {
    if (part["text"].get_string().get(s) == simdjson::SUCCESS) n += count_words(s);
  }
  return n;
}

request_facts inspect_body(const std::string& body) {
  request_facts f;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body).get(root) != simdjson::SUCCESS || !root.is_object()) return f;
  f.valid_json = true;
  bool b = false;
  std::string_view s;
  if (root["stream"].get_bool().get(b) == simdjson::SUCCESS) f.stream = b;
  if (root["stream_options"]["include_usage"].get_bool().get(b) == simdjson::SUCCESS)
    f.include_usage = b;
  if (root["model"].get_string().get(s) == simdjson::SUCCESS) f.model = std::string(s);
  simdjson::dom::element system;
  if (root["system"].get(system) == simdjson::SUCCESS) f.prompt_words += content_words(system);
  simdjson::dom::array messages;
  if (root["messages"].get_array().get(messages) == simdjson::SUCCESS) {
    for (auto m : messages) {
      simdjson::dom::element content;
      if (m["content"].get(content) == simdjson::SUCCESS) f.prompt_words += content_words(content);
    }
  }
  return f;
}

std::string json_escape(std::string_view s) {
  std::string out;
  codecs::append_json_string(out, s);
  return out;
}

// The provider's usual error "type" (and OpenAI "code") for a status.
std::pair<std::string, std::string> default_error_type(provider p, int status) {
  if (p == provider::anthropic) {
    switch (status) {
      case 400:
        return {"invalid_request_error", ""};
      case 401:
        return {"authentication_error", ""};
      case 402:
        return {"billing_error", ""};
      case 403:
        return {"permission_error", ""};
      case 404:
        return {"not_found_error", ""};
      case 413:
        return {"request_too_large", ""};
      case 429:
        return {"rate_limit_error", ""};
      case 504:
        return {"timeout_error", ""};
      case 529:
        return {"overloaded_error", ""};
      default:
        return {status >= 500 ? "api_error" : "invalid_request_error", ""};
    }
  }
  switch (status) {
    case 401:
      return {"invalid_request_error", "invalid_api_key"};
    case 403:
      return {"permission_error", "unsupported_country_region_territory"};
    case 404:
      return {"invalid_request_error", "model_not_found"};
    case 408:
      return {"timeout", "timeout"};
    case 409:
      return {"conflict_error", "conflict"};
    case 413:
      return {"invalid_request_error", "request_too_large"};
    case 429:
      return {"requests", "rate_limit_exceeded"};
    default:
      return {status >= 500 ? "server_error" : "invalid_request_error", ""};
  }
}

std::string error_json(provider p, int status, const fake_behaviour& b) {
  auto [type, code] = default_error_type(p, status);
  if (!b.error_type.empty()) type = b.error_type;
  const std::string message =
      b.error_message.empty() ? "fake provider error " + std::to_string(status) : b.error_message;
  if (p == provider::anthropic) {
    return R"({"type":"error","error":{"type":)" + json_escape(type) + R"(,"message":)" +
           json_escape(message) + "}}";
  }
  return R"({"error":{"message":)" + json_escape(message) + R"(,"type":)" + json_escape(type) +
         R"(,"param":null,"code":)" + (code.empty() ? std::string("null") : json_escape(code)) +
         "}}";
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string s;
  for (const auto& t : tokens) s += t;
  return s;
}

// The accepted socket of this connection, found by its (local port, peer port) pair: civetweb
// does not expose it, and closing without a response needs it.
int find_socket(int server_port, int remote_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (dirent* entry = readdir(dir)) {
    if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) continue;
    const int fd = std::atoi(entry->d_name);
    sockaddr_in local{}, peer{};
    socklen_t len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) continue;
    if (local.sin_family != AF_INET || ntohs(local.sin_port) != server_port) continue;
    len = sizeof peer;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) continue;
    if (ntohs(peer.sin_port) == remote_port) {
      found = fd;
      break;
    }
  }
  closedir(dir);
  return found;
}

void library_init_once() {
  static const bool done = [] {
    mg_init_library(0);
    return true;
  }();
  (void)done;
}

}  // namespace

struct fake_provider::impl {
  struct case_script {
    std::deque<fake_behaviour> queue;
    std::optional<fake_behaviour> fallback;
  };

  fake_provider_options options;
  mg_context* ctx = nullptr;
  int port = 0;
  std::string error;

  mutable std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;
  std::deque<fake_behaviour> queue;
  fake_behaviour fallback;
  std::map<std::string, case_script> cases;
  uint64_t requests = 0;
  std::set<int> remote_ports;
  std::optional<recorded_request> last;
  std::atomic<uint64_t> aborted{0};

  // Sleeps unless the server stops first; false when stopping.
  bool pause(std::chrono::milliseconds d) {
    if (d.count() <= 0) return true;
    std::unique_lock<std::mutex> lock(mu);
    return !wake.wait_for(lock, d, [this] { return stopping; });
  }

  fake_behaviour take(const recorded_request& req) {
    if (auto h = req.headers.find("x-test-case"); h != req.headers.end()) {
      if (auto c = cases.find(h->second); c != cases.end()) {
        if (!c->second.queue.empty()) {
          fake_behaviour b = std::move(c->second.queue.front());
          c->second.queue.pop_front();
          return b;
        }
        if (c->second.fallback) return *c->second.fallback;
      }
    }
    if (!queue.empty()) {
      fake_behaviour b = std::move(queue.front());
      queue.pop_front();
      return b;
    }
    return fallback;
  }

  static std::string read_body(mg_connection* conn) {
    std::string body;
    char buf[8192];
    for (;;) {
      const int n = mg_read(conn, buf, sizeof buf);
      if (n <= 0) break;
      body.append(buf, static_cast<size_t>(n));
    }
    return body;
  }

  static recorded_request record(mg_connection* conn) {
    const mg_request_info* info = mg_get_request_info(conn);
    recorded_request r;
    r.method = info->request_method ? info->request_method : "";
    r.path = info->local_uri ? info->local_uri : "";
    for (int i = 0; i < info->num_headers; ++i) {
      std::string name = info->http_headers[i].name;
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      r.headers[name] = info->http_headers[i].value ? info->http_headers[i].value : "";
    }
    r.body = read_body(conn);
    return r;
  }

  static bool write_all(mg_connection* conn, std::string_view data) {
    return mg_write(conn, data.data(), data.size()) == static_cast<int>(data.size());
  }

  static bool write_chunk(mg_connection* conn, std::string_view data) {
    char len[24];
    std::snprintf(len, sizeof len, "%zx\r\n", data.size());
    std::string frame = len;
    frame.append(data);
    frame += "\r\n";
    return write_all(conn, frame);
  }

  static std::string head(int status, const char* content_type, std::optional<size_t> length,
                          const fake_behaviour& b, provider p, uint64_t n) {
    std::string h =
        "HTTP/1.1 " + std::to_string(status) + " " + http::reason_phrase(status) + "\r\n";
    h += "Content-Type: ";
    h += content_type;
    h += "\r\n";
    h += length ? "Content-Length: " + std::to_string(*length) + "\r\n"
                : std::string("Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n");
    h += p == provider::openai ? "x-request-id: req_fake_" : "request-id: req_fake_";
    h += std::to_string(n) + "\r\n";
    for (const auto& [name, value] : b.headers) h += name + ": " + value + "\r\n";
    h += "\r\n";
    return h;
  }

  void close_socket(mg_connection* conn, bool hard) {
    const int fd = find_socket(port, mg_get_request_info(conn)->remote_port);
    if (fd < 0) return;
    if (hard) {
      linger lg{1, 0};  // RST when civetweb closes it
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
    shutdown(fd, hard ? SHUT_RDWR : SHUT_WR);
  }

  int serve(mg_connection* conn, provider p) {
    recorded_request req = record(conn);
    if (req.method != "POST") {
      write_all(conn, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
      return 405;
    }
    const request_facts facts = inspect_body(req.body);
    fake_behaviour b;
    uint64_t n = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      n = ++requests;
      remote_ports.insert(mg_get_request_info(conn)->remote_port);
      b = take(req);
      last = std::move(req);
    }
    if (!pause(b.delay_before_headers)) return 503;
    if (b.reset_connection) {
      close_socket(conn, true);
      return 499;
    }
    int status = b.status;
    if (!facts.valid_json && status < 400) {
      status = 400;
      b.error_message = "request body is not valid JSON";
    }
    if (status >= 300) {
      const std::string body = error_json(p, status, b);
      write_all(conn, head(status, "application/json", body.size(), b, p, n) + body);
      return status;
    }
    if (!facts.stream) return serve_plain(conn, p, b, facts, status, n);
    return serve_stream(conn, p, b, facts, status, n);
  }

  int serve_plain(mg_connection* conn, provider p, const fake_behaviour& b, const request_facts& f,
                  int status, uint64_t n) {
    const std::string text = joined(b.tokens);
    const size_t out = b.tokens.size();
    std::string body;
    if (b.malformed_json) {
      body = p == provider::openai
                 ? R"({"id":"chatcmpl-fake","object":"chat.completion","choices":[{)"
                 : R"({"id":"msg_fake","type":"message","content":[{"type":)";
    } else if (p == provider::openai) {
      const std::string reason = b.finish_reason.empty() ? "stop" : b.finish_reason;
      body =
          R"({"id":"chatcmpl-fake-)" + std::to_string(n) +
          R"(","object":"chat.completion","created":1700000000,"model":)" + json_escape(f.model) +
          R"(,"choices":[{"index":0,"message":{"role":"assistant","content":)" + json_escape(text) +
          R"(},"finish_reason":)" + json_escape(reason) + R"(}],"usage":{"prompt_tokens":)" +
          std::to_string(f.prompt_words) + R"(,"completion_tokens":)" + std::to_string(out) +
          R"(,"total_tokens":)" + std::to_string(f.prompt_words + out) + "}}";
    } else {
      const std::string reason = b.finish_reason.empty() ? "end_turn" : b.finish_reason;
      body = R"({"id":"msg_fake_)" + std::to_string(n) +
             R"(","type":"message","role":"assistant","model":)" + json_escape(f.model) +
             R"(,"content":[{"type":"text","text":)" + json_escape(text) + R"(}],"stop_reason":)" +
             json_escape(reason) + R"(,"stop_sequence":null,"usage":{"input_tokens":)" +
             std::to_string(f.prompt_words) + R"(,"output_tokens":)" + std::to_string(out) + "}}";
    }
    write_all(conn, head(status, "application/json", body.size(), b, p, n) + body);
    return status;
  }

  int serve_stream(mg_connection* conn, provider p, const fake_behaviour& b, const request_facts& f,
                   int status, uint64_t n) {
    const std::string id = p == provider::openai ? "chatcmpl-fake-" + std::to_string(n)
                                                 : "msg_fake_" + std::to_string(n);
    const std::string openai_prefix =
        R"(data: {"id":")" + id +
        R"(","object":"chat.completion.chunk","created":1700000000,"model":)" +
        json_escape(f.model) + ",";
    auto event = [&](std::string_view name, const std::string& data) {
      if (p == provider::openai) return "data: " + data + "\n\n";
      return "event: " + std::string(name) + "\ndata: " + data + "\n\n";
    };
    auto send = [&](const std::string& frame) {
      if (write_chunk(conn, frame)) return true;
      aborted.fetch_add(1);
      return false;
    };

    if (!write_all(conn, head(status, "text/event-stream", std::nullopt, b, p, n))) {
      aborted.fetch_add(1);
      return status;
    }
    // Opening events.
    if (p == provider::openai) {
      if (!send(
              openai_prefix +
              R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"
              "\n\n"))
        return status;
    } else {
      if (!send(
              event(
                  "message_start",
                  R"({"type":"message_start","message":{"id":")" + id +
                      R"(","type":"message","role":"assistant","model":)" + json_escape(f.model) +
                      R"(,"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":)" +
                      std::to_string(f.prompt_words) + R"(,"output_tokens":0}}})") +
              event(
                  "content_block_start",
                  R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
              event("ping", R"({"type":"ping"})")))
        return status;
    }

    size_t sent = 0;
    for (const std::string& token : b.tokens) {
      if (b.truncate_after && sent >= *b.truncate_after) {
        close_socket(conn, false);
        return status;
      }
      if (b.error_after && sent >= *b.error_after) {
        auto [type, code] = default_error_type(p, 500);
        const std::string err_type = b.error_type.empty()
                                         ? (p == provider::anthropic ? "overloaded_error" : type)
                                         : b.error_type;
        const std::string msg = b.error_message.empty() ? "fake mid-stream error" : b.error_message;
        std::string data = p == provider::anthropic
                               ? R"({"type":"error","error":{"type":)" + json_escape(err_type) +
                                     R"(,"message":)" + json_escape(msg) + "}}"
                               : R"({"error":{"message":)" + json_escape(msg) + R"(,"type":)" +
                                     json_escape(err_type) + R"(,"param":null,"code":null}})";
        if (send(event("error", data))) write_all(conn, "0\r\n\r\n");
        return status;
      }
      if (!pause(b.token_delay)) return status;
      std::string frame;
      if (b.malformed_json && sent == 0) {
        frame = p == provider::openai
                    ? "data: {\"id\":\"" + id + "\",\"choices\":[{\"delta\":{\"content\":\n\n"
                    : event("content_block_delta",
                            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_del)");
      } else if (p == provider::openai) {
        frame = openai_prefix + R"("choices":[{"index":0,"delta":{"content":)" +
                json_escape(token) + R"(},"finish_reason":null}]})" + "\n\n";
      } else {
        frame = event(
            "content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":)" +
                json_escape(token) + "}}");
      }
      if (!send(frame)) return status;
      ++sent;
    }
    if (b.truncate_after && sent >= *b.truncate_after) {
      close_socket(conn, false);
      return status;
    }

    std::string tail;
    if (p == provider::openai) {
      const std::string reason = b.finish_reason.empty() ? "stop" : b.finish_reason;
      tail = openai_prefix + R"("choices":[{"index":0,"delta":{},"finish_reason":)" +
             json_escape(reason) + "}]}\n\n";
      if (f.include_usage) {
        tail += openai_prefix + R"("choices":[],"usage":{"prompt_tokens":)" +
                std::to_string(f.prompt_words) + R"(,"completion_tokens":)" + std::to_string(sent) +
                R"(,"total_tokens":)" + std::to_string(f.prompt_words + sent) + "}}\n\n";
      }
      tail += "data: [DONE]\n\n";
    } else {
      const std::string reason = b.finish_reason.empty() ? "end_turn" : b.finish_reason;
      tail = event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
             event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":)" +
                                        json_escape(reason) +
                                        R"(,"stop_sequence":null},"usage":{"output_tokens":)" +
                                        std::to_string(sent) + "}}") +
             event("message_stop", R"({"type":"message_stop"})");
    }
    if (send(tail)) write_all(conn, "0\r\n\r\n");
    return status;
  }

  int control(mg_connection* conn, std::string_view what) {
    recorded_request req = record(conn);
    std::string body;
    int status = 200;
    if (what == "script" && req.method == "POST") {
      auto parsed = parse_behaviours(req.body);
      if (!parsed) {
        status = 400;
        body = R"({"error":)" + json_escape(parsed.error().message) + "}";
      } else {
        std::lock_guard<std::mutex> lock(mu);
        for (auto& [name, b] : *parsed) {
          if (name.empty()) {
            queue.push_back(std::move(b));
          } else {
            cases[name].queue.push_back(std::move(b));
          }
        }
        body = R"({"queued":)" + std::to_string(parsed->size()) + "}";
      }
    } else if (what == "reset" && req.method == "POST") {
      reset();
      body = "{}";
    } else if (what == "stats") {
      std::lock_guard<std::mutex> lock(mu);
      body = R"({"requests":)" + std::to_string(requests) + R"(,"connections":)" +
             std::to_string(remote_ports.size()) + R"(,"streams_aborted":)" +
             std::to_string(aborted.load()) + "}";
    } else {
      status = 405;
      body = "{}";
    }
    write_all(conn, "HTTP/1.1 " + std::to_string(status) + " " + http::reason_phrase(status) +
                        "\r\nContent-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body);
    return status;
  }

  void reset() {
    std::lock_guard<std::mutex> lock(mu);
    queue.clear();
    cases.clear();
    fallback = fake_behaviour{};
    requests = 0;
    remote_ports.clear();
    last.reset();
    aborted.store(0);
  }

  static int on_openai(mg_connection* c, void* self) {
    return static_cast<impl*>(self)->serve(c, provider::openai);
  }
  static int on_anthropic(mg_connection* c, void* self) {
    return static_cast<impl*>(self)->serve(c, provider::anthropic);
  }
  static int on_script(mg_connection* c, void* self) {
    return static_cast<impl*>(self)->control(c, "script");
  }
  static int on_reset(mg_connection* c, void* self) {
    return static_cast<impl*>(self)->control(c, "reset");
  }
  static int on_stats(mg_connection* c, void* self) {
    return static_cast<impl*>(self)->control(c, "stats");
  }
  static int on_log(const mg_connection*, const char*) { return 1; }  // keep stderr quiet

  void start() {
    library_init_once();
    const std::string listen = "127.0.0.1:" + std::to_string(options.port);
    const std::string threads = std::to_string(options.num_threads);
    const std::string keep_alive = std::to_string(options.keep_alive_timeout_ms);
    const char* opts[] = {"listening_ports",
                          listen.c_str(),
                          "num_threads",
                          threads.c_str(),
                          "enable_keep_alive",
                          "yes",
                          "keep_alive_timeout_ms",
                          keep_alive.c_str(),
                          "tcp_nodelay",
                          "1",
                          "request_timeout_ms",
                          "120000",
                          nullptr};
    mg_callbacks callbacks{};
    callbacks.log_message = &on_log;
    ctx = mg_start(&callbacks, this, opts);
    if (ctx == nullptr) {
      error = "civetweb could not start on " + listen;
      return;
    }
    mg_server_port ports[4];
    const int count = mg_get_server_ports(ctx, 4, ports);
    if (count < 1 || ports[0].port <= 0) {
      error = "civetweb did not report its listening port";
      mg_stop(ctx);
      ctx = nullptr;
      return;
    }
    port = ports[0].port;
    mg_set_request_handler(ctx, "/v1/chat/completions$", &on_openai, this);
    mg_set_request_handler(ctx, "/v1/messages$", &on_anthropic, this);
    mg_set_request_handler(ctx, "/_script$", &on_script, this);
    mg_set_request_handler(ctx, "/_reset$", &on_reset, this);
    mg_set_request_handler(ctx, "/_stats$", &on_stats, this);
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stopping = true;
    }
    wake.notify_all();
    if (ctx == nullptr) return;
    // civetweb's accept loop only looks at its stop flag between polls (2 s apart); a
    // connection attempt wakes it, so stopping takes milliseconds instead.
    std::atomic<bool> stopped{false};
    std::thread nudge([this, &stopped] {
      while (!stopped.load()) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(port));
        connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        close(fd);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    mg_stop(ctx);
    stopped.store(true);
    nudge.join();
    ctx = nullptr;
  }
};

fake_provider::fake_provider(fake_provider_options options) : impl_(std::make_unique<impl>()) {
  impl_->options = options;
  impl_->start();
}

fake_provider::~fake_provider() {
  stop();
}

bool fake_provider::running() const {
  return impl_->ctx != nullptr;
}
const std::string& fake_provider::error() const {
  return impl_->error;
}
int fake_provider::port() const {
  return impl_->port;
}
std::string fake_provider::base_url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

void fake_provider::push(fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->queue.push_back(std::move(behaviour));
}

void fake_provider::set_default(fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->fallback = std::move(behaviour);
}

void fake_provider::push_for_case(const std::string& name, fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->cases[name].queue.push_back(std::move(behaviour));
}

void fake_provider::set_case_default(const std::string& name, fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->cases[name].fallback = std::move(behaviour);
}

void fake_provider::reset() {
  impl_->reset();
}

uint64_t fake_provider::requests_received() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests;
}

uint64_t fake_provider::connections_seen() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->remote_ports.size();
}

uint64_t fake_provider::streams_aborted() const {
  return impl_->aborted.load();
}

std::optional<recorded_request> fake_provider::last_request() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->last;
}

void fake_provider::stop() {
  impl_->stop();
}

}  // namespace wm::fake
