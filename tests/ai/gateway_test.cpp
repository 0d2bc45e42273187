// The AI gateway and provider actors against fake OpenAI / Anthropic servers on 127.0.0.1:
// every retry rule, Retry-After, the retry budget, breaker transitions, fallback, deadline,
// cancellation, malformed and truncated responses, streaming, usage, and no key in the logs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "actors/documents/document_services.hpp"
#include "messages/documents.hpp"
#include "runtime/config/config.hpp"
#include "tests/ai/ai_test_support.hpp"
#include "tests/store/temp_dir.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm::ai::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using wm::testing::eventually;

class AiGateway : public ::testing::Test {
 protected:
  void SetUp() override {
    set_test_key();
    ASSERT_TRUE(primary.running()) << primary.error();
    ASSERT_TRUE(secondary.running()) << secondary.error();
  }

  void start(std::vector<provider_settings> providers, std::string default_provider = {}) {
    ai_settings s;
    s.providers = std::move(providers);
    s.default_provider = std::move(default_provider);
    s.request_deadline = 10s;
    n = start_node(std::move(s), log_out);
    ASSERT_NE(n, nullptr);
  }

  void start_one(provider_settings p) { start({std::move(p)}); }

  void TearDown() override {
    if (n) n->stop();
    n.reset();
  }

  fake::fake_provider primary;
  fake::fake_provider secondary;
  std::shared_ptr<std::ostringstream> log_out;
  std::unique_ptr<node> n;
};

TEST_F(AiGateway, AnswersThroughTheProvider) {
  start_one(test_provider("primary", primary));
  auto r = complete(*n, user_request("say hello please"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "Hello, world!");
  EXPECT_EQ(r->provider, "primary");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->attempts, 1u);
  EXPECT_EQ(r->usage.prompt_tokens, 3u);
  EXPECT_EQ(r->usage.completion_tokens, 4u);
  auto req = primary.last_request();
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->path, "/v1/chat/completions");
  EXPECT_EQ(req->headers["authorization"], std::string{"Bearer "} + fake_key);
  EXPECT_THAT(req->body, HasSubstr("\"model\":\"gpt-test\""));
}

TEST_F(AiGateway, AnthropicProviderStreamsAndAnswers) {
  start_one(test_provider("claude", primary, codecs::provider_kind::anthropic));
  auto r = complete(*n, user_request("one two"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "Hello, world!");
  auto req = primary.last_request();
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(req->path, "/v1/messages");
  EXPECT_EQ(req->headers["x-api-key"], fake_key);
  EXPECT_EQ(req->headers["anthropic-version"], "2023-06-01");

  auto chunks = std::make_shared<chunk_log>();
  auto sink = spawn_collector(n->system(), chunks);
  auto s = n->ask<completion_result>(n->service<gateway_actor>(services::gateway), 30s,
                                     complete_atom::value, user_request("one two"), sink);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->text, "Hello, world!");
  EXPECT_TRUE(eventually([&] { return chunks->size() == 4; }));
  EXPECT_EQ(chunks->joined(), "Hello, world!");
  EXPECT_EQ(s->usage.completion_tokens, 4u);
}

TEST_F(AiGateway, RateLimitedWithRetryAfterMsIsRetried) {
  start_one(test_provider("primary", primary));
  primary.push(status(429, {{"retry-after-ms", "30"}}));
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->attempts, 2u);
  EXPECT_EQ(primary.requests_received(), 2u);
}

TEST_F(AiGateway, ServiceUnavailableIsRetriedThenSucceeds) {
  start_one(test_provider("primary", primary));
  primary.push(status(503));
  primary.push(status(503));
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->attempts, 3u);
  EXPECT_EQ(primary.requests_received(), 3u);
}

TEST_F(AiGateway, GivesUpAfterMaxAttempts) {
  start_one(test_provider("primary", primary));
  primary.set_default(status(503));
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::unavailable);
  EXPECT_EQ(primary.requests_received(), 3u);
}

TEST_F(AiGateway, BadRequestIsNotRetried) {
  start_one(test_provider("primary", primary));
  primary.push(status(400));
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::invalid_input);
  EXPECT_EQ(primary.requests_received(), 1u);
}

TEST_F(AiGateway, ShouldRetryFalseOnServerErrorIsNotRetried) {
  start_one(test_provider("primary", primary));
  primary.push(status(500, {{"x-should-retry", "false"}}));
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::provider_error);
  EXPECT_EQ(primary.requests_received(), 1u);
}

