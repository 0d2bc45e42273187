// The fake provider itself: wire shapes, scripting, counters and the standalone server.
#include "tests/support/fake_provider/fake_provider.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "adapters/http_client/http_client.hpp"
#include "tests/http_client/transfer_probe.hpp"
#include "tests/support/eventually.hpp"

namespace wm {
namespace {

using namespace std::chrono_literals;
using test::transfer_probe;

struct reply {
  result<http_completion> outcome = failure{errc::internal, "no reply"};
  http_headers headers;
  std::string body;
};

reply post(http_client& client, const std::string& url, std::string body,
           std::vector<std::pair<std::string, std::string>> headers = {}) {
  static std::atomic<uint64_t> next_id{1};
  transfer_probe probe;
  http_request r;
  r.id = next_id++;
  r.method = http_method::post;
  r.url = url;
  r.headers = std::move(headers);
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  client.submit(r, probe.handlers());
  EXPECT_TRUE(probe.wait_done());
  reply out;
  if (auto o = probe.outcome()) out.outcome = *o;
  out.headers = probe.headers();
  out.body = probe.body();
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class FakeProviderTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.running()) << server_.error(); }
  std::string openai() const { return server_.base_url() + "/v1/chat/completions"; }
  std::string anthropic() const { return server_.base_url() + "/v1/messages"; }
  fake::fake_provider server_;
  http_client client_;
};

TEST_F(FakeProviderTest, ListensOnAnEphemeralLoopbackPort) {
  EXPECT_GT(server_.port(), 0);
  EXPECT_EQ(server_.base_url(), "http://127.0.0.1:" + std::to_string(server_.port()));
  fake::fake_provider other;
  ASSERT_TRUE(other.running());
  EXPECT_NE(other.port(), server_.port());
}

TEST_F(FakeProviderTest, AnthropicNonStreamingShapeAndDeterministicUsage) {
  auto r =
      post(client_, anthropic(),
           R"({"model":"claude-test","max_tokens":64,"system":"be brief",)"
           R"("messages":[{"role":"user","content":[{"type":"text","text":"one two three"}]}]})",
           {{"x-api-key", "ak-secret"}, {"anthropic-version", "2023-06-01"}});
  ASSERT_TRUE(r.outcome.ok());
  EXPECT_EQ(r.outcome->status, 200);
  EXPECT_EQ(r.headers.at("request-id"), "req_fake_1");
  EXPECT_TRUE(contains(r.body, R"("type":"message")")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("text":"Hello, world!")"));
  EXPECT_TRUE(contains(r.body, R"("stop_reason":"end_turn")"));
  EXPECT_TRUE(contains(r.body, R"("usage":{"input_tokens":5,"output_tokens":4})")) << r.body;
  EXPECT_EQ(server_.last_request()->headers.at("x-api-key"), "ak-secret");
  EXPECT_EQ(server_.last_request()->path, "/v1/messages");
}

TEST_F(FakeProviderTest, AnthropicStreamHasTheDocumentedEventSequence) {
  fake::fake_behaviour b;
  b.tokens = {"Hi", " there"};
  server_.push(b);
  auto r = post(
      client_, anthropic(),
      R"({"model":"c","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"a b"}]})");
  ASSERT_TRUE(r.outcome.ok());
  const char* order[] = {
      "event: message_start", "event: content_block_start", "event: ping",
      "\"text\":\"Hi\"",      "\"text\":\" there\"",        "event: content_block_stop",
      "event: message_delta", "\"output_tokens\":2",        "event: message_stop"};
  size_t at = 0;
  for (const char* piece : order) {
    const size_t found = r.body.find(piece, at);
    ASSERT_NE(found, std::string::npos) << piece << "\n" << r.body;
    at = found;
  }
  EXPECT_TRUE(contains(r.body, R"("input_tokens":2)"));
}

TEST_F(FakeProviderTest, OpenAIStreamSendsUsageOnlyWhenAsked) {
  auto without =
      post(client_, openai(), R"({"stream":true,"messages":[{"role":"user","content":"x y z"}]})");
  ASSERT_TRUE(without.outcome.ok());
  EXPECT_FALSE(contains(without.body, "\"usage\""));
  EXPECT_TRUE(contains(without.body, "data: [DONE]\n\n"));

  auto with =
      post(client_, openai(),
           R"({"stream":true,"stream_options":{"include_usage":true},)"
           R"("messages":[{"role":"system","content":"sys"},{"role":"user","content":"x y z"}]})");
  ASSERT_TRUE(with.outcome.ok());
  EXPECT_TRUE(contains(
      with.body,
      R"("choices":[],"usage":{"prompt_tokens":4,"completion_tokens":4,"total_tokens":8})"))
      << with.body;
  EXPECT_LT(with.body.find("\"finish_reason\":\"stop\""), with.body.find("[DONE]"));
}

