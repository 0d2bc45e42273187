// The AI gateway in the node's phased shutdown, against a fake provider on 127.0.0.1:
// stop_intake refuses new requests with errc::shutting_down; drain waits for in-flight
// requests and cuts the ones still running at 60% of the deadline the drain phase was given
// (node::stop's, when shorter than the configured one) with errc::shutting_down.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>

#include "tests/ai/ai_test_support.hpp"
#include "tests/support/eventually.hpp"

namespace wm::ai::testing {
namespace {

using wm::testing::eventually;

class AiGatewayShutdown : public ::testing::Test {
 protected:
  void SetUp() override {
    set_test_key();
    ASSERT_TRUE(server.running()) << server.error();
  }

  // configured_phase_deadline: the node's shutdown.phase_deadline (what node::stop() uses
  // when not given one).
  void start(std::chrono::milliseconds configured_phase_deadline = 5s) {
    ai_settings s;
    s.providers.push_back(test_provider("primary", server));
    s.providers.back().attempt_timeout = 60s;
    s.request_deadline = 60s;
    auto nc = ai_node_config(std::move(s));
    nc.phase_deadline = configured_phase_deadline;
    n = start_node(std::move(nc));
    ASSERT_NE(n, nullptr);
    gw = n->service<gateway_actor>(services::gateway);
  }

  // Runs every shutdown phase through the coordinator; the actors stay up afterwards, so the
  // test can still talk to the gateway.
  result<shutdown_report> run_shutdown(std::chrono::milliseconds phase_deadline) {
    return n->ask<shutdown_report>(n->service<shutdown_coordinator_actor>(services::shutdown), 60s,
                                   shutdown_atom::value,
                                   static_cast<int64_t>(phase_deadline.count()));
  }

  std::future<result<completion_result>> stream_async(std::string id,
                                                      std::shared_ptr<chunk_log> chunks) {
    auto sink = spawn_collector(n->system(), std::move(chunks));
    auto req = user_request("a long story", 60'000);
    req.request_id = std::move(id);
    return std::async(std::launch::async, [this, req, sink] {
      return n->ask<completion_result>(gw, 60s, complete_atom::value, req, sink);
    });
  }

  // A stream that would run for 100 s unless cut.
  static fake::fake_behaviour endless_stream() {
    fake::fake_behaviour endless;
    endless.tokens = std::vector<std::string>(2000, "tok ");
    endless.token_delay = 50ms;
    return endless;
  }

  static const shutdown_step* step_of(const shutdown_report& r, shutdown_phase phase) {
    auto it = std::find_if(r.steps.begin(), r.steps.end(), [&](const shutdown_step& s) {
      return s.subscriber == "ai.gateway" && s.phase == phase;
    });
    return it == r.steps.end() ? nullptr : &*it;
  }

  void TearDown() override {
    if (n) n->stop();
    n.reset();
  }

  fake::fake_provider server;
  std::unique_ptr<node> n;
  gateway_actor gw;
};

TEST_F(AiGatewayShutdown, IdleGatewayAcksBothPhasesThenRefusesNewRequests) {
  start();
  ASSERT_TRUE(complete(*n, user_request("before")).ok());
  auto report = run_shutdown(10s);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->clean);
  for (auto phase : {shutdown_phase::stop_intake, shutdown_phase::drain}) {
    const auto* step = step_of(*report, phase);
    ASSERT_NE(step, nullptr) << to_string(phase);
    EXPECT_EQ(step->outcome, shutdown_outcome::acked) << to_string(phase);
  }
  const auto seen = server.requests_received();
  auto after = complete(*n, user_request("after"));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, errc::shutting_down);
  EXPECT_EQ(server.requests_received(), seen);  // refused before any provider was asked
}

TEST_F(AiGatewayShutdown, DrainWaitsForAnInFlightStreamToFinish) {
  start();
  fake::fake_behaviour slow;
  slow.tokens = std::vector<std::string>(10, "tok ");
  slow.token_delay = 30ms;
  server.push(slow);
  auto chunks = std::make_shared<chunk_log>();
  auto pending = stream_async("finish-me", chunks);
  ASSERT_TRUE(eventually([&] { return chunks->size() >= 1; }));
  auto report = run_shutdown(60s);
  ASSERT_TRUE(report.ok()) << report.error().message;
  // The drain ack came only after the request was answered: by now the gateway has nothing
  // left to cancel under that id (it would, had drain acked at once).
  auto cancelled = n->ask<bool>(gw, 10s, cancel_atom::value, std::string{"finish-me"});
  ASSERT_TRUE(cancelled.ok());
  EXPECT_FALSE(*cancelled);
  auto r = pending.get();
  ASSERT_TRUE(r.ok()) << r.error().message;
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "tok ";
  EXPECT_EQ(r->text, expected);
  const auto* drain = step_of(*report, shutdown_phase::drain);
  ASSERT_NE(drain, nullptr);
  EXPECT_EQ(drain->outcome, shutdown_outcome::acked);
  EXPECT_TRUE(report->clean);
}

TEST_F(AiGatewayShutdown, DrainCutsWhatStillRunsAndAcksBeforeTheCoordinatorKillsIt) {
  start();
  server.push(endless_stream());
  auto chunks = std::make_shared<chunk_log>();
  auto pending = stream_async("cut-me", chunks);
  ASSERT_TRUE(eventually([&] { return chunks->size() >= 1; }));
  // The drain phase gets 2 s: the gateway cuts at 60% of that, well before the coordinator
  // would give up on it.
  auto report = run_shutdown(2s);
  ASSERT_TRUE(report.ok()) << report.error().message;
  auto r = pending.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::shutting_down);
  EXPECT_LT(chunks->size(), 2000u);
  const auto* drain = step_of(*report, shutdown_phase::drain);
  ASSERT_NE(drain, nullptr);
  EXPECT_EQ(drain->outcome, shutdown_outcome::acked);  // not cut: the gateway answered itself
  // The provider's transfer was stopped: the fake server's next write fails.
  EXPECT_TRUE(eventually([&] { return server.streams_aborted() >= 1; }));
  // And the gateway still refuses new work.
  auto after = complete(*n, user_request("after"));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, errc::shutting_down);
}

// node::stop with a deadline much shorter than the configured one (the mobile facade's
// wm_close does this): the gateway plans its cut within the deadline it was given, so the
// stream is answered shutting_down and the gateway acks the drain itself instead of being cut
// by the coordinator (with the configured 30 s it would wait 18 s before cutting).
TEST_F(AiGatewayShutdown, AShortStopDeadlineReachesTheGatewaysDrainCut) {
  start(30s);
  server.push(endless_stream());
  auto chunks = std::make_shared<chunk_log>();
  auto pending = stream_async("cut-by-stop", chunks);
  ASSERT_TRUE(eventually([&] { return chunks->size() >= 1; }));
  auto report = n->stop(400ms);
  auto r = pending.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::shutting_down) << r.error().message;
  EXPECT_LT(chunks->size(), 2000u);
  for (auto phase : {shutdown_phase::stop_intake, shutdown_phase::drain}) {
    const auto* step = step_of(report, phase);
    ASSERT_NE(step, nullptr) << to_string(phase);
    EXPECT_EQ(step->outcome, shutdown_outcome::acked) << to_string(phase);
  }
  EXPECT_TRUE(report.clean);
  EXPECT_TRUE(eventually([&] { return server.streams_aborted() >= 1; }));
}

}  // namespace
}  // namespace wm::ai::testing
