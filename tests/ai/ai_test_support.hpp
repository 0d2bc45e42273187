#pragma once
// Shared set-up of the AI actor tests: a wm::node running only the AI services, providers
// pointing at fake servers on 127.0.0.1, a chunk collector actor, and a log capture.
#include <spdlog/sinks/ostream_sink.h>
#include <caf/all.hpp>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "actors/ai/ai_services.hpp"
#include "actors/ai/ai_settings.hpp"
#include "messages/interfaces.hpp"
#include "runtime/node/node.hpp"
#include "tests/support/fake_provider/fake_provider.hpp"

namespace wm::ai::testing {

using namespace std::chrono_literals;

// Recognizable, so a leak into any log line is easy to find.
inline constexpr const char* fake_key = "sk-wmtest-SECRET-7f3a9c2e1d5b4a60";
inline constexpr const char* key_env = "WM_AI_TEST_API_KEY";

inline void set_test_key() {
  ::setenv(key_env, fake_key, 1);
}

// A provider with short timeouts and delays, so tests stay quick.
inline provider_settings test_provider(const std::string& name, const fake::fake_provider& server,
                                       codecs::provider_kind kind = codecs::provider_kind::openai) {
  provider_settings p;
  p.name = name;
  p.kind = kind;
  p.base_url = server.base_url() + (kind == codecs::provider_kind::openai ? "/v1" : "");
  p.model = kind == codecs::provider_kind::openai ? "gpt-test" : "claude-test";
  p.api_key_env = key_env;
  p.attempt_timeout = 2s;
  p.connect_timeout = 1s;
  p.retry.max_attempts = 3;
  p.retry.base = 5ms;
  p.retry.cap = 20ms;
  p.retry.retry_after_cap = 1s;
  p.budget.max_tokens = 100;
  // Out of the way unless a test configures it.
  p.breaker.consecutive_failures = 0;
  p.breaker.minimum_calls = 1000;
  p.breaker.window_size = 60;
  return p;
}

struct captured_log {
  std::mutex mu;
  std::ostringstream out;
  std::string text() {
    std::lock_guard<std::mutex> lock(mu);
    return out.str();
  }
};

// The node configuration start_node uses (for tests that change more of it).
inline node_config ai_node_config(ai_settings settings,
                                  std::shared_ptr<std::ostringstream> log_out = nullptr,
                                  http_client_options client = {}) {
  node_config nc;
  nc.max_threads = 4;
  nc.metrics = std::make_shared<metrics_registry>();
  nc.logging.level = spdlog::level::debug;
  if (log_out) {
    nc.logging.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_out);
  } else {
    nc.logging.level = spdlog::level::warn;
  }
  nc.services = make_ai_services(std::move(settings), nc.metrics, client);
  return nc;
}

inline std::unique_ptr<node> start_node(node_config nc) {
  auto n = node::start(std::move(nc));
  if (!n) return nullptr;
  return std::move(*n);
}

inline std::unique_ptr<node> start_node(ai_settings settings,
                                        std::shared_ptr<std::ostringstream> log_out = nullptr,
                                        http_client_options client = {}) {
  return start_node(ai_node_config(std::move(settings), std::move(log_out), std::move(client)));
}

inline completion_request user_request(std::string text, int64_t deadline_ms = 10'000) {
  completion_request r;
  r.messages.push_back({"user", std::move(text)});
  r.max_tokens = 64;
  r.deadline_ms = deadline_ms;
  return r;
}

// Collects streamed chunks (thread-safe snapshot for the test thread).
struct chunk_log {
  std::mutex mu;
  std::vector<completion_chunk> chunks;
  size_t size() {
    std::lock_guard<std::mutex> lock(mu);
    return chunks.size();
  }
  std::vector<std::string> texts() {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<std::string> out;
    for (const auto& c : chunks) out.push_back(c.text);
    return out;
  }
  std::string joined() {
    std::string out;
    for (const auto& t : texts()) out += t;
    return out;
  }
};

inline stream_sink_actor::behavior_type collector(std::shared_ptr<chunk_log> log) {
  return {[log](completion_chunk& c) {
    std::lock_guard<std::mutex> lock(log->mu);
    log->chunks.push_back(std::move(c));
  }};
}

inline stream_sink_actor spawn_collector(caf::actor_system& sys, std::shared_ptr<chunk_log> log) {
  return sys.spawn(collector, std::move(log));
}

inline result<completion_result> complete(node& n, completion_request req,
                                          std::chrono::milliseconds timeout = 30s) {
  return n.ask<completion_result>(n.service<gateway_actor>(services::gateway), timeout,
                                  complete_atom::value, std::move(req));
}

inline result<breaker_report> breaker_of(node& n, const std::string& provider) {
  auto all = n.ask<std::vector<breaker_report>>(n.service<gateway_actor>(services::gateway), 10s,
                                                breaker_atom::value);
  if (!all) return all.error();
  for (auto& r : *all)
    if (r.provider == provider) return r;
  return failure{errc::not_found, "no breaker report for " + provider};
}

inline fake::fake_behaviour status(int code,
                                   std::vector<std::pair<std::string, std::string>> headers = {}) {
  fake::fake_behaviour b;
  b.status = code;
  b.headers = std::move(headers);
  return b;
}

}  // namespace wm::ai::testing