TEST_F(FakeProviderTest, HoldsConcurrentSlowStreamsOnItsOneThreadAndCountsThePeak) {
  fake::fake_behaviour slow;
  slow.tokens = {"a", "b", "c", "d"};
  slow.token_delay = 250ms;  // a second per stream: all of them overlap
  server_.set_default(slow);
  constexpr int kStreams = 20;
  std::vector<std::unique_ptr<transfer_probe>> probes;
  for (int i = 0; i < kStreams; ++i) {
    probes.push_back(std::make_unique<transfer_probe>());
    http_request r;
    r.id = 1000 + static_cast<uint64_t>(i);
    r.method = http_method::post;
    r.url = openai();
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"stream":true,"messages":[{"role":"user","content":"x"}]})";
    client_.submit(r, probes.back()->handlers());
  }
  for (auto& p : probes) {
    ASSERT_TRUE(p->wait_done());
    ASSERT_TRUE(p->outcome()->ok());
    EXPECT_TRUE(contains(p->body(), "data: [DONE]\n\n"));
  }
  EXPECT_EQ(server_.peak_streams(), static_cast<size_t>(kStreams));
  EXPECT_EQ(server_.streams_aborted(), 0u);
  // None left in progress once the server has marked its last writes (it does so just after
  // they leave, so a client can finish first: this once failed under ASan).
  EXPECT_TRUE(wm::testing::eventually([&] { return server_.streams_open() == 0; }))
      << server_.streams_open();
  server_.reset();
  EXPECT_EQ(server_.peak_streams(), 0u);
}

TEST_F(FakeProviderTest, ErrorBodiesUseEachProvidersShape) {
  fake::fake_behaviour overloaded;
  overloaded.status = 529;
  server_.push(overloaded);
  auto a = post(client_, anthropic(), R"({"messages":[]})");
  ASSERT_TRUE(a.outcome.ok());
  EXPECT_EQ(a.outcome->status, 529);
  EXPECT_TRUE(contains(a.body, R"({"type":"error","error":{"type":"overloaded_error","message":)"))
      << a.body;

  fake::fake_behaviour unauthorized;
  unauthorized.status = 401;
  unauthorized.error_message = "Incorrect API key provided";
  server_.push(unauthorized);
  auto o = post(client_, openai(), R"({"messages":[]})");
  ASSERT_TRUE(o.outcome.ok());
  EXPECT_EQ(o.outcome->status, 401);
  EXPECT_EQ(o.body,
            R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error",)"
            R"("param":null,"code":"invalid_api_key"}})");
}

TEST_F(FakeProviderTest, InvalidRequestJsonGetsA400) {
  auto o = post(client_, openai(), "{not json");
  ASSERT_TRUE(o.outcome.ok());
  EXPECT_EQ(o.outcome->status, 400);
  EXPECT_TRUE(contains(o.body, "invalid_request_error"));
}

TEST_F(FakeProviderTest, MalformedJsonAndMidStreamErrors) {
  fake::fake_behaviour malformed;
  malformed.malformed_json = true;
  server_.push(malformed);
  auto m = post(client_, openai(), R"({"messages":[]})");
  ASSERT_TRUE(m.outcome.ok());
  EXPECT_EQ(m.outcome->status, 200);
  EXPECT_EQ(m.body.back(), '{');  // cut off in the middle of an object

  fake::fake_behaviour mid;
  mid.tokens = {"a", "b", "c"};
  mid.error_after = 1;
  server_.push(mid);
  auto e = post(client_, anthropic(), R"({"stream":true,"messages":[]})");
  ASSERT_TRUE(e.outcome.ok());  // the HTTP exchange itself finished cleanly
  EXPECT_TRUE(contains(
      e.body, "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\""))
      << e.body;
  EXPECT_FALSE(contains(e.body, "message_stop"));
  EXPECT_FALSE(contains(e.body, "\"text\":\"b\""));

  mid.error_type = "server_error";
  server_.push(mid);
  auto oe = post(client_, openai(), R"({"stream":true,"messages":[]})");
  ASSERT_TRUE(oe.outcome.ok());
  EXPECT_TRUE(contains(
      oe.body, R"(data: {"error":{"message":"fake mid-stream error","type":"server_error")"));
  EXPECT_FALSE(contains(oe.body, "[DONE]"));
}

TEST_F(FakeProviderTest, ScriptIsFifoThenDefault) {
  fake::fake_behaviour s500, s503, dflt;
  s500.status = 500;
  s503.status = 503;
  dflt.status = 200;
  dflt.tokens = {"default"};
  server_.push(s500);
  server_.push(s503);
  server_.set_default(dflt);
  EXPECT_EQ(post(client_, openai(), "{}").outcome->status, 500);
  EXPECT_EQ(post(client_, openai(), "{}").outcome->status, 503);
  auto third = post(client_, openai(), "{}");
  EXPECT_EQ(third.outcome->status, 200);
  EXPECT_TRUE(contains(third.body, R"("content":"default")"));
  EXPECT_EQ(server_.requests_received(), 3u);
}

