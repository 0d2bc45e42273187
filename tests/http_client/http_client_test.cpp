// wm::http_client against the fake provider on 127.0.0.1. Waits are bounded (30 s) and no
// assertion depends on how long something took.
#include "adapters/http_client/http_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>

#include "tests/http_client/transfer_probe.hpp"
#include "tests/support/fake_provider/fake_provider.hpp"

namespace wm {
namespace {

using namespace std::chrono_literals;
using test::transfer_probe;

constexpr const char* kChatBody =
    R"({"model":"gpt-test","messages":[{"role":"user","content":"say hello to me"}]})";
constexpr const char* kStreamBody =
    R"({"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"stream please"}]})";

http_request chat(const fake::fake_provider& server, uint64_t id, const char* body = kChatBody) {
  http_request r;
  r.id = id;
  r.method = http_method::post;
  r.url = server.base_url() + "/v1/chat/completions";
  r.headers = {{"Authorization", "Bearer sk-test-123"}, {"Content-Type", "application/json"}};
  r.body = body;
  r.total_timeout = 60s;
  return r;
}

// A TCP port on 127.0.0.1 that nothing listens on: bind to get one, then close it.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()) << server_.error(); }
  fake::fake_provider server_;
};

TEST_F(HttpClientTest, PlainRequestDeliversStatusHeadersAndBody) {
  http_client client;
  transfer_probe probe;
  client.submit(chat(server_, 1), probe.handlers());
  ASSERT_TRUE(probe.wait_done());

  auto outcome = probe.outcome();
  ASSERT_TRUE(outcome->ok()) << outcome->error().message;
  EXPECT_EQ((*outcome)->status, 200);
  EXPECT_EQ(probe.header_calls(), 1);
  EXPECT_EQ(probe.status(), 200);
  EXPECT_EQ(probe.headers().at("content-type"), "application/json");  // names lower-cased
  EXPECT_EQ(probe.headers().at("x-request-id"), "req_fake_1");
  EXPECT_NE(probe.body().find(R"("content":"Hello, world!")"), std::string::npos) << probe.body();
  EXPECT_NE(probe.body().find(R"("prompt_tokens":4)"), std::string::npos) << probe.body();
  EXPECT_EQ((*outcome)->body_bytes, probe.body().size());

  auto seen = server_.last_request();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->headers.at("authorization"), "Bearer sk-test-123");
  EXPECT_EQ(seen->body, kChatBody);
  EXPECT_EQ(seen->headers.count("expect"), 0u);
}

TEST_F(HttpClientTest, ErrorStatusIsATransportSuccessWithItsHeaders) {
  fake::fake_behaviour b;
  b.status = 429;
  b.headers = {{"retry-after", "2"}, {"retry-after-ms", "1500"}};
  server_.push(b);
  http_client client;
  transfer_probe probe;
  client.submit(chat(server_, 7), probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_TRUE(outcome->ok()) << outcome->error().message;
  EXPECT_EQ((*outcome)->status, 429);
  EXPECT_EQ(probe.headers().at("retry-after"), "2");
  EXPECT_EQ(probe.headers().at("retry-after-ms"), "1500");
  EXPECT_NE(probe.body().find("rate_limit_exceeded"), std::string::npos);
}

// A profile's headers go out on every request that names it (before the request's own),
// and on_headers sees only the response headers the profile names, in any case.
TEST_F(HttpClientTest, ProfileSendsItsHeadersAndKeepsOnlyTheResponseHeadersItNames) {
  auto profile = http_client::make_profile(
      {{"Authorization", "Bearer sk-profile"}, {"Content-Type", "application/json"}},
      {"retry-after", "X-Request-Id"});
  fake::fake_behaviour b;
  b.status = 429;
  b.headers = {{"Retry-After", "2"}, {"retry-after-ms", "1500"}};
  server_.push(b);
  http_client client;
  transfer_probe limited;
  http_request r = chat(server_, 1);
  r.headers.clear();
  r.profile = profile;
  client.submit(r, limited.handlers());
  ASSERT_TRUE(limited.wait_done());
  ASSERT_TRUE(limited.outcome()->ok()) << limited.outcome()->error().message;
  EXPECT_EQ(limited.status(), 429);
  EXPECT_EQ(limited.headers(),
            (http_headers{{"retry-after", "2"}, {"x-request-id", "req_fake_1"}}));
  auto seen = server_.last_request();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->headers.at("authorization"), "Bearer sk-profile");
  EXPECT_EQ(seen->headers.count("expect"), 0u);

  // The request's own headers go out too, after the profile's.
  transfer_probe both;
  r.id = 2;
  r.headers = {{"X-Extra", "yes"}};
  client.submit(r, both.handlers());
  ASSERT_TRUE(both.wait_done());
  ASSERT_TRUE(both.outcome()->ok()) << both.outcome()->error().message;
  EXPECT_EQ(both.status(), 200);
  EXPECT_EQ(both.headers().count("content-type"), 0u);
  seen = server_.last_request();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->headers.at("authorization"), "Bearer sk-profile");
  EXPECT_EQ(seen->headers.at("x-extra"), "yes");
  EXPECT_EQ(seen->headers.count("expect"), 0u);
}