TEST_F(AiGateway, ShouldRetryTrueOnBadRequestIsRetried) {
  start_one(test_provider("primary", primary));
  primary.push(status(400, {{"x-should-retry", "true"}}));
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->attempts, 2u);
}

TEST_F(AiGateway, ConnectionResetIsRetried) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour reset;
  reset.reset_connection = true;
  primary.push(reset);
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->attempts, 2u);
}

TEST_F(AiGateway, RetryAfterOverTheCapIsRateLimitedWithoutWaiting) {
  start_one(test_provider("primary", primary));  // retry_after_cap 1 s
  primary.push(status(429, {{"retry-after", "30"}}));
  const auto t0 = std::chrono::steady_clock::now();
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::rate_limited);
  EXPECT_THAT(r.error().message, HasSubstr("cap"));
  EXPECT_EQ(primary.requests_received(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 30s);  // it did not sleep the 30 s
}

TEST_F(AiGateway, RetryBudgetExhaustionStopsRetries) {
  auto p = test_provider("primary", primary);
  p.budget.max_tokens = 2;  // retries while more than 1 token is left: exactly one retry
  start_one(p);
  primary.set_default(status(503));
  auto first = complete(*n, user_request("hi"));
  ASSERT_FALSE(first.ok());
  EXPECT_THAT(first.error().message, HasSubstr("retry budget exhausted"));
  EXPECT_EQ(primary.requests_received(), 2u);
  auto second = complete(*n, user_request("hi"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(primary.requests_received(), 3u);  // no retry at all now
  auto report = breaker_of(*n, "primary");
  ASSERT_TRUE(report.ok());
  EXPECT_GE(report->retries_denied, 2u);
}

// No retries; the breaker opens after `failures` in a row for 200 ms, then lets one probe
// through, and its first failed probe opens it again.
ai::provider_settings one_probe_breaker(const fake::fake_provider& server, uint32_t failures) {
  auto p = test_provider("primary", server);
  p.retry.max_attempts = 1;
  p.breaker.consecutive_failures = failures;
  p.breaker.open_duration = 200ms;
  p.breaker.permitted_half_open_calls = 1;
  p.breaker.strict_half_open = true;
  return p;
}

TEST_F(AiGateway, BreakerOpensRefusesProbesAndCloses) {
  start_one(one_probe_breaker(primary, 2));
  primary.set_default(status(503));
  EXPECT_FALSE(complete(*n, user_request("a")).ok());
  EXPECT_FALSE(complete(*n, user_request("b")).ok());
  auto open = breaker_of(*n, "primary");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->state, "open");
  EXPECT_EQ(open->last_open_reason, "consecutive_failures");

  auto refused = complete(*n, user_request("c"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, errc::circuit_open);
  EXPECT_EQ(primary.requests_received(), 2u);  // answered without a request

  primary.set_default(fake::fake_behaviour{});
  ASSERT_TRUE(eventually([&] {
    auto b = breaker_of(*n, "primary");
    return b.ok() && b->open_remaining_ms == 0;
  }));
  auto probe = complete(*n, user_request("d"));
  ASSERT_TRUE(probe.ok()) << probe.error().message;
  auto closed = breaker_of(*n, "primary");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->state, "closed");
  EXPECT_EQ(closed->transitions, 3u);  // closed -> open -> half_open -> closed

  auto text = n->scrape();
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(
      *text,
      HasSubstr(R"(writemagic_ai_breaker_transitions_total{provider="primary",to="open"} 1)"));
  EXPECT_THAT(
      *text,
      HasSubstr(R"(writemagic_ai_breaker_transitions_total{provider="primary",to="half_open"} 1)"));
  EXPECT_THAT(*text, HasSubstr(R"(writemagic_ai_breaker_state{provider="primary"} 0)"));
}

// A request the half-open breaker refuses (its one probe still running) leaves nothing
// behind: the same request id runs once the probe has closed the breaker.
TEST_F(AiGateway, ARequestRefusedWhileTheProbeRunsCanRunLater) {
  start_one(one_probe_breaker(primary, 1));
  primary.set_default(status(503));
  EXPECT_FALSE(complete(*n, user_request("a")).ok());
  ASSERT_TRUE(eventually([&] {
    auto b = breaker_of(*n, "primary");
    return b.ok() && b->state == "open" && b->open_remaining_ms == 0;
  }));
  fake::fake_behaviour slow;  // a 200 that takes its time: the probe stays in flight
  slow.delay_before_headers = 500ms;
  primary.set_default(slow);
  auto probe = std::async(std::launch::async, [&] { return complete(*n, user_request("b")); });
  ASSERT_TRUE(eventually([&] { return primary.requests_received() == 2; }));

  auto req = user_request("c");
  req.request_id = "same-id";
  auto refused = complete(*n, req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, errc::circuit_open);
  EXPECT_THAT(refused.error().message, HasSubstr("probes already in flight"));

  auto probed = probe.get();
  ASSERT_TRUE(probed.ok()) << probed.error().message;
  auto again = complete(*n, req);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->request_id, "same-id");
}

