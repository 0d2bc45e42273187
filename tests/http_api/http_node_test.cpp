// The real `writemagic node` binary over HTTP: probes, metrics, the supervision tree, the
// error shape for bad input, request ids, auth beyond loopback, and SIGTERM.
#include <gtest/gtest.h>

#include <simdjson.h>

#include "tests/http_api/node_harness.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm::testing {
namespace {

void expect_error(const http_reply& r, long status, std::string_view code,
                  std::string_view mentions = {}) {
  EXPECT_EQ(r.status, status) << r.body;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(r.body).get(doc), simdjson::SUCCESS) << r.body;
  std::string_view got_code, message, rid, ts;
  ASSERT_EQ(doc["error"]["code"].get_string().get(got_code), simdjson::SUCCESS) << r.body;
  EXPECT_EQ(got_code, code) << r.body;
  ASSERT_EQ(doc["error"]["message"].get_string().get(message), simdjson::SUCCESS);
  ASSERT_EQ(doc["error"]["request_id"].get_string().get(rid), simdjson::SUCCESS);
  ASSERT_EQ(doc["error"]["timestamp"].get_string().get(ts), simdjson::SUCCESS);
  EXPECT_EQ(rid, r.headers.at("x-request-id"));
  if (!mentions.empty()) {
    EXPECT_NE(message.find(mentions), std::string_view::npos) << message;
  }
}

TEST(HttpNode, ServesProbesMetricsAndTheTreeThenStopsCleanly) {
  node_run n;
  start_node(n);
  auto health = http_get(n.base + "/healthz", {"X-Request-Id: probe-1"});
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  EXPECT_EQ(health.headers["x-request-id"], "probe-1");
  ASSERT_TRUE(eventually([&] { return http_get(n.base + "/readyz").status == 200; }))
      << http_get(n.base + "/readyz").body;

  auto tree = http_get(n.base + "/v1/runtime/actors");
  EXPECT_EQ(tree.status, 200);
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  ASSERT_EQ(p.parse(tree.body).get(doc), simdjson::SUCCESS) << tree.body;
  simdjson::dom::array kids;
  ASSERT_EQ(doc["children"].get_array().get(kids), simdjson::SUCCESS);
  bool has_health = false;
  for (auto k : kids) {
    std::string_view name, state;
    ASSERT_EQ(k["name"].get_string().get(name), simdjson::SUCCESS);
    ASSERT_EQ(k["state"].get_string().get(state), simdjson::SUCCESS);
    EXPECT_EQ(state, "running") << name;
    has_health = has_health || name == "health";
  }
  EXPECT_TRUE(has_health) << tree.body;

  http_get(n.base + "/no/such/route");
  http_reply metrics;
  prometheus_scrape scrape;
  // A request is counted after its response went out (on a server thread that a loaded machine
  // may not run for a while): scrape until the last three are.
  EXPECT_TRUE(eventually([&] {
    metrics = http_get(n.base + "/metrics");
    scrape = parse_prometheus_text(metrics.body);
    return scrape.value("writemagic_http_requests_total",
                        {{"route", "unmatched"}, {"status", "404"}}) == 1 &&
           scrape.value("writemagic_http_requests_total",
                        {{"route", "/healthz"}, {"status", "200"}}) >= 1 &&
           scrape.value("writemagic_http_request_duration_seconds_count",
                        {{"route", "/v1/runtime/actors"}}) >= 1;
  })) << metrics.body;
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.headers["content-type"].rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_TRUE(scrape.errors.empty()) << (scrape.errors.empty() ? "" : scrape.errors.front());
  EXPECT_GE(
      scrape.value("writemagic_http_requests_total", {{"route", "/healthz"}, {"status", "200"}}),
      1);
  EXPECT_EQ(
      scrape.value("writemagic_http_requests_total", {{"route", "unmatched"}, {"status", "404"}}),
      1);
  EXPECT_GE(scrape.value("writemagic_http_request_duration_seconds_count",
                         {{"route", "/v1/runtime/actors"}}),
            1);
  EXPECT_TRUE(scrape.has("writemagic_http_requests_in_flight"));

  EXPECT_EQ(stop_node(n), 0) << n.log();
  EXPECT_NE(n.log().find("HTTP intake stopped"), std::string::npos) << n.log();
}