TEST_F(HttpClientTest, SlowStreamArrivesInSeveralChunksBeforeCompletion) {
  fake::fake_behaviour b;
  b.tokens = {"one", " two", " three", " four", " five"};
  b.token_delay = 40ms;
  server_.push(b);
  http_client client;
  transfer_probe probe;
  client.submit(chat(server_, 2, kStreamBody), probe.handlers());

  // The first token is readable while the transfer is still running.
  ASSERT_TRUE(probe.wait_chunks(2));
  EXPECT_EQ(probe.completions(), 0);
  EXPECT_EQ(probe.headers().at("content-type"), "text/event-stream");

  ASSERT_TRUE(probe.wait_done());
  ASSERT_TRUE(probe.outcome()->ok());
  EXPECT_GE(probe.chunks_at_completion(), 5u);  // at least one chunk per delayed token
  EXPECT_FALSE(probe.chunk_after_complete());
  const std::string body = probe.body();
  EXPECT_NE(body.find(R"("content":" five")"), std::string::npos);
  EXPECT_NE(body.find("data: [DONE]"), std::string::npos);
}

TEST_F(HttpClientTest, ClosedPortIsARetryableConnectionError) {
  http_client client;
  transfer_probe probe;
  http_request r;
  r.id = 3;
  r.url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/v1/models";
  r.connect_timeout = 2s;
  client.submit(r, probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::unavailable);
  EXPECT_NE(outcome->error().message.find("connection error"), std::string::npos)
      << outcome->error().message;
  EXPECT_EQ(probe.header_calls(), 0);
}

TEST_F(HttpClientTest, ConnectTimeoutWhenTheListenerNeverAccepts) {
  // A listener with a backlog of 0 whose queue is already full drops further SYNs, so the
  // connect never finishes and only the connect timeout can end it.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 0), 0);
  socklen_t len = sizeof addr;
  getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
  std::vector<int> fillers;
  for (int i = 0; i < 3; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fillers.push_back(fd);
  }

  http_client client;
  transfer_probe probe;
  http_request r;
  r.id = 4;
  r.url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";
  r.connect_timeout = 300ms;
  r.total_timeout = 20s;
  client.submit(r, probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::timeout) << outcome->error().message;
  for (int fd : fillers) close(fd);
  close(listener);
}

TEST_F(HttpClientTest, TotalTimeoutOnADelayedResponse) {
  fake::fake_behaviour b;
  b.delay_before_headers = 20s;  // interrupted by the server's stop at teardown
  server_.push(b);
  http_client client;
  transfer_probe probe;
  http_request r = chat(server_, 5);
  r.total_timeout = 300ms;
  client.submit(r, probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::timeout);
  EXPECT_NE(outcome->error().message.find("timeout"), std::string::npos);
  EXPECT_EQ(probe.header_calls(), 0);
}