TEST_F(AiGateway, FallsOverInOrderAndSaysWhoAnswered) {
  auto p = test_provider("primary", primary);
  p.retry.max_attempts = 2;
  auto s = test_provider("secondary", secondary);
  start({p, s});
  primary.set_default(status(503));
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->provider, "secondary");
  EXPECT_EQ(primary.requests_received(), 2u);
  EXPECT_EQ(secondary.requests_received(), 1u);
}

TEST_F(AiGateway, ModelPrefixPicksTheProvider) {
  start({test_provider("primary", primary), test_provider("secondary", secondary)});
  auto req = user_request("hi");
  req.model = "secondary/special-model";
  auto r = complete(*n, req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->provider, "secondary");
  EXPECT_EQ(primary.requests_received(), 0u);
  ASSERT_TRUE(secondary.last_request().has_value());
  EXPECT_THAT(secondary.last_request()->body, HasSubstr("\"model\":\"special-model\""));
}

TEST_F(AiGateway, DefaultProviderGoesFirst) {
  start({test_provider("primary", primary), test_provider("secondary", secondary)}, "secondary");
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->provider, "secondary");
}

// Every caller gets the bound, not only the HTTP API and the C facade: a deadline past it
// would overflow the gateway's clock arithmetic.
TEST_F(AiGateway, DeadlineOutsideItsRangeIsRefusedBeforeAnyAttempt) {
  start_one(test_provider("primary", primary));
  for (int64_t deadline : {int64_t{-1}, max_request_deadline_ms + 1, INT64_MAX}) {
    auto req = user_request("hi");
    req.deadline_ms = deadline;
    auto r = complete(*n, req);
    ASSERT_FALSE(r.ok()) << deadline;
    EXPECT_EQ(r.error().code, errc::invalid_input) << deadline;
  }
  EXPECT_EQ(primary.requests_received(), 0u);
  auto req = user_request("hi");
  req.deadline_ms = max_request_deadline_ms;
  EXPECT_TRUE(complete(*n, req).ok());
}

TEST_F(AiGateway, ClientErrorDoesNotFallOver) {
  start({test_provider("primary", primary), test_provider("secondary", secondary)});
  primary.push(status(400));
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::invalid_input);
  EXPECT_EQ(secondary.requests_received(), 0u);
}

TEST_F(AiGateway, DeadlineCoversEveryAttemptAndProvider) {
  auto p = test_provider("primary", primary);
  start({p, test_provider("secondary", secondary)});
  fake::fake_behaviour slow;
  slow.delay_before_headers = 5s;
  primary.set_default(slow);
  secondary.set_default(slow);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = complete(*n, user_request("hi", 300));
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::timeout);
  EXPECT_THAT(r.error().message, HasSubstr("deadline of 300 ms"));
  EXPECT_LT(took, 2s);  // bounded by the deadline, not by the 2 s attempt timeout or 5 s stall
}

TEST_F(AiGateway, DeadlineStopsRetriesOfAFailingProvider) {
  auto p = test_provider("primary", primary);
  p.retry.max_attempts = 10;
  p.retry.base = 100ms;
  p.retry.cap = 100ms;
  start_one(p);
  primary.set_default(status(503));
  auto r = complete(*n, user_request("hi", 250));
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().code == errc::timeout || r.error().code == errc::unavailable)
      << to_string(r.error().code);
  EXPECT_LT(primary.requests_received(), 10u);
}