TEST_F(FakeProviderTest, TestCaseHeaderSelectsItsOwnScript) {
  fake::fake_behaviour limited;
  limited.status = 429;
  limited.headers = {{"retry-after-ms", "10"}};
  server_.set_case_default("rate", limited);
  fake::fake_behaviour once;
  once.status = 502;
  server_.push_for_case("rate", once);

  auto first = post(client_, openai(), "{}", {{"X-Test-Case", "rate"}});
  EXPECT_EQ(first.outcome->status, 502);
  auto second = post(client_, openai(), "{}", {{"X-Test-Case", "rate"}});
  EXPECT_EQ(second.outcome->status, 429);
  EXPECT_EQ(second.headers.at("retry-after-ms"), "10");
  EXPECT_EQ(post(client_, openai(), "{}").outcome->status, 200);  // no header: global default
  EXPECT_EQ(post(client_, openai(), "{}", {{"X-Test-Case", "unknown"}}).outcome->status, 200);
}

TEST_F(FakeProviderTest, ControlEndpointQueuesBehavioursFromJson) {
  auto scripted = post(client_, server_.base_url() + "/_script",
                       R"([{"status":429,"headers":{"retry-after":"1"}},)"
                       R"({"tokens":["x","y"],"case":"c1"}])");
  ASSERT_TRUE(scripted.outcome.ok());
  EXPECT_EQ(scripted.outcome->status, 200);
  EXPECT_EQ(scripted.body, R"({"queued":2})");
  auto limited = post(client_, openai(), "{}");
  EXPECT_EQ(limited.outcome->status, 429);
  EXPECT_EQ(limited.headers.at("retry-after"), "1");
  auto cased = post(client_, openai(), "{}", {{"X-Test-Case", "c1"}});
  EXPECT_TRUE(contains(cased.body, R"("content":"xy")"));

  auto bad = post(client_, server_.base_url() + "/_script", R"([{"stauts":1}])");
  EXPECT_EQ(bad.outcome->status, 400);
  EXPECT_TRUE(contains(bad.body, "stauts"));
  EXPECT_EQ(server_.requests_received(), 2u);  // control requests are not counted
}

TEST(FakeBehaviourParse, ReadsEveryKey) {
  auto parsed = fake::parse_behaviours(
      R"({"status":503,"headers":{"x-should-retry":"false"},"delay_ms":5,"tokens":["a"],)"
      R"("token_delay_ms":7,"truncate_after":1,"reset":true,"malformed_json":true,)"
      R"("error_after":2,"error_type":"t","error_message":"m","finish_reason":"length","case":"k"})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  const auto& [name, b] = parsed->front();
  EXPECT_EQ(name, "k");
  EXPECT_EQ(b.status, 503);
  EXPECT_EQ(b.headers.at(0).second, "false");
  EXPECT_EQ(b.delay_before_headers, 5ms);
  EXPECT_EQ(b.token_delay, 7ms);
  EXPECT_EQ(b.tokens, std::vector<std::string>{"a"});
  EXPECT_EQ(b.truncate_after, 1u);
  EXPECT_EQ(b.error_after, 2u);
  EXPECT_TRUE(b.reset_connection);
  EXPECT_TRUE(b.malformed_json);
  EXPECT_EQ(b.error_type, "t");
  EXPECT_EQ(b.error_message, "m");
  EXPECT_EQ(b.finish_reason, "length");
  EXPECT_FALSE(fake::parse_behaviours("[1]").ok());
  EXPECT_FALSE(fake::parse_behaviours("nope").ok());
}

TEST(FakeProviderServer, StandaloneProcessPrintsPortServesAndStopsOnSigterm) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(WM_BINARY_DIR "/tests/support/fake_provider/wm_fake_provider_server",
          "wm_fake_provider_server", "--port", "0", "--print-port", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* from_child = fdopen(out[0], "r");
  int port = 0;
  ASSERT_EQ(std::fscanf(from_child, "%d", &port), 1);
  ASSERT_GT(port, 0);
  {
    http_client client;
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    EXPECT_EQ(post(client, base + "/_script", R"([{"status":418}])").outcome->status, 200);
    EXPECT_EQ(post(client, base + "/v1/chat/completions", "{}").outcome->status, 418);
    EXPECT_EQ(post(client, base + "/v1/chat/completions", "{}").outcome->status, 200);
  }
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::fclose(from_child);
}

}  // namespace
}  // namespace wm