TEST_F(HttpClientTest, CancelMidStreamCompletesOnceWithCancelled) {
  fake::fake_behaviour b;
  b.tokens.assign(200, "tok ");
  b.token_delay = 50ms;  // 10 s of stream if nobody cancels
  server_.push(b);
  auto client = std::make_unique<http_client>();
  transfer_probe probe;
  client->submit(chat(server_, 6, kStreamBody), probe.handlers());
  ASSERT_TRUE(probe.wait_chunks(3));
  client->cancel(6);
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::cancelled);
  EXPECT_LT(probe.chunks_at_completion(), 200u);  // the stream did not run to its end

  client->cancel(6);  // a second cancel of a finished id is ignored
  client.reset();     // joins the I/O thread: no callback can come after this
  EXPECT_EQ(probe.completions(), 1);
  EXPECT_FALSE(probe.chunk_after_complete());
  EXPECT_EQ(probe.body().find("[DONE]"), std::string::npos);

  // The server notices the client went away (its next write fails).
  for (int i = 0; i < 300 && server_.streams_aborted() == 0; ++i)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(server_.streams_aborted(), 1u);
}

TEST_F(HttpClientTest, CancelFromInsideTheChunkHandlerStopsDelivery) {
  fake::fake_behaviour b;
  b.tokens.assign(100, "x");
  b.token_delay = 20ms;
  server_.push(b);
  http_client client;
  std::mutex mu;
  std::condition_variable cv;
  int chunks = 0, completions = 0, chunks_after_cancel = 0;
  bool cancelled_seen = false;
  http_handlers h;
  h.on_body_chunk = [&](std::string_view) {
    std::lock_guard<std::mutex> lock(mu);
    if (++chunks == 2) {
      client.cancel(8);
    } else if (chunks > 2) {
      ++chunks_after_cancel;
    }
  };
  h.on_complete = [&](result<http_completion> r) {
    std::lock_guard<std::mutex> lock(mu);
    ++completions;
    cancelled_seen = !r.ok() && r.error().code == errc::cancelled;
    cv.notify_all();
  };
  client.submit(chat(server_, 8, kStreamBody), h);
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 30s, [&] { return completions > 0; }));
  EXPECT_TRUE(cancelled_seen);
  EXPECT_EQ(chunks_after_cancel, 0);
}

TEST_F(HttpClientTest, CancelOfAQueuedRequestAndOfAnUnknownId) {
  fake::fake_behaviour slow;
  slow.delay_before_headers = 20s;
  server_.set_default(slow);
  http_client_options options;
  options.max_host_connections = 1;  // the second request waits inside libcurl
  http_client client(options);
  transfer_probe first, second;
  client.submit(chat(server_, 10), first.handlers());
  client.submit(chat(server_, 11), second.handlers());
  client.cancel(999);  // unknown: ignored
  client.cancel(11);
  ASSERT_TRUE(second.wait_done());
  EXPECT_EQ(second.outcome()->error().code, errc::cancelled);
  EXPECT_EQ(first.completions(), 0);
  client.cancel(10);
  ASSERT_TRUE(first.wait_done());
  EXPECT_EQ(first.outcome()->error().code, errc::cancelled);
  EXPECT_EQ(client.stats().cancelled, 2u);
}

TEST_F(HttpClientTest, DuplicateInFlightIdIsRejected) {
  fake::fake_behaviour slow;
  slow.delay_before_headers = 20s;
  server_.push(slow);
  http_client client;
  transfer_probe first, second;
  client.submit(chat(server_, 12), first.handlers());
  client.submit(chat(server_, 12), second.handlers());
  ASSERT_TRUE(second.wait_done());
  EXPECT_EQ(second.outcome()->error().code, errc::invalid_input);
  EXPECT_EQ(first.completions(), 0);
  client.cancel(12);
  ASSERT_TRUE(first.wait_done());
  EXPECT_EQ(first.outcome()->error().code, errc::cancelled);
}

