// The HTTP server in process (no node): request ids, the error shape, limits, auth, intake
// stop, SSE and request metrics, over real loopback connections with libcurl.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "adapters/http_server/http_server.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "tests/http_api/http_client_util.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm::http {
namespace {

using testing::http_get;
using testing::http_send;

class gate {
 public:
  void wait() {
    std::unique_lock<std::mutex> lock(mu_);
    ++waiting_;
    cv_.wait(lock, [&] { return open_; });
    --waiting_;
  }
  // Handlers blocked here right now: each of them holds its per-client slot.
  int waiting() {
    std::lock_guard<std::mutex> lock(mu_);
    return waiting_;
  }
  void open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  int waiting_ = 0;
};

class HttpServer : public ::testing::Test {
 protected:
  void start(server_options opts = {}) {
    opts.listen = {"127.0.0.1", 0, false};
    opts.metrics = metrics;
    server = std::make_unique<http_server>(opts);
    ASSERT_TRUE(server
                    ->add_route("POST", "/echo/{name}",
                                [](request& req, response& res) {
                                  res.send(200, "text/plain",
                                           std::string{req.param("name")} + ":" + req.body());
                                })
                    .ok());
    ASSERT_TRUE(
        server
            ->add_route("GET", "/healthz",
                        [](request&, response& res) { res.send_json(200, R"({"status":"ok"})"); })
            .ok());
    ASSERT_TRUE(server
                    ->add_route("GET", "/block",
                                [this](request&, response& res) {
                                  blocker.wait();
                                  res.send_json(200, "{}");
                                })
                    .ok());
    ASSERT_TRUE(server
                    ->add_route("GET", "/sse",
                                [](request&, response& res) {
                                  res.begin_stream();
                                  for (int i = 0; i < 3; ++i)
                                    res.write_chunk("data: " + std::to_string(i) + "\n\n");
                                })
                    .ok());
    ASSERT_TRUE(server
                    ->add_route("GET", "/until-cancelled",
                                [](request& req, response& res) {
                                  while (!req.cancelled())
                                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                                  res.send_error({errc::cancelled, "cancelled"});
                                })
                    .ok());
    ASSERT_TRUE(server->add_route("GET", "/silent", [](request&, response&) {}).ok());
    auto st = server->start();
    ASSERT_TRUE(st.ok()) << st.error().message;
    base = "http://127.0.0.1:" + std::to_string(server->port());
  }

  void TearDown() override {
    blocker.open();
    if (server) server->stop();
  }

  std::shared_ptr<metrics_registry> metrics = std::make_shared<metrics_registry>();
  std::unique_ptr<http_server> server;
  std::string base;
  gate blocker;
};

void expect_error_shape(const testing::http_reply& r, std::string_view code) {
  EXPECT_EQ(r.headers.count("content-type") ? r.headers.at("content-type") : "",
            "application/json");
  EXPECT_NE(r.body.find(R"({"error":{"code":")" + std::string{code} + "\""), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("\"timestamp\":"), std::string::npos) << r.body;
  ASSERT_TRUE(r.headers.count("x-request-id"));
  EXPECT_NE(r.body.find("\"request_id\":\"" + r.headers.at("x-request-id") + "\""),
            std::string::npos);
}

