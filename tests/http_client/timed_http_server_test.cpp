// The fake provider's own HTTP server, driven over raw loopback sockets: framing on kept-alive
// connections (pipelining, 100-continue, bad requests), response plans (delayed steps, close,
// reset), the keep-alive timeout, half-closed and vanished clients, many slow responses held
// by its one thread at once, and stop() cutting responses in progress.
#include "tests/support/fake_provider/timed_http_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <string>
#include <vector>

namespace wm::fake {
namespace {

using namespace std::chrono_literals;

// A blocking client socket with bounded reads: every wait gives up after 5 s.
class raw_client {
 public:
  explicit raw_client(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~raw_client() { close(fd_); }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;

  bool connected() const { return connected_; }
  int local_port() const {
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    return ntohs(addr.sin_port);
  }
  void send(const std::string& bytes) {
    ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }
  void half_close() { shutdown(fd_, SHUT_WR); }

  // Reads until `received()` holds `needle`; false on EOF, error or 5 s without it.
  bool read_until(const std::string& needle) {
    while (received_.find(needle) == std::string::npos) {
      if (read_some() <= 0) return false;
    }
    return true;
  }
  // Reads to the end of the stream: 0 on EOF, -errno on an error (e.g. -ECONNRESET), 1 when
  // 5 s pass without either.
  int read_to_end() {
    for (;;) {
      const ssize_t got = read_some();
      if (got == 0) return 0;
      if (got < 0) return static_cast<int>(got);
      if (got == kTimedOut) return 1;
    }
  }
  const std::string& received() const { return received_; }

 private:
  static constexpr ssize_t kTimedOut = 1 << 30;
  ssize_t read_some() {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 5000) != 1) return kTimedOut;
    char buf[4096];
    const ssize_t got = recv(fd_, buf, sizeof buf, 0);
    if (got < 0) return -errno;
    received_.append(buf, static_cast<size_t>(got));
    return got;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string received_;
};

std::string post(const std::string& path, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + path +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         extra_headers + "\r\n" + body;
}

// A server whose handler answers with `plan_for(request)` and records what it saw.
class TimedHttpServerTest : public ::testing::Test {
 protected:
  void start(std::function<response_plan(const recorded_request&)> plan_for,
             // Longer than raw_client's 5 s bound: a test that sees an EOF saw the plan's.
             std::chrono::milliseconds keep_alive = 30s) {
    timed_http_server_options options;
    options.keep_alive = keep_alive;
    server_ = std::make_unique<timed_http_server>(
        options,
        [this, plan_for](recorded_request&& r, int remote_port) {
          std::lock_guard<std::mutex> lock(mu_);
          seen_.push_back(r);
          ports_.push_back(remote_port);
          return plan_for(r);
        },
        [this] { aborted_.fetch_add(1); });
    ASSERT_TRUE(server_->running()) << server_->error();
  }
  static response_plan echo_path(const recorded_request& r) {
    return immediate_response(200, "text/plain", r.method + " " + r.path + " " + r.body);
  }
  size_t seen() {
    std::lock_guard<std::mutex> lock(mu_);
    return seen_.size();
  }
  bool wait_for_aborted(uint64_t n) {
    for (int i = 0; i < 500 && aborted_.load() < n; ++i) std::this_thread::sleep_for(10ms);
    return aborted_.load() >= n;
  }