TEST_F(HttpClientTest, ThousandConcurrentRequestsAllComplete) {
  constexpr int kRequests = 1000;
  http_client_options options;
  options.max_host_connections = 32;  // below the server's 64 workers
  http_client client(options);
  std::mutex mu;
  std::condition_variable cv;
  int done = 0, ok = 0;
  std::set<uint64_t> completed_ids;
  for (int i = 0; i < kRequests; ++i) {
    http_handlers h;
    const uint64_t id = 1000 + i;
    h.on_complete = [&, id](result<http_completion> r) {
      std::lock_guard<std::mutex> lock(mu);
      ++done;
      if (r.ok() && r->status == 200) ++ok;
      completed_ids.insert(id);
      cv.notify_all();
    };
    client.submit(chat(server_, id), std::move(h));
  }
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 60s, [&] { return done == kRequests; })) << done;
  EXPECT_EQ(ok, kRequests);
  EXPECT_EQ(completed_ids.size(), static_cast<size_t>(kRequests));
  EXPECT_EQ(server_.requests_received(), static_cast<uint64_t>(kRequests));
  const auto stats = client.stats();
  EXPECT_EQ(stats.started, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(stats.completed, static_cast<uint64_t>(kRequests));
  EXPECT_EQ(stats.in_flight, 0u);
}

TEST_F(HttpClientTest, ConnectionsAreReused) {
  constexpr int kRequests = 60;
  http_client_options options;
  options.max_host_connections = 4;
  http_client client(options);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::unique_ptr<transfer_probe>> probes;
    for (int i = 0; i < kRequests / 3; ++i) {
      probes.push_back(std::make_unique<transfer_probe>());
      client.submit(chat(server_, round * 100 + i), probes.back()->handlers());
    }
    for (auto& p : probes) {
      ASSERT_TRUE(p->wait_done());
      ASSERT_TRUE(p->outcome()->ok());
    }
  }
  EXPECT_EQ(server_.requests_received(), static_cast<uint64_t>(kRequests));
  EXPECT_LE(server_.connections_seen(), 8u);  // at most 4 at a time, kept alive between rounds
}