TEST_F(HttpServer, RoutesWithPathParamsAndEchoesRequestIds) {
  start();
  auto r = http_send("POST", base + "/echo/bob", "hi", {"X-Request-Id: my-id-1"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "bob:hi");
  EXPECT_EQ(r.headers["x-request-id"], "my-id-1");
  // An insane id is replaced, never echoed.
  r = http_send("POST", base + "/echo/x", "", {"X-Request-Id: has spaces and {braces}"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["x-request-id"].size(), 32u);
}

TEST_F(HttpServer, AnswersUnknownRoutesAndMethodsInTheErrorShape) {
  start();
  auto r = http_get(base + "/nope", {"X-Request-Id: rid-404"});
  EXPECT_EQ(r.status, 404);
  expect_error_shape(r, "not_found");
  EXPECT_EQ(r.headers["x-request-id"], "rid-404");
  r = http_send("DELETE", base + "/echo/x", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "POST");
  expect_error_shape(r, "invalid_input");
  r = http_get(base + "/silent");
  EXPECT_EQ(r.status, 500);
  expect_error_shape(r, "internal");
}

// HEAD is GET without a body: same status and headers, not one body byte, so the next
// response on a kept-alive connection is read right (a 405 body once came after HEAD).
TEST_F(HttpServer, HeadAnswersAsGetWithoutABody) {
  start();
  const auto reply =
      testing::raw_exchange(server->port(),
                            "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                            "HEAD /sse HTTP/1.1\r\nHost: x\r\n\r\n"
                            "HEAD /echo/x HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::vector<std::string> heads;
  std::size_t at = 0;
  for (std::size_t next; (next = reply.find("\r\n\r\n", at)) != std::string::npos;) {
    heads.push_back(reply.substr(at, next - at));
    at = next + 4;
    if (heads.size() == 3) break;  // the three HEADs: nothing between their heads
  }
  ASSERT_EQ(heads.size(), 3u) << reply;
  EXPECT_EQ(heads[0].rfind("HTTP/1.1 200 ", 0), 0u) << heads[0];
  EXPECT_NE(heads[0].find("Content-Length: 15"), std::string::npos) << heads[0];
  EXPECT_EQ(heads[1].rfind("HTTP/1.1 200 ", 0), 0u) << heads[1];
  EXPECT_NE(heads[1].find("text/event-stream"), std::string::npos) << heads[1];
  EXPECT_EQ(heads[2].rfind("HTTP/1.1 405 ", 0), 0u) << heads[2];
  EXPECT_NE(heads[2].find("Allow: POST"), std::string::npos) << heads[2];
  // What follows the third head is the GET's whole answer, body included.
  const std::string rest = reply.substr(at);
  EXPECT_EQ(rest.rfind("HTTP/1.1 200 ", 0), 0u) << rest;
  EXPECT_NE(rest.find("\r\n\r\n{\"status\":\"ok\"}"), std::string::npos) << rest;
}

// A head whose body length two parsers could read differently gets a 400 and the connection
// is closed: the bytes after it are never answered as a request (no smuggled GET).
TEST_F(HttpServer, AmbiguousBodyLengthsAreRefusedAndTheConnectionClosed) {
  start();
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string heads[] = {
      "POST /echo/a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\nhi",
      "POST /echo/a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
      "Transfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
  };
  for (const auto& head : heads) {
    SCOPED_TRACE(head);
    const auto reply = testing::raw_exchange(server->port(), head + smuggled);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400 ", 0), 0u) << reply;
    EXPECT_NE(reply.find(R"({"error":{"code":"invalid_input")"), std::string::npos) << reply;
    EXPECT_EQ(reply.find("a:hi"), std::string::npos) << reply;  // the route never ran
    EXPECT_EQ(reply.find("\"status\":\"ok\""), std::string::npos) << reply;
    EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos) << reply;
  }
  // One clear length still works, pipelined requests included.
  const auto fine = testing::raw_exchange(
      server->port(),
      "POST /echo/a HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi" +
          std::string{"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"});
  EXPECT_NE(fine.find("a:hi"), std::string::npos) << fine;
  EXPECT_NE(fine.find("\"status\":\"ok\""), std::string::npos) << fine;
}

// What civetweb rejects before any route runs gets the same JSON error shape.
TEST_F(HttpServer, MalformedRequestsGetTheJsonErrorShape) {
  start();
  const struct {
    std::string bytes;
    int status;
    std::string code;
  } cases[] = {
      {"GARBAGE\r\n\r\n", 400, "invalid_input"},
      {"GET /healthz HTTP/9.9\r\n\r\n", 505, "invalid_input"},  // the client's version
      {"POST /echo/x HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n", 411, "invalid_input"},
      {"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 400, "invalid_input"},  // no such method
  };
  for (const auto& c : cases) {
    const auto reply = testing::raw_exchange(server->port(), c.bytes);
    SCOPED_TRACE(c.bytes);
    EXPECT_EQ(reply.rfind("HTTP/1.1 " + std::to_string(c.status) + " ", 0), 0u) << reply;
    EXPECT_NE(reply.find("Content-Type: application/json"), std::string::npos) << reply;
    EXPECT_NE(reply.find(R"({"error":{"code":")" + c.code + "\""), std::string::npos) << reply;
    EXPECT_NE(reply.find("X-Request-Id: "), std::string::npos) << reply;
  }
}

TEST_F(HttpServer, RefusesOversizedBodies) {
  server_options o;
  o.max_body_bytes = 1024;
  start(o);
  auto r = http_send("POST", base + "/echo/x", std::string(1024, 'a'));
  EXPECT_EQ(r.status, 200);
  r = http_send("POST", base + "/echo/x", std::string(1025, 'a'));
  EXPECT_EQ(r.status, 413);
  expect_error_shape(r, "payload_too_large");
  // Chunked bodies have no Content-Length: cut off while reading.
  testing::http_call chunked;
  chunked.method = "POST";
  chunked.url = base + "/echo/x";
  chunked.body = std::string(5000, 'b');
  chunked.headers = {"Transfer-Encoding: chunked"};
  r = testing::perform(chunked);
  EXPECT_EQ(r.status, 413);
}

TEST_F(HttpServer, RequiresTheBearerTokenExceptOnProbes) {
  server_options o;
  o.auth_token = "s3cr3t-token";
  start(o);
  auto r = http_send("POST", base + "/echo/x", "");
  EXPECT_EQ(r.status, 401);
  expect_error_shape(r, "unauthorized");
  r = http_send("POST", base + "/echo/x", "", {"Authorization: Bearer wrong"});
  EXPECT_EQ(r.status, 401);
  r = http_send("POST", base + "/echo/x", "", {"Authorization: Bearer s3cr3t-token"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(http_get(base + "/healthz").status, 200);
}

TEST_F(HttpServer, RefusesToListenBeyondLoopbackWithoutAToken) {
  server_options o;
  o.listen = {"0.0.0.0", 0, false};
  http_server s{o};
  auto st = s.start();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("token"), std::string::npos);
}

// A port in use: the error says why (civetweb's reason), not only "could not listen". An
// IPv6 address this civetweb cannot serve is a configuration error, named as such.
TEST_F(HttpServer, ListenFailuresSayWhy) {
  start();
  server_options o;
  o.listen = {"127.0.0.1", static_cast<uint16_t>(server->port()), false};
  http_server taken{o};
  auto st = taken.start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, errc::unavailable);
  const std::string prefix =
      "HTTP server could not listen on 127.0.0.1:" + std::to_string(server->port()) + ": ";
  EXPECT_EQ(st.error().message.rfind(prefix, 0), 0u) << st.error().message;
  EXPECT_GT(st.error().message.size(), prefix.size()) << st.error().message;

  server_options v6;
  v6.listen = {"::1", 0, true};
  http_server six{v6};
  auto st6 = six.start();
  if (!st6.ok()) {  // else this civetweb serves IPv6
    EXPECT_EQ(st6.error().code, errc::invalid_input) << st6.error().message;
    EXPECT_NE(st6.error().message.find("has no IPv6"), std::string::npos) << st6.error().message;
  }
}

TEST_F(HttpServer, LimitsConcurrentRequestsPerClient) {
  server_options o;
  o.max_concurrency_per_client = 2;
  start(o);
  std::vector<std::thread> held;
  std::atomic<int> ok{0};
  for (int i = 0; i < 2; ++i)
    held.emplace_back([&] {
      if (http_get(base + "/block").status == 200) ok.fetch_add(1);
    });
  // Not in_flight(): it counts a request before its slot is taken.
  ASSERT_TRUE(testing::eventually([&] { return blocker.waiting() == 2; }));
  auto r = http_get(base + "/nope");
  EXPECT_EQ(r.status, 429);
  expect_error_shape(r, "rate_limited");
  EXPECT_EQ(http_get(base + "/healthz").status, 200);  // probes are not limited
  blocker.open();
  for (auto& t : held) t.join();
  EXPECT_EQ(ok.load(), 2);
  // A slot is given back when its handler returns, just after the response went out.
  ASSERT_TRUE(testing::eventually([&] { return server->in_flight() == 0; }));
  EXPECT_EQ(http_get(base + "/nope").status, 404);
}

TEST_F(HttpServer, StopIntakeAnswers503ButKeepsProbes) {
  start();
  server->stop_intake();
  auto r = http_send("POST", base + "/echo/x", "");
  EXPECT_EQ(r.status, 503);
  expect_error_shape(r, "shutting_down");
  EXPECT_EQ(http_get(base + "/healthz").status, 200);
}

TEST_F(HttpServer, StreamsChunkedServerSentEvents) {
  start();
  auto r = http_get(base + "/sse");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/event-stream");
  EXPECT_EQ(r.body, "data: 0\n\ndata: 1\n\ndata: 2\n\n");
  EXPECT_FALSE(r.headers["x-request-id"].empty());
  // The connection stays usable afterwards (keep-alive with chunked framing).
  EXPECT_EQ(http_get(base + "/healthz").status, 200);
}

TEST_F(HttpServer, CancelInFlightReachesHandlers) {
  start();
  testing::http_reply r;
  std::thread t([&] { r = http_get(base + "/until-cancelled"); });
  ASSERT_TRUE(testing::eventually([&] { return server->in_flight() == 1; }));
  server->cancel_in_flight();
  t.join();
  EXPECT_EQ(r.status, 499);
  ASSERT_TRUE(testing::eventually([&] { return server->in_flight() == 0; }));
}

TEST_F(HttpServer, CountsRequestsByRouteAndStatus) {
  start();
  http_send("POST", base + "/echo/a", "");
  http_send("POST", base + "/echo/b", "");
  http_get(base + "/nope");
  // A request is counted after its response went out: wait until the last one is.
  testing::prometheus_scrape scrape;
  EXPECT_TRUE(testing::eventually([&] {
    scrape = testing::parse_prometheus_text(metrics->scrape_text());
    return scrape.value("writemagic_http_requests_total",
                        {{"route", "unmatched"}, {"status", "404"}}) == 1 &&
           scrape.value("writemagic_http_request_duration_seconds_count",
                        {{"route", "/echo/{name}"}}) == 2;
  }));
  EXPECT_TRUE(scrape.errors.empty()) << scrape.errors.front();
  EXPECT_EQ(scrape.value("writemagic_http_requests_total",
                         {{"route", "/echo/{name}"}, {"status", "200"}}),
            2);
  EXPECT_EQ(
      scrape.value("writemagic_http_requests_total", {{"route", "unmatched"}, {"status", "404"}}),
      1);
  EXPECT_EQ(
      scrape.value("writemagic_http_request_duration_seconds_count", {{"route", "/echo/{name}"}}),
      2);
  EXPECT_TRUE(scrape.has("writemagic_http_requests_in_flight"));
}

}  // namespace
}  // namespace wm::http