TEST_F(AiGateway, StreamsChunksInOrderThenTheFinalUsage) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour b;
  b.tokens = {"one", " two", " three", " four", " five"};
  b.token_delay = 5ms;
  primary.push(b);
  auto chunks = std::make_shared<chunk_log>();
  auto sink = spawn_collector(n->system(), chunks);
  auto r = n->ask<completion_result>(n->service<gateway_actor>(services::gateway), 30s,
                                     complete_atom::value, user_request("count to five"), sink);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "one two three four five");
  EXPECT_EQ(r->usage.completion_tokens, 5u);
  EXPECT_EQ(r->usage.prompt_tokens, 3u);
  EXPECT_EQ(r->finish_reason, "stop");
  ASSERT_TRUE(eventually([&] { return chunks->size() == 5; }));
  EXPECT_EQ(chunks->texts(), (std::vector<std::string>{"one", " two", " three", " four", " five"}));
  EXPECT_THAT(primary.last_request()->body, HasSubstr("\"stream\":true"));
}

TEST_F(AiGateway, CancelMidStreamStopsTheTransfer) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour slow;
  slow.tokens = std::vector<std::string>(100, "tok ");
  slow.token_delay = 50ms;
  primary.push(slow);
  auto chunks = std::make_shared<chunk_log>();
  auto sink = spawn_collector(n->system(), chunks);
  auto req = user_request("long story", 20'000);
  req.request_id = "cancel-me";
  auto gw = n->service<gateway_actor>(services::gateway);
  auto pending = std::async(std::launch::async, [&] {
    return n->ask<completion_result>(gw, 30s, complete_atom::value, req, sink);
  });
  ASSERT_TRUE(eventually([&] { return chunks->size() >= 2; }));
  auto cancelled = n->ask<bool>(gw, 5s, cancel_atom::value, std::string{"cancel-me"});
  ASSERT_TRUE(cancelled.ok());
  EXPECT_TRUE(*cancelled);
  auto r = pending.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::cancelled);
  // The transfer is gone: the server's next write fails.
  EXPECT_TRUE(eventually([&] { return primary.streams_aborted() >= 1; }));
  EXPECT_LT(chunks->size(), 100u);
  auto again = n->ask<bool>(gw, 5s, cancel_atom::value, std::string{"cancel-me"});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);  // nothing left to cancel
}

TEST_F(AiGateway, MalformedResponseIsAClearErrorAndNotRetried) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour bad;
  bad.malformed_json = true;
  primary.push(bad);
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::provider_error);
  EXPECT_THAT(r.error().message, HasSubstr("malformed"));
  EXPECT_EQ(primary.requests_received(), 1u);
}

TEST_F(AiGateway, TruncatedStreamAfterTokensFailsWithoutRetry) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour cut;
  cut.truncate_after = 2;
  primary.push(cut);
  auto chunks = std::make_shared<chunk_log>();
  auto sink = spawn_collector(n->system(), chunks);
  auto r = n->ask<completion_result>(n->service<gateway_actor>(services::gateway), 30s,
                                     complete_atom::value, user_request("hi"), sink);
  ASSERT_FALSE(r.ok());
  // The connection closed inside the chunked body: a transport error, reported as such.
  EXPECT_TRUE(r.error().code == errc::unavailable || r.error().code == errc::provider_error)
      << to_string(r.error().code) << ": " << r.error().message;
  EXPECT_THAT(r.error().message, HasSubstr("provider primary"));
  EXPECT_EQ(primary.requests_received(), 1u);  // tokens were delivered: never retried
  EXPECT_TRUE(eventually([&] { return chunks->size() == 2; }));
}

TEST_F(AiGateway, TruncatedStreamBeforeAnyTokenIsRetried) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour cut;
  cut.truncate_after = 0;
  primary.push(cut);
  auto req = user_request("hi");
  req.stream = true;  // streamed internally, answered whole
  auto r = complete(*n, req);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->attempts, 2u);
  EXPECT_EQ(r->text, "Hello, world!");
}

TEST_F(AiGateway, MidStreamErrorEventIsAnError) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour err;
  err.error_after = 1;
  err.error_type = "server_error";
  primary.push(err);
  auto req = user_request("hi");
  req.stream = true;
  auto r = complete(*n, req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(primary.requests_received(), 1u);
}

