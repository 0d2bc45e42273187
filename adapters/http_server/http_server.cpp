#include "adapters/http_server/http_server.hpp"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <span>
#include <thread>

#include "adapters/codecs/provider_error.hpp"
#include "adapters/http_client/header_name.hpp"
#include "adapters/http_server/bearer_auth.hpp"
#include "adapters/http_server/request_framing.hpp"
#include "adapters/http_server/request_id.hpp"
#include "runtime/errors/error_body.hpp"
#include "runtime/logging/log.hpp"

namespace wm::http {

namespace {

void library_init_once() {
  static const bool done = [] {
    mg_init_library(0);
    return true;
  }();
  (void)done;
}

constexpr const char* unmatched_route = "unmatched";

}  // namespace

// ---- request ----

std::string_view request::param(std::string_view name) const noexcept {
  for (const auto& [k, v] : params_)
    if (k == name) return v;
  return {};
}

std::optional<std::string_view> request::header(std::string_view name) const {
  const mg_request_info* info = mg_get_request_info(conn_);
  for (int i = 0; i < info->num_headers; ++i)
    if (iequals_ascii(info->http_headers[i].name, name))
      return std::string_view{info->http_headers[i].value ? info->http_headers[i].value : ""};
  return std::nullopt;
}

bool request::cancelled() const noexcept {
  return cancel_ != nullptr && cancel_->load();
}

// ---- response ----

bool response::write_all(std::string_view data) {
  if (broken_) return false;
  if (data.empty()) return true;
  if (mg_write(conn_, data.data(), data.size()) != static_cast<int>(data.size())) broken_ = true;
  return !broken_;
}

std::string response::head(int status, std::string_view content_type, std::optional<size_t> length,
                           const std::vector<std::string>& extra) const {
  std::string h;
  h.reserve(256);
  h += "HTTP/1.1 ";
  h += std::to_string(status);
  h += ' ';
  h += reason_phrase(status);
  h += "\r\nContent-Type: ";
  h += content_type;
  if (length) {
    h += "\r\nContent-Length: ";
    h += std::to_string(*length);
  } else {
    h += "\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no";
  }
  h += "\r\nX-Request-Id: ";
  h += request_id_;
  if (!allow_.empty()) {
    h += "\r\nAllow: ";
    h += allow_;
  }
  for (const auto& line : extra) {
    h += "\r\n";
    h += line;
  }
  h += "\r\n\r\n";
  return h;
}

void response::send(int status, std::string_view content_type, std::string_view body,
                    const std::vector<std::string>& extra_headers) {
  if (started_) return;
  started_ = true;
  status_ = status;
  std::string out = head(status, content_type, body.size(), extra_headers);
  if (!head_only_) out.append(body);
  write_all(out);
}

void response::send_json(int status, std::string_view body,
                         const std::vector<std::string>& extra_headers) {
  send(status, "application/json", body, extra_headers);
}

void response::send_error(const failure& f) {
  send_json(http_status(f.code), error_body_json(f, request_id_));
}

bool response::begin_stream(int status, std::string_view content_type) {
  if (started_) return false;
  started_ = true;
  streaming_ = true;
  status_ = status;
  if (!write_all(head(status, content_type, std::nullopt, {}))) return false;
  if (head_only_) broken_ = true;  // nothing of the stream may follow: the producer stops
  return !broken_;
}

bool response::write_chunk(std::string_view data) {
  if (!streaming_ || ended_ || data.empty() || head_only_) return !broken_;
  char len[24];
  std::snprintf(len, sizeof len, "%zx\r\n", data.size());
  std::string frame = len;
  frame.append(data);
  frame += "\r\n";
  return write_all(frame);
}

void response::end_stream() {
  if (!streaming_ || ended_) return;
  ended_ = true;
  if (head_only_) return;
  write_all("0\r\n\r\n");
}

// ---- server ----

http_server::http_server(server_options options)
    : options_(std::move(options)), limiter_(options_.max_concurrency_per_client) {}

http_server::~http_server() {
  stop();
}

status http_server::add_route(std::string_view method, std::string_view pattern, handler h) {
  if (ctx_ != nullptr) return failure{errc::internal, "routes must be added before start()"};
  auto idx = routes_.add(method, pattern);
  if (!idx) return idx.error();
  handlers_.push_back(std::move(h));
  return {};
}

bool http_server::is_probe(std::string_view path) const {
  for (const auto& p : options_.probe_paths)
    if (p == path) return true;
  return false;
}

status http_server::start() {
  if (ctx_ != nullptr) return {};
  const auto& addr = options_.listen;
  if (options_.auth_token.empty() && !is_loopback_host(addr.host))
    return failure{errc::invalid_input,
                   "refusing to listen on " + addr.host +
                       " (beyond loopback) without a bearer token: set http.auth_token_env to the "
                       "name of an environment variable holding the token"};
  if (options_.metrics) {
    auto& m = *options_.metrics;
    in_flight_gauge_ =
        &m.gauge("writemagic_http_requests_in_flight", "HTTP requests being handled right now");
    for (const auto& r : routes_.routes())
      durations_.push_back(&m.histogram("writemagic_http_request_duration_seconds",
                                        "HTTP request latency by route", fast_latency_buckets(),
                                        {{"route", r.pattern}}));
    durations_.push_back(&m.histogram("writemagic_http_request_duration_seconds",
                                      "HTTP request latency by route", fast_latency_buckets(),
                                      {{"route", unmatched_route}}));
  }
  library_init_once();
  constexpr unsigned civetweb_ipv6_feature = 8;  // MG_FEATURES_IPV6
  if (addr.ipv6 && mg_check_feature(civetweb_ipv6_feature) == 0)
    return failure{errc::invalid_input,
                   "http.listen: [" + addr.host +
                       "]: this build's HTTP server (civetweb) has no IPv6; listen on an IPv4 "
                       "address"};
  const std::string listen =
      (addr.ipv6 ? "[" + addr.host + "]" : addr.host) + ":" + std::to_string(addr.port);
  const std::string threads = std::to_string(options_.num_threads);
  const std::string keep_alive = std::to_string(options_.keep_alive_timeout.count());
  const std::string timeout = std::to_string(options_.socket_timeout.count());
  const char* opts[] = {"listening_ports",
                        listen.c_str(),
                        "num_threads",
                        threads.c_str(),
                        "enable_keep_alive",
                        "yes",
                        "keep_alive_timeout_ms",
                        keep_alive.c_str(),
                        "request_timeout_ms",
                        timeout.c_str(),
                        "tcp_nodelay",
                        "1",
                        nullptr};
  mg_callbacks callbacks{};
  callbacks.begin_request = &on_begin_request;
  callbacks.log_message = &on_log_message;
  callbacks.http_error = &on_http_error;
  mg_init_data init{&callbacks, this, opts};
  char why[256] = {};
  unsigned code = 0;
  mg_error_data error{&code, why, sizeof why};
  ctx_ = mg_start2(&init, &error);
  if (ctx_ == nullptr)  // civetweb says why: "cannot bind to 127.0.0.1:8080: Address in use"
    return failure{errc::unavailable, "HTTP server could not listen on " + listen +
                                          (why[0] != '\0' ? std::string{": "} + why : "")};
  mg_server_port ports[4];
  const int count = mg_get_server_ports(ctx_, 4, ports);
  if (count < 1 || ports[0].port <= 0) {
    mg_stop(ctx_);
    ctx_ = nullptr;
    return failure{errc::internal, "HTTP server did not report its listening port"};
  }
  port_ = static_cast<uint16_t>(ports[0].port);
  return {};
}

void http_server::stop() {
  accepting_.store(false);
  cancel_.store(true);
  if (ctx_ == nullptr) return;
  // civetweb's accept loop looks at its stop flag only between polls; a connection attempt
  // wakes it, so stopping takes milliseconds instead of seconds.
  std::atomic<bool> stopped{false};
  std::string target = options_.listen.host;
  if (target == "0.0.0.0" || target.empty() || target == "localhost") target = "127.0.0.1";
  if (target == "::") target = "::1";
  const bool v6 = target.find(':') != std::string::npos;
  const uint16_t port = port_;
  std::thread nudge([&stopped, target, v6, port] {
    while (!stopped.load()) {
      const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
      if (v6) {
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        inet_pton(AF_INET6, target.c_str(), &a.sin6_addr);
        a.sin6_port = htons(port);
        connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
      } else {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        inet_pton(AF_INET, target.c_str(), &a.sin_addr);
        a.sin_port = htons(port);
        connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
      }
      close(fd);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  mg_stop(ctx_);
  stopped.store(true);
  nudge.join();
  ctx_ = nullptr;
}

int http_server::on_begin_request(mg_connection* conn) {
  auto* self = static_cast<http_server*>(mg_get_request_info(conn)->user_data);
  try {
    return self->dispatch(conn);
  } catch (const std::exception& e) {
    log::error("", "HTTP dispatcher failed: {}", e.what());
  } catch (...) {
    log::error("", "HTTP dispatcher failed with an unknown exception");
  }
  return 500;
}

int http_server::on_log_message(const mg_connection*, const char* message) {
  log::debug("", "civetweb: {}", message ? message : "");
  return 1;
}

namespace {

// 4xx as everywhere (the codecs' table); a 5xx civetweb raises is this server's own failure,
// not a provider's, except 505: the client spoke an HTTP version it does not serve.
errc errc_for_civetweb_status(int status) {
  if (status == 503) return errc::unavailable;
  if (status == 505) return errc::invalid_input;
  return status >= 500 ? errc::internal : codecs::errc_for_status(status);
}

}  // namespace

namespace {

// civetweb 1.15 has no call to close a server connection; it keeps one open when the
// request's Connection header allows it, read from its own request_info after the handler
// returns. That header is made "close" here (request_info is civetweb's writable per-
// connection memory; only the pointer handed out is const).
void close_after_this_request(mg_connection* conn) {
  auto* info = const_cast<mg_request_info*>(mg_get_request_info(conn));
  static const char connection[] = "Connection";
  static const char close_value[] = "close";
  for (int i = 0; i < info->num_headers; ++i) {
    if (info->http_headers[i].name != nullptr &&
        iequals_ascii(info->http_headers[i].name, connection)) {
      info->http_headers[i].value = close_value;
      return;
    }
  }
  if (info->num_headers < MG_MAX_HEADERS) {
    info->http_headers[info->num_headers].name = connection;
    info->http_headers[info->num_headers].value = close_value;
    ++info->num_headers;
    return;
  }
  info->http_headers[0].name = connection;  // a full head: its first header is replaced
  info->http_headers[0].value = close_value;
}

}  // namespace

int http_server::on_http_error(mg_connection* conn, int status, const char* message) {
  std::string text = message != nullptr && *message != '\0' ? message : reason_phrase(status);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  response res;
  res.conn_ = conn;
  res.request_id_ = generate_request_id();
  res.send_json(status, error_body_json({errc_for_civetweb_status(status), text}, res.request_id_),
                {"Connection: close"});
  return 0;  // answered: civetweb sends nothing more
}

void http_server::count(const std::string& route, int status) {
  if (!options_.metrics) return;
  prometheus::Counter* c = nullptr;
  {
    std::lock_guard<std::mutex> lock(counters_mu_);
    auto key = std::make_pair(route, status);
    auto it = counters_.find(key);
    if (it == counters_.end()) {
      c = &options_.metrics->counter("writemagic_http_requests_total",
                                     "HTTP requests answered, by route and status",
                                     {{"route", route}, {"status", std::to_string(status)}});
      counters_.emplace(std::move(key), c);
    } else {
      c = it->second;
    }
  }
  c->Increment();
}

int http_server::dispatch(mg_connection* conn) {
  const auto t0 = std::chrono::steady_clock::now();
  in_flight_.fetch_add(1);
  if (in_flight_gauge_) in_flight_gauge_->Increment();
  struct leave {
    http_server* s;
    ~leave() {
      if (s->in_flight_gauge_) s->in_flight_gauge_->Decrement();
      s->in_flight_.fetch_sub(1);
    }
  } leave_guard{this};

  const mg_request_info* info = mg_get_request_info(conn);
  {
    // On the stack: civetweb holds at most MG_MAX_HEADERS, and this runs for every request.
    std::array<header_view, MG_MAX_HEADERS> headers;
    const auto num_headers = static_cast<size_t>(std::clamp(info->num_headers, 0, MG_MAX_HEADERS));
    for (size_t i = 0; i < num_headers; ++i)
      headers[i] = {info->http_headers[i].name ? info->http_headers[i].name : "",
                    info->http_headers[i].value ? info->http_headers[i].value : ""};
    if (auto problem = framing_problem(std::span{headers.data(), num_headers})) {
      // Whatever follows this head on the connection must never be read as a request.
      close_after_this_request(conn);
      mg_send_http_error(conn, 400, "%s", problem->c_str());  // our JSON shape (on_http_error)
      count(std::string{unmatched_route}, 400);
      return 400;
    }
  }
  request req;
  req.conn_ = conn;
  req.cancel_ = &cancel_;
  req.method_ = info->request_method ? info->request_method : "";
  req.path_ = info->local_uri_raw ? info->local_uri_raw : (info->local_uri ? info->local_uri : "");
  req.query_ = info->query_string ? info->query_string : "";
  req.client_ = info->remote_addr;
  response res;
  res.conn_ = conn;
  req.request_id_ = choose_request_id(req.header("X-Request-Id").value_or(std::string_view{}));
  res.request_id_ = req.request_id_;
  // HEAD is GET without the body (RFC 9110 9.3.2): the same route and status, every header,
  // and Content-Length of the body that is not sent. GET routes change nothing.
  res.head_only_ = req.method_ == "HEAD";
  if (res.head_only_) req.method_ = "GET";

  auto match = routes_.match(req.method_, req.path_);
  size_t metric_index = routes_.routes().size();
  if (match.outcome == match_outcome::found) {
    req.route_ = routes_.routes()[match.index].pattern;
    metric_index = match.index;
  } else {
    req.route_ = unmatched_route;
  }

  auto finish = [&]() {
    if (!res.sent()) res.send_error({errc::internal, "handler produced no response"});
    res.end_stream();
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!durations_.empty()) durations_[metric_index]->Observe(secs);
    count(req.route_, res.status());
    log::debug(req.request_id_, "{} {} -> {} ({:.3f} ms)", req.method_, req.path_, res.status(),
               secs * 1e3);
    return res.status();
  };

  const bool probe = is_probe(req.path_);
  if (!probe && !accepting_.load()) {
    res.send_error({errc::shutting_down, "the node is shutting down and takes no new requests"});
    return finish();
  }
  if (!probe && !options_.auth_token.empty()) {
    auto authz = req.header("Authorization");
    if (!authz || !bearer_matches(*authz, options_.auth_token)) {
      res.send_error({errc::unauthorized, authz ? "invalid bearer token"
                                                : "missing Authorization: Bearer <token> header"});
      return finish();
    }
  }
  client_limiter::slot slot = probe ? client_limiter::slot{} : limiter_.try_acquire(req.client_);
  if (!probe) {
    if (!slot) {
      res.send_error({errc::rate_limited, "too many concurrent requests from this client (limit " +
                                              std::to_string(limiter_.limit()) + ")"});
      return finish();
    }
  }
  // Body: refuse by Content-Length before reading; a chunked body is cut off at the limit.
  if (info->content_length > 0 &&
      static_cast<unsigned long long>(info->content_length) > options_.max_body_bytes) {
    res.send_error({errc::payload_too_large,
                    "request body of " + std::to_string(info->content_length) +
                        " bytes exceeds the limit of " + std::to_string(options_.max_body_bytes)});
    return finish();
  }
  if (info->content_length != 0) {
    char buf[16384];
    for (;;) {
      const int n = mg_read(conn, buf, sizeof buf);
      if (n <= 0) break;
      if (req.body_.size() + static_cast<size_t>(n) > options_.max_body_bytes) {
        res.send_error({errc::payload_too_large, "request body exceeds the limit of " +
                                                     std::to_string(options_.max_body_bytes)});
        return finish();
      }
      req.body_.append(buf, static_cast<size_t>(n));
    }
  }
  if (match.outcome == match_outcome::not_found) {
    res.send_error(
        {errc::not_found,
         "no route for " + std::string{res.head_only_ ? "HEAD" : req.method_} + " " + req.path_});
    return finish();
  }
  if (match.outcome == match_outcome::method_not_allowed) {
    res.allow_ = match.allowed;
    res.send_json(405, error_body_json({errc::invalid_input,
                                        std::string{res.head_only_ ? "HEAD" : req.method_} +
                                            " is not allowed on " + req.path_ +
                                            " (allowed: " + match.allowed + ")"},
                                       req.request_id_));
    return finish();
  }
  req.params_ = std::move(match.params);
  try {
    handlers_[match.index](req, res);
  } catch (const std::exception& e) {
    log::error(req.request_id_, "handler for {} {} threw: {}", req.method_, req.route_, e.what());
    if (!res.sent()) res.send_error({errc::internal, "internal error"});
  }
  return finish();
}

}  // namespace wm::http