// libcurl's own limit on kept connections is 4 x the transfers in flight: while few run, each
// one that finishes closes another idle connection, and the next burst connects again.
TEST_F(HttpClientTest, IdleConnectionsSurviveALullBetweenBursts) {
  constexpr int kBurst = 32;
  // Its own server: idle connections stay open a minute there however slow the lull runs.
  fake::fake_provider server({.keep_alive_timeout_ms = 60'000});
  ASSERT_TRUE(server.running()) << server.error();
  http_client client;
  auto burst = [&](uint64_t first_id) {
    std::vector<std::unique_ptr<transfer_probe>> probes;
    for (int i = 0; i < kBurst; ++i) {
      probes.push_back(std::make_unique<transfer_probe>());
      client.submit(chat(server, first_id + i), probes.back()->handlers());
    }
    for (auto& p : probes) {
      ASSERT_TRUE(p->wait_done());
      ASSERT_TRUE(p->outcome()->ok());
    }
  };
  // Held answers keep a burst's requests in flight together: kBurst connections each time.
  fake::fake_behaviour held;
  held.delay_before_headers = 200ms;
  server.set_default(held);
  burst(100);
  server.set_default(fake::fake_behaviour{});
  for (int i = 0; i < kBurst; ++i) {  // the lull: one request at a time
    transfer_probe probe;
    client.submit(chat(server, 200 + i), probe.handlers());
    ASSERT_TRUE(probe.wait_done());
    ASSERT_TRUE(probe.outcome()->ok());
  }
  server.set_default(held);
  burst(300);
  EXPECT_EQ(server.requests_received(), static_cast<uint64_t>(3 * kBurst));
  // Each burst needs kBurst connections; the second finds the first's still open.
  EXPECT_LE(server.connections_seen(), static_cast<uint64_t>(kBurst));
}

// One pooled easy handle serves every request here: it keeps its options between requests of
// the same method and is reset when the method changes, so no method, body or HEAD's
// "no body" leaks into the next request.
TEST_F(HttpClientTest, APooledHandleTakesEachRequestsOwnMethod) {
  http_client_options options;
  options.easy_pool_size = 1;
  http_client client(options);
  struct step {
    http_method method;
    int status;
    bool has_body;
  };
  const step steps[] = {
      {http_method::post, 200, true},  {http_method::post, 200, true},
      {http_method::get, 405, false},  {http_method::post, 200, true},
      {http_method::head, 405, false}, {http_method::post, 200, true},
      {http_method::del, 405, false},  {http_method::post, 200, true},
  };
  uint64_t id = 0;
  for (const step& s : steps) {
    http_request r = chat(server_, ++id);
    r.method = s.method;
    transfer_probe probe;
    client.submit(std::move(r), probe.handlers());
    ASSERT_TRUE(probe.wait_done());
    auto outcome = probe.outcome();
    ASSERT_TRUE(outcome->ok()) << "request " << id << ": " << outcome->error().message;
    EXPECT_EQ((*outcome)->status, s.status) << "request " << id;
    EXPECT_EQ(!probe.body().empty(), s.has_body) << "request " << id << ": " << probe.body();
  }
  EXPECT_EQ(server_.requests_received(), 5u);  // the POSTs; the rest were refused with 405
  auto seen = server_.last_request();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->body, kChatBody);
}

TEST_F(HttpClientTest, ResetConnectionIsAClearConnectionError) {
  fake::fake_behaviour b;
  b.reset_connection = true;
  server_.push(b);
  http_client client;
  transfer_probe probe;
  client.submit(chat(server_, 20), probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::unavailable);
  EXPECT_NE(outcome->error().message.find("connection error"), std::string::npos)
      << outcome->error().message;
  EXPECT_EQ(probe.header_calls(), 0);
}

TEST_F(HttpClientTest, TruncatedStreamEndsWithAConnectionErrorAfterItsTokens) {
  fake::fake_behaviour b;
  b.tokens = {"a", "b", "c", "d", "e"};
  b.truncate_after = 2;
  server_.push(b);
  http_client client;
  transfer_probe probe;
  client.submit(chat(server_, 21, kStreamBody), probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  auto outcome = probe.outcome();
  ASSERT_FALSE(outcome->ok());
  EXPECT_EQ(outcome->error().code, errc::unavailable) << outcome->error().message;
  EXPECT_NE(probe.body().find(R"("content":"b")"), std::string::npos);
  EXPECT_EQ(probe.body().find(R"("content":"c")"), std::string::npos);
}

TEST_F(HttpClientTest, DestructorWithInFlightTransfersCancelsEachOnce) {
  fake::fake_behaviour b;
  b.tokens.assign(500, "t");
  b.token_delay = 50ms;
  server_.set_default(b);
  constexpr int kTransfers = 20;
  std::vector<std::unique_ptr<transfer_probe>> probes;
  {
    http_client client;
    for (int i = 0; i < kTransfers; ++i) {
      probes.push_back(std::make_unique<transfer_probe>());
      client.submit(chat(server_, i, kStreamBody), probes.back()->handlers());
    }
    ASSERT_TRUE(probes.front()->wait_chunks(1));
  }  // destructor: cancel all, join
  for (auto& p : probes) {
    EXPECT_EQ(p->completions(), 1);
    ASSERT_TRUE(p->outcome().has_value());
    EXPECT_EQ(p->outcome()->error().code, errc::cancelled);
  }
}

TEST_F(HttpClientTest, SubmitFromACompletionHandlerWorks) {
  http_client client;
  transfer_probe second;
  transfer_probe first;
  http_handlers h = first.handlers();
  auto inner = h.on_complete;
  h.on_complete = [&, inner](result<http_completion> r) {
    client.submit(chat(server_, 31), second.handlers());
    inner(std::move(r));
  };
  client.submit(chat(server_, 30), h);
  ASSERT_TRUE(first.wait_done());
  ASSERT_TRUE(second.wait_done());
  EXPECT_TRUE(second.outcome()->ok());
  EXPECT_EQ(server_.requests_received(), 2u);
}

TEST_F(HttpClientTest, EmptyUrlIsInvalidInput) {
  http_client client;
  transfer_probe probe;
  client.submit(http_request{}, probe.handlers());
  ASSERT_TRUE(probe.wait_done());
  EXPECT_EQ(probe.outcome()->error().code, errc::invalid_input);
}

TEST(HttpRequestDefaults, TlsVerificationIsOnByDefault) {
  http_request r;
  EXPECT_TRUE(r.verify_tls);
}

}  // namespace
}  // namespace wm