TEST_F(AiGateway, MissingApiKeyIsUnauthorizedAndNamesTheVariable) {
  auto p = test_provider("primary", primary);
  p.api_key_env = "WM_AI_TEST_NO_SUCH_KEY";
  ::unsetenv("WM_AI_TEST_NO_SUCH_KEY");
  start_one(p);
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::unauthorized);
  EXPECT_EQ(r.error().message, "API key not configured (set $WM_AI_TEST_NO_SUCH_KEY)");
  EXPECT_EQ(primary.requests_received(), 0u);
}

TEST_F(AiGateway, NoProviderConfiguredIsUnavailable) {
  start({});
  auto r = complete(*n, user_request("hi"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::unavailable);
  EXPECT_EQ(r.error().message, "no AI provider configured");
  // Breaker states are answered at once (an empty list), not after the request timeout.
  auto breakers = n->ask<std::vector<breaker_report>>(n->service<gateway_actor>(services::gateway),
                                                      2s, breaker_atom::value);
  ASSERT_TRUE(breakers.ok()) << breakers.error().message;
  EXPECT_TRUE(breakers->empty());
}

TEST_F(AiGateway, NoApiKeyInAnyLogLine) {
  log_out = std::make_shared<std::ostringstream>();
  auto p = test_provider("primary", primary);
  p.retry.max_attempts = 2;
  start({p, test_provider("secondary", secondary)});
  fake::fake_behaviour echo = status(401);
  echo.error_message = std::string{"Incorrect API key provided: "} + fake_key;
  primary.push(echo);
  primary.push(status(503));
  primary.push(status(429, {{"retry-after-ms", "5"}}));
  EXPECT_TRUE(complete(*n, user_request("one")).ok());  // 401 -> falls over to secondary
  EXPECT_TRUE(complete(*n, user_request("two")).ok());  // 503, 429 -> secondary
  EXPECT_TRUE(complete(*n, user_request("three")).ok());
  n->stop();
  const std::string text = log_out->str();
  EXPECT_THAT(text, HasSubstr("primary"));  // the capture did see the provider's lines
  EXPECT_THAT(text, Not(HasSubstr(fake_key)));
  EXPECT_THAT(text, Not(HasSubstr("7f3a9c2e1d5b4a60")));
}

TEST_F(AiGateway, WritingOperationsUseTheirPromptTemplates) {
  start_one(test_provider("primary", primary));
  auto gw = n->service<gateway_actor>(services::gateway);
  auto r = n->ask<completion_result>(gw, 30s, writing_atom::value, writing_op::summarize,
                                     std::string{"The quick brown fox."});
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto body = primary.last_request()->body;
  EXPECT_THAT(body, HasSubstr("Summarize the following text"));
  EXPECT_THAT(body, HasSubstr("The quick brown fox."));
  EXPECT_THAT(body, HasSubstr("\"role\":\"system\""));
  auto empty =
      n->ask<completion_result>(gw, 30s, writing_atom::value, writing_op::proofread, std::string{});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, errc::invalid_input);
}

TEST_F(AiGateway, UsageIsAccountedPerProviderAndModel) {
  start_one(test_provider("primary", primary));
  ASSERT_TRUE(complete(*n, user_request("one two three")).ok());
  ASSERT_TRUE(complete(*n, user_request("four")).ok());
  auto usage = n->ask<std::vector<usage_report>>(n->service<gateway_actor>(services::gateway), 5s,
                                                 usage_atom::value);
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->size(), 1u);
  EXPECT_EQ((*usage)[0].provider, "primary");
  EXPECT_EQ((*usage)[0].requests, 2u);
  EXPECT_EQ((*usage)[0].usage.prompt_tokens, 4u);
  EXPECT_EQ((*usage)[0].usage.completion_tokens, 8u);
  auto text = n->scrape();
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("writemagic_ai_tokens_total{kind=\"completion\",model="));
  EXPECT_THAT(*text,
              HasSubstr("writemagic_ai_request_duration_seconds_count{provider=\"primary\"} 2"));
}

// Model names come from clients (and from provider answers): past 64 distinct ones, new names
// are counted as "other", so a client cannot add metric series without bound.
TEST_F(AiGateway, UsageKeepsAtMost64ModelNamesThenCountsOther) {
  start_one(test_provider("primary", primary));
  for (int i = 0; i < 70; ++i) {
    auto req = user_request("one two three");
    req.model = "m-" + std::to_string(i);
    ASSERT_TRUE(complete(*n, req).ok());
  }
  auto usage = n->ask<std::vector<usage_report>>(n->service<gateway_actor>(services::gateway), 5s,
                                                 usage_atom::value);
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->size(), 65u);
  uint64_t requests = 0;
  const usage_report* other = nullptr;
  for (const auto& u : *usage) {
    requests += u.requests;
    if (u.model == "other") other = &u;
  }
  EXPECT_EQ(requests, 70u);  // nothing is lost, only grouped
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->requests, 6u);
  auto text = n->scrape();
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("model=\"m-63\""));
  EXPECT_THAT(*text, Not(HasSubstr("model=\"m-64\"")));
  EXPECT_THAT(*text, HasSubstr("model=\"other\""));
}