  std::mutex mu_;
  std::vector<recorded_request> seen_;
  std::vector<int> ports_;
  std::atomic<uint64_t> aborted_{0};
  std::unique_ptr<timed_http_server> server_;  // last: its thread stops before the above go
};

TEST_F(TimedHttpServerTest, AnswersPipelinedRequestsInOrderOnOneConnection) {
  start(echo_path);
  raw_client c(server_->port());
  ASSERT_TRUE(c.connected());
  c.send(post("/one?x=1", "first") + post("/two", "second"));
  ASSERT_TRUE(c.read_until("POST /two second"));
  const std::string& got = c.received();
  EXPECT_LT(got.find("POST /one first"), got.find("POST /two second"));
  // Still open: a third request on the same connection is answered too.
  c.send(post("/three", ""));
  ASSERT_TRUE(c.read_until("POST /three "));
  std::lock_guard<std::mutex> lock(mu_);
  ASSERT_EQ(seen_.size(), 3u);
  EXPECT_EQ(seen_[0].path, "/one");
  EXPECT_EQ(seen_[0].headers.at("host"), "127.0.0.1");
  EXPECT_EQ(ports_[0], c.local_port());
}

TEST_F(TimedHttpServerTest, SendsContinueBeforeTheBodyWhenAsked) {
  start(echo_path);
  raw_client c(server_->port());
  c.send("POST /upload HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  ASSERT_TRUE(c.read_until("HTTP/1.1 100 Continue\r\n\r\n"));
  EXPECT_EQ(seen(), 0u);
  c.send("body");
  ASSERT_TRUE(c.read_until("POST /upload body"));
  EXPECT_EQ(c.received().find("HTTP/1.1 100 Continue"), 0u);
}

TEST_F(TimedHttpServerTest, ABadRequestGetsItsStatusAndMessageThenTheConnectionCloses) {
  start(echo_path);
  raw_client c(server_->port());
  c.send("GET /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(c.read_to_end(), 0);
  EXPECT_EQ(c.received().rfind("HTTP/1.1 501 ", 0), 0u) << c.received();
  EXPECT_NE(c.received().find("Connection: close"), std::string::npos);
  EXPECT_NE(c.received().find("chunked request bodies are not supported"), std::string::npos);
  EXPECT_EQ(seen(), 0u);

  raw_client garbage(server_->port());
  garbage.send("\x16\x03\x01 not http at all\r\n\r\n");
  EXPECT_EQ(garbage.read_to_end(), 0);
  EXPECT_EQ(garbage.received().rfind("HTTP/1.1 400 ", 0), 0u) << garbage.received();
}

TEST_F(TimedHttpServerTest, WritesDelayedStepsInOrderThenKeepsTheConnection) {
  start([](const recorded_request&) {
    response_plan p;
    p.steps.push_back({0ms, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc"});
    p.steps.push_back({30ms, "def"});
    p.steps.push_back({30ms, "ghi"});
    return p;
  });
  raw_client c(server_->port());
  c.send(post("/slow", "") + post("/slow", ""));  // the second waits for the first
  ASSERT_TRUE(c.read_until("abcdefghiHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabcdefghi"));
  EXPECT_EQ(seen(), 2u);
}

TEST_F(TimedHttpServerTest, CloseEndsWithFinAndResetWithRst) {
  start([](const recorded_request& r) {
    response_plan p;
    p.steps.push_back({0ms, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial"});
    p.end = r.path == "/reset" ? response_end::reset : response_end::close;
    if (r.path == "/reset") p.steps.front().bytes.clear();
    return p;
  });
  raw_client truncated(server_->port());
  truncated.send(post("/close", ""));
  EXPECT_EQ(truncated.read_to_end(), 0);
  EXPECT_NE(truncated.received().find("partial"), std::string::npos);

  raw_client reset(server_->port());
  reset.send(post("/reset", ""));
  EXPECT_EQ(reset.read_to_end(), -ECONNRESET);
  EXPECT_TRUE(reset.received().empty());
}

TEST_F(TimedHttpServerTest, ConnectionCloseAndHalfClosedClientsGetTheirAnswerThenFin) {
  start(echo_path);
  raw_client asks_close(server_->port());
  asks_close.send(post("/a", "", "Connection: close\r\n"));
  EXPECT_EQ(asks_close.read_to_end(), 0);
  EXPECT_NE(asks_close.received().find("POST /a "), std::string::npos);

  raw_client half(server_->port());
  half.send(post("/b", "x") + post("/c", "y"));
  half.half_close();
  EXPECT_EQ(half.read_to_end(), 0);
  EXPECT_LT(half.received().find("POST /b x"), half.received().find("POST /c y"));
  EXPECT_NE(half.received().find("POST /c y"), std::string::npos);
}

TEST_F(TimedHttpServerTest, ClosesAConnectionIdleForTheKeepAliveTimeout) {
  start(echo_path, 100ms);
  raw_client c(server_->port());
  c.send(post("/a", ""));
  ASSERT_TRUE(c.read_until("POST /a "));
  EXPECT_EQ(c.read_to_end(), 0);  // closed by the server, well before the 5 s bound
}

TEST_F(TimedHttpServerTest, AStreamWhoseClientLeavesCountsAsAbortedOnce) {
  start([](const recorded_request&) {
    response_plan p;
    p.stream = true;
    p.steps.push_back({0ms, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n"});
    p.steps.push_back({10s, "0\r\n\r\n"});  // never reached: the client leaves first
    return p;
  });
  {
    raw_client c(server_->port());
    c.send(post("/stream", ""));
    ASSERT_TRUE(c.read_until("first"));
  }  // closes the socket mid-stream
  EXPECT_TRUE(wait_for_aborted(1));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(aborted_.load(), 1u);
}

TEST_F(TimedHttpServerTest, OneThreadHoldsManySlowResponsesAtOnce) {
  start([](const recorded_request&) {
    response_plan p;
    p.steps.push_back({0ms, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nsl"});
    p.steps.push_back({200ms, "ow"});
    return p;
  });
  constexpr int kClients = 300;
  std::vector<std::unique_ptr<raw_client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<raw_client>(server_->port()));
    clients.back()->send(post("/slow", ""));
  }
  for (auto& c : clients) ASSERT_TRUE(c->read_until("\r\n\r\nslow"));
  EXPECT_EQ(seen(), static_cast<size_t>(kClients));
}

TEST_F(TimedHttpServerTest, StopCutsResponsesInProgressAndIsIdempotent) {
  start([](const recorded_request&) {
    response_plan p;
    p.steps.push_back({0ms, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nhalf"});
    p.steps.push_back({30s, "more"});
    return p;
  });
  raw_client c(server_->port());
  c.send(post("/long", ""));
  ASSERT_TRUE(c.read_until("half"));
  server_->stop();
  server_->stop();
  EXPECT_LE(c.read_to_end(), 0);  // FIN or RST, not a wait for the 30 s step
  EXPECT_EQ(c.received().find("more"), std::string::npos);
}

TEST(TimedHttpServer, APortInUseIsAClearError) {
  timed_http_server first(
      {}, [](recorded_request&&, int) { return response_plan{}; }, [] {});
  ASSERT_TRUE(first.running());
  timed_http_server_options same;
  same.port = first.port();
  timed_http_server second(
      same, [](recorded_request&&, int) { return response_plan{}; }, [] {});
  EXPECT_FALSE(second.running());
  EXPECT_NE(second.error().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << second.error();
}

}  // namespace
}  // namespace wm::fake