TEST(HttpNode, AnswersBadInputWith4xxInTheErrorShape) {
  node_run n;
  start_node(n, {"--set", "http.max_body_bytes=2KiB"});
  const std::string url = n.base + "/v1/chat/completions";
  expect_error(http_send("POST", url, R"({"model":"m","messages":[)"), 400, "invalid_input",
               "malformed JSON");
  expect_error(http_send("POST", url, R"({"model":5,"messages":[]})"), 400, "invalid_input",
               "'model'");
  expect_error(http_send("POST", url,
                         R"({"model":"m","messages":[{"role":"user","content":"x"}],"bogus":1})"),
               400, "invalid_input", "'bogus'");
  expect_error(
      http_send("POST", url, R"({"model":"m","messages":[{"role":"robot","content":"x"}]})"), 400,
      "invalid_input", "'messages[0].role'");
  expect_error(http_send("POST", url, std::string(4096, ' ') + "{}"), 413, "payload_too_large");
  expect_error(http_get(n.base + "/v1/nothing", {"X-Request-Id: rid-42"}), 404, "not_found");
  auto r = http_send("PUT", n.base + "/healthz", "");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

// Two nodes on one data dir: the second refuses to start (each would cache documents the
// other changes), and the first keeps serving.
TEST(HttpNode, ASecondNodeOnTheSameDataDirRefusesToStart) {
  node_run first;
  start_node(first);
  node_run second;
  second.data_dir = first.data_dir;
  start_node(second, {}, {}, /*wait_ready=*/false);
  EXPECT_EQ(second.proc->wait(), 1);
  EXPECT_NE(second.log().find("writemagic.db.lock is held by another runtime (process " +
                              std::to_string(first.proc->pid()) + ")"),
            std::string::npos)
      << second.log();
  EXPECT_EQ(http_get(first.base + "/readyz").status, 200);
  EXPECT_EQ(stop_node(first), 0) << first.log();
}

TEST(HttpNode, RefusesToListenBeyondLoopbackWithoutAToken) {
  node_run n;
  start_node(n, {}, {}, /*wait_ready=*/false, "0.0.0.0");
  EXPECT_EQ(n.proc->wait(), 2);
  EXPECT_NE(n.log().find("auth_token_env"), std::string::npos) << n.log();
}

TEST(HttpNode, RequiresTheBearerTokenBeyondLoopback) {
  node_run n;
  start_node(n, {"--set", "http.auth_token_env=WM_TEST_HTTP_TOKEN"},
             {{"WM_TEST_HTTP_TOKEN", "tok-7c1f9e"}}, true, "0.0.0.0");
  expect_error(http_get(n.base + "/v1/runtime/actors"), 401, "unauthorized");
  expect_error(http_get(n.base + "/v1/runtime/actors", {"Authorization: Bearer nope"}), 401,
               "unauthorized");
  EXPECT_EQ(http_get(n.base + "/v1/runtime/actors", {"Authorization: Bearer tok-7c1f9e"}).status,
            200);
  EXPECT_EQ(http_get(n.base + "/metrics", {"Authorization: Bearer tok-7c1f9e"}).status, 200);
  EXPECT_EQ(http_get(n.base + "/healthz").status, 200);  // probes stay open
  EXPECT_EQ(n.log().find("tok-7c1f9e"), std::string::npos) << "token leaked into the log";
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

// `shutdown` from a connected shell runs the phases and then the node process exits, as on
// SIGTERM (it used to answer "shutdown clean" and keep running, refusing work with 503).
TEST(HttpNode, AShutdownFromAConnectedShellEndsTheProcess) {
  node_run n;
  const int caf_port = free_port();
  start_node(n, {"--port", std::to_string(caf_port)});
  ASSERT_TRUE(eventually([&] { return tcp_connects(caf_port); })) << n.log();
  child_process shell{{writemagic_binary(), "shell", "--connect",
                       "127.0.0.1:" + std::to_string(caf_port), "-c", "shutdown"},
                      {},
                      n.dir / "shell.out",
                      n.dir / "shell.err"};
  EXPECT_EQ(shell.wait(), 0) << read_text(n.dir / "shell.err");
  EXPECT_NE(read_text(n.dir / "shell.out").find("shutdown clean"), std::string::npos)
      << read_text(n.dir / "shell.out");
  ASSERT_TRUE(eventually([&] { return !n.proc->running(); }, std::chrono::seconds(60)))
      << "the node kept running; log:\n"
      << n.log();
  EXPECT_EQ(n.proc->wait(), 0) << n.log();
  EXPECT_NE(n.log().find("stopping (shutdown requested)"), std::string::npos) << n.log();
}

// SIGHUP (a closed terminal or session) stops the node cleanly; it used to kill it on the
// spot (exit 129, no shutdown phases).
TEST(HttpNode, SighupShutsDownCleanly) {
  node_run n;
  start_node(n);
  n.proc->signal(SIGHUP);
  EXPECT_EQ(n.proc->wait(), 0) << n.log();
  EXPECT_NE(n.log().find("received signal 1: shutting down"), std::string::npos) << n.log();
}

// One stop request delivered twice at once (`timeout` signals the process, then its group)
// is one request: a clean exit, not the forced one (130).
TEST(HttpNode, TheSameSignalTwiceAtOnceIsOneRequest) {
  node_run n;
  start_node(n);
  n.proc->signal(SIGTERM);
  n.proc->signal(SIGTERM);
  EXPECT_EQ(n.proc->wait(), 0) << n.log();
  EXPECT_EQ(n.log().find("forcing exit"), std::string::npos) << n.log();
}

TEST(HttpNode, PublishesTheGatewayOnTheCafPort) {
  node_run n;
  const int caf_port = free_port();
  start_node(n, {"--port", std::to_string(caf_port)});
  EXPECT_TRUE(eventually([&] { return tcp_connects(caf_port); })) << n.log();
  EXPECT_NE(n.log().find("gateway published on 127.0.0.1:" + std::to_string(caf_port)),
            std::string::npos)
      << n.log();
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

}  // namespace
}  // namespace wm::testing
