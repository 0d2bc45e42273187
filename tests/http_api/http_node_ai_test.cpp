// The node's AI routes against the fake provider (a separate process): /v1/ai/complete and
// /v1/ai/write as JSON and SSE, cancel, providers, and the OpenAI-compatible
// /v1/chat/completions shapes; SIGTERM while slow streams run still exits 0.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <atomic>
#include <thread>

#include "tests/http_api/node_harness.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm::testing {
namespace {

std::vector<std::string> provider_args(const fake_provider_process& fake) {
  return {"--set", "provider.fake.kind=openai",
          "--set", "provider.fake.base_url=" + fake.base() + "/v1",
          "--set", "provider.fake.api_key_env=WM_TEST_FAKE_KEY",
          "--set", "provider.fake.model=fake-model"};
}

const std::map<std::string, std::string> provider_env{{"WM_TEST_FAKE_KEY", "sk-test-123"}};

class HttpNodeAi : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = make_temp_dir("wm_http_ai_");
    fake = std::make_unique<fake_provider_process>(dir);
    ASSERT_GT(fake->port(), 0);
    n.dir = dir;
  }
  std::filesystem::path dir;
  std::unique_ptr<fake_provider_process> fake;
  node_run n;
};

TEST_F(HttpNodeAi, CompletesAsJsonAndAsServerSentEvents) {
  start_node(n, provider_args(*fake), provider_env);
  auto r = http_send("POST", n.base + "/v1/ai/complete", R"({"prompt":"say hello"})",
                     {"Content-Type: application/json", "X-Request-Id: ai-1"});
  ASSERT_EQ(r.status, 200) << r.body << n.log();
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(r.body).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(doc["text"].get_string().value(), "Hello, world!");
  EXPECT_EQ(doc["request_id"].get_string().value(), "ai-1");
  EXPECT_EQ(doc["provider"].get_string().value(), "fake");
  EXPECT_EQ(doc["usage"]["completion_tokens"].get_uint64().value(), 4u);

  auto s = http_send("POST", n.base + "/v1/ai/complete", R"({"prompt":"say hello","stream":true})");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.headers["content-type"], "text/event-stream");
  EXPECT_NE(s.body.find("event: chunk\ndata: {"), std::string::npos) << s.body;
  EXPECT_NE(s.body.find("event: done\ndata: {"), std::string::npos) << s.body;
  EXPECT_NE(s.body.find(R"("text":"Hello, world!")"), std::string::npos) << s.body;

  auto providers = http_get(n.base + "/v1/ai/providers");
  ASSERT_EQ(providers.status, 200) << providers.body;
  ASSERT_EQ(p.parse(providers.body).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(doc["providers"].at(0)["provider"].get_string().value(), "fake");
  EXPECT_EQ(doc["providers"].at(0)["breaker"]["state"].get_string().value(), "closed");
  EXPECT_GE(doc["usage"].at(0)["requests"].get_uint64().value(), 2u);

  auto missing = http_send("POST", n.base + "/v1/ai/cancel/no-such-request", "");
  EXPECT_EQ(missing.status, 404) << missing.body;
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

TEST_F(HttpNodeAi, OpenAiShapesIncludingDoneAndTheUsageChunk) {
  start_node(n, provider_args(*fake), provider_env);
  const std::string url = n.base + "/v1/chat/completions";
  auto r = http_send("POST", url,
                     R"({"model":"fake-model","messages":[{"role":"user","content":"hi there"}]})");
  ASSERT_EQ(r.status, 200) << r.body << n.log();
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(r.body).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(doc["object"].get_string().value(), "chat.completion");
  EXPECT_EQ(doc["choices"].at(0)["message"]["role"].get_string().value(), "assistant");
  EXPECT_EQ(doc["choices"].at(0)["message"]["content"].get_string().value(), "Hello, world!");
  EXPECT_EQ(doc["choices"].at(0)["finish_reason"].get_string().value(), "stop");
  EXPECT_EQ(doc["usage"]["prompt_tokens"].get_uint64().value(), 2u);
  EXPECT_EQ(doc["usage"]["total_tokens"].get_uint64().value(), 6u);

  auto s =
      http_send("POST", url,
                R"({"model":"fake-model","stream":true,"stream_options":{"include_usage":true},)"
                R"("messages":[{"role":"user","content":"hi there"}]})");
  ASSERT_EQ(s.status, 200) << s.body;
  // data: lines only, each JSON until [DONE]; the usage chunk has empty choices.
  std::string text, finish;
  bool done = false, usage_seen = false;
  size_t pos = 0;
  while (pos < s.body.size()) {
    auto end = s.body.find("\n\n", pos);
    ASSERT_NE(end, std::string::npos) << s.body;
    std::string event = s.body.substr(pos, end - pos);
    pos = end + 2;
    ASSERT_EQ(event.rfind("data: ", 0), 0u) << event;
    std::string data = event.substr(6);
    ASSERT_FALSE(done) << "event after [DONE]: " << data;
    if (data == "[DONE]") {
      done = true;
      continue;
    }
    simdjson::dom::element c;
    ASSERT_EQ(p.parse(data).get(c), simdjson::SUCCESS) << data;
    EXPECT_EQ(c["object"].get_string().value(), "chat.completion.chunk");
    simdjson::dom::array choices = c["choices"].get_array().value();
    if (choices.size() == 0) {
      usage_seen = true;
      EXPECT_EQ(c["usage"]["completion_tokens"].get_uint64().value(), 4u);
      continue;
    }
    EXPECT_TRUE(c["usage"].is_null()) << data;
    std::string_view piece;
    if (choices.at(0)["delta"]["content"].get_string().get(piece) == simdjson::SUCCESS)
      text += piece;
    std::string_view fr;
    if (choices.at(0)["finish_reason"].get_string().get(fr) == simdjson::SUCCESS) finish = fr;
  }
  EXPECT_TRUE(done);
  EXPECT_TRUE(usage_seen);
  EXPECT_EQ(text, "Hello, world!");
  EXPECT_EQ(finish, "stop");
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

// POST /v1/ai/write runs the configured prompt on a text or on a document's current content,
// as JSON or SSE; what reached the provider is the template filled with that text.
TEST_F(HttpNodeAi, WriteRunsTheConfiguredPromptOnATextOrADocument) {
  auto args = provider_args(*fake);
  for (std::string kv : {"ai.system_prompt=You edit prose.", "ai.prompt.proofread=Fix: {text}"}) {
    args.push_back("--set");
    args.push_back(kv);
  }
  start_node(n, args, provider_env);
  auto made = http_send("POST", n.base + "/v1/documents",
                        R"({"title":"Draft","content":"Their going home."})");
  ASSERT_EQ(made.status, 201) << made.body;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(made.body).get(doc), simdjson::SUCCESS);
  const std::string id{doc["id"].get_string().value()};

  auto r = http_send("POST", n.base + "/v1/ai/write",
                     R"({"operation":"proofread","document_id":")" + id + R"("})",
                     {"X-Request-Id: write-1"});
  ASSERT_EQ(r.status, 200) << r.body << n.log();
  ASSERT_EQ(p.parse(r.body).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(doc["text"].get_string().value(), "Hello, world!");
  EXPECT_EQ(doc["request_id"].get_string().value(), "write-1");
  auto last = http_get(fake->base() + "/_last");
  ASSERT_EQ(p.parse(last.body).get(doc), simdjson::SUCCESS) << last.body;
  const std::string sent{doc["body"].get_string().value()};
  EXPECT_NE(sent.find(R"("content":"You edit prose.")"), std::string::npos) << sent;
  EXPECT_NE(sent.find(R"("content":"Fix: Their going home.")"), std::string::npos) << sent;

  auto s = http_send("POST", n.base + "/v1/ai/write",
                     R"({"operation":"summarize","text":"A long text.","stream":true})");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.headers["content-type"], "text/event-stream");
  EXPECT_NE(s.body.find("event: chunk\ndata: {"), std::string::npos) << s.body;
  EXPECT_NE(s.body.find("event: done\ndata: {"), std::string::npos) << s.body;

  auto missing =
      http_send("POST", n.base + "/v1/ai/write",
                R"({"operation":"rewrite","document_id":"00000000-0000-4000-8000-000000000000"})");
  EXPECT_EQ(missing.status, 404) << missing.body;
  auto bad = http_send("POST", n.base + "/v1/ai/write", R"({"operation":"translate","text":"a"})");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("continue, rewrite, summarize or proofread"), std::string::npos)
      << bad.body;
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

TEST_F(HttpNodeAi, CancelStopsAStream) {
  fake->script(R"({"tokens":["a","b","c","d","e","f","g","h"],"token_delay_ms":400})");
  start_node(n, provider_args(*fake), provider_env);
  std::atomic<bool> got_chunk{false};
  http_reply r;
  std::thread t([&] {
    http_call c;
    c.method = "POST";
    c.url = n.base + "/v1/ai/complete";
    c.body = R"({"prompt":"slow","stream":true})";
    c.headers = {"Content-Type: application/json", "X-Request-Id: slow-1"};
    c.on_data = [&](const std::string& piece) {
      if (piece.find("event: chunk") != std::string::npos) got_chunk = true;
      return true;
    };
    r = perform(c);
  });
  ASSERT_TRUE(eventually([&] { return got_chunk.load(); }));
  auto cancel = http_send("POST", n.base + "/v1/ai/cancel/slow-1", "");
  EXPECT_EQ(cancel.status, 200) << cancel.body;
  t.join();
  EXPECT_NE(r.body.find("event: error"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\"code\":\"cancelled\""), std::string::npos) << r.body;
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

TEST_F(HttpNodeAi, SigtermDuringSlowStreamsExitsZero) {
  fake->queue_slow(4);
  start_node(n, provider_args(*fake), provider_env);
  std::atomic<int> chunks{0};
  std::vector<http_reply> replies(4);
  std::vector<std::thread> streams;
  for (int i = 0; i < 4; ++i)
    streams.emplace_back([&, i] {
      http_call c;
      c.method = "POST";
      c.url = n.base + "/v1/ai/complete";
      c.body = R"({"prompt":"slow","stream":true})";
      c.headers = {"Content-Type: application/json"};
      c.on_data = [&](const std::string& piece) {
        if (piece.find("event: chunk") != std::string::npos) chunks.fetch_add(1);
        return true;
      };
      replies[i] = perform(c);
    });
  ASSERT_TRUE(eventually([&] { return chunks.load() >= 4; }));
  n.proc->signal(SIGTERM);
  // While the streams drain: not ready, no new work, but alive.
  EXPECT_TRUE(eventually([&] { return http_get(n.base + "/readyz").status == 503; }));
  auto refused = http_send("POST", n.base + "/v1/ai/complete", R"({"prompt":"late"})");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_NE(refused.body.find(R"("code":"shutting_down")"), std::string::npos) << refused.body;
  EXPECT_EQ(http_get(n.base + "/healthz").status, 200);
  EXPECT_EQ(n.proc->wait(), 0) << n.log();
  for (auto& t : streams) t.join();
  for (const auto& r : replies) {
    EXPECT_EQ(r.status, 200);
    // Each stream ended with an event, not a cut connection.
    EXPECT_TRUE(r.body.find("event: error") != std::string::npos ||
                r.body.find("event: done") != std::string::npos)
        << r.body;
  }
}

}  // namespace
}  // namespace wm::testing