TEST_F(AiGateway, DuplicateRequestIdIsRejected) {
  start_one(test_provider("primary", primary));
  fake::fake_behaviour slow;
  slow.delay_before_headers = 300ms;
  primary.push(slow);
  auto req = user_request("hi");
  req.request_id = "same";
  auto gw = n->service<gateway_actor>(services::gateway);
  auto first = std::async(std::launch::async, [&] { return complete(*n, req); });
  ASSERT_TRUE(eventually([&] { return primary.requests_received() == 1; }));
  auto second = complete(*n, req);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, errc::invalid_input);
  EXPECT_TRUE(first.get().ok());
}

TEST_F(AiGateway, ProvidersComeFromTheConfiguration) {
  config_sources src;
  src.environment = config_env::env_map{};
  auto cfg = load_config_text(
      "[ai]\ndefault_provider = \"local\"\n[provider.local]\nkind = openai\n"
      "base_url = \"" +
          primary.base_url() +
          "/v1\"\nmodel = \"llama\"\n"
          "api_key_env = \"" +
          std::string{key_env} +
          "\"\n"
          "breaker_open_duration = 250ms\n",
      "test.ini", src);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  auto settings = ai_settings_from(*cfg);
  ASSERT_TRUE(settings.ok());
  ASSERT_EQ(settings->providers.size(), 1u);
  EXPECT_EQ(settings->providers[0].breaker.open_duration, std::chrono::milliseconds{250});
  node_config nc;
  nc.setup_logging = false;
  nc.metrics = std::make_shared<metrics_registry>();
  nc.services = make_ai_services(*cfg, nc.metrics).value();
  auto started = node::start(std::move(nc));
  ASSERT_TRUE(started.ok()) << started.error().message;
  n = std::move(*started);
  auto r = complete(*n, user_request("hi"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->provider, "local");
  EXPECT_THAT(primary.last_request()->body, HasSubstr("\"model\":\"llama\""));
}

TEST_F(AiGateway, WritingOperationsRunOnAStoredDocument) {
  test::temp_dir data;
  config_sources src;
  src.environment = config_env::env_map{};
  auto cfg = load_config_text("[runtime]\ndata_dir = \"" + data.path().string() +
                                  "\"\n[ai]\ndefault_provider = \"local\"\n[provider.local]\n"
                                  "kind = openai\nbase_url = \"" +
                                  primary.base_url() + "/v1\"\napi_key_env = \"" +
                                  std::string{key_env} + "\"\n",
                              "test.ini", src);
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  node_config nc;
  nc.setup_logging = false;
  nc.metrics = std::make_shared<metrics_registry>();
  nc.services = make_document_services(*cfg, nc.metrics);
  auto ai = make_ai_services(*cfg, nc.metrics);
  ASSERT_TRUE(ai.ok()) << ai.error().message;
  for (auto& spec : *ai) nc.services.push_back(spec);
  auto started = node::start(std::move(nc));
  ASSERT_TRUE(started.ok()) << started.error().message;
  n = std::move(*started);
  create_document_cmd create;
  create.title = "Draft";
  create.content = "Stored paragraph about foxes.";
  auto doc = n->ask<document>(n->service<documents_actor>(services::documents), 10s,
                              create_atom::value, create);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  auto gw = n->service<gateway_actor>(services::gateway);
  auto r = n->ask<completion_result>(gw, 30s, writing_atom::value, writing_op::rewrite,
                                     document_atom::value, doc->id);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_THAT(primary.last_request()->body, HasSubstr("Stored paragraph about foxes."));
  auto missing = n->ask<completion_result>(gw, 30s, writing_atom::value, writing_op::rewrite,
                                           document_atom::value,
                                           std::string{"00000000-0000-4000-8000-000000000000"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::not_found);
}

}  // namespace
}  // namespace wm::ai::testing
