// Requests/s and added latency through the AI gateway + provider actors vs raw libcurl multi,
// both against the same in-process fake provider; and N slow streams held through the gateway.
#include <benchmark/benchmark.h>
#include <curl/curl.h>
#include <caf/all.hpp>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "actors/ai/ai_services.hpp"
#include "adapters/http_client/http_client.hpp"
#include "bench/http_client/raw_curl_multi.hpp"
#include "messages/interfaces.hpp"
#include "runtime/node/node.hpp"
#include "tests/support/fake_provider/fake_provider.hpp"
#include "tests/support/open_files_limit.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kWindow = 32;  // requests in flight at once
constexpr int kBatch = 400;  // requests per measured batch
const char* const kBody =
    R"({"model":"gpt-bench","messages":[{"role":"user","content":"count these five words"}],"max_tokens":64,"temperature":0.7,"stream":false})";

wm::fake::fake_provider& server() {
  static wm::fake::fake_provider instance([] {
    wm::fake::fake_provider_options o;
    o.keep_alive_timeout_ms = 5000;
    return o;
  }());
  return instance;
}

// An actor that keeps `window` requests in flight at the gateway until `total` are answered.
struct driver_state {
  wm::gateway_actor gateway;
  wm::completion_request prototype;
  int total = 0, started = 0, done = 0, failed = 0;
  std::shared_ptr<std::promise<int>> finished;
};

void send_one(caf::stateful_actor<driver_state>* self) {
  auto& st = self->state;
  if (st.started == st.total) return;
  ++st.started;
  self->request(st.gateway, caf::infinite, wm::complete_atom::value, st.prototype)
      .then(
          [self](wm::completion_result&) {
            if (++self->state.done == self->state.total) {
              self->state.finished->set_value(self->state.failed);
              self->quit();
            } else {
              send_one(self);
            }
          },
          [self](caf::error&) {
            ++self->state.failed;
            if (++self->state.done == self->state.total) {
              self->state.finished->set_value(self->state.failed);
              self->quit();
            } else {
              send_one(self);
            }
          });
}

caf::behavior driver(caf::stateful_actor<driver_state>* self, wm::gateway_actor gw,
                     wm::completion_request prototype, int total, int window,
                     std::shared_ptr<std::promise<int>> finished) {
  auto& st = self->state;
  st.gateway = std::move(gw);
  st.prototype = std::move(prototype);
  st.total = total;
  st.finished = std::move(finished);
  for (int i = 0; i < window; ++i) send_one(self);
  return {[](int) {}};
}

// The nodes the gateway and the one-hop loop run on: warnings only, and the node's default
// scheduler (max(cores, 4) workers) unless WM_BENCH_MAX_THREADS is set, for both alike.
wm::node_config bench_node_config() {
  wm::node_config nc;
  nc.logging.level = spdlog::level::warn;
  if (const char* t = std::getenv("WM_BENCH_MAX_THREADS"))
    nc.max_threads = std::strtoul(t, nullptr, 10);
  return nc;
}

class gateway_driver {
 public:
  gateway_driver(const std::string& base_url, std::chrono::milliseconds attempt_timeout = 30s,
                 bool stream = false) {
    ::setenv("WM_BENCH_AI_KEY", "sk-bench", 1);
    wm::ai::provider_settings p;
    p.name = "bench";
    p.base_url = base_url;
    p.model = "gpt-bench";
    p.api_key_env = "WM_BENCH_AI_KEY";
    p.attempt_timeout = attempt_timeout;
    p.connect_timeout = 30s;
    wm::ai::ai_settings s;
    s.providers.push_back(p);
    s.request_deadline = 10min;
    wm::node_config nc = bench_node_config();
    nc.metrics = std::make_shared<wm::metrics_registry>();
    nc.services = wm::make_ai_services(std::move(s), nc.metrics);
    auto n = wm::node::start(std::move(nc));
    if (n) node_ = std::move(*n);
    prototype_.messages.push_back({"user", "count these five words"});
    prototype_.max_tokens = 64;
    prototype_.stream = stream;
  }
  ~gateway_driver() {
    if (node_) node_->stop();
  }
  bool ok() const { return node_ != nullptr; }

  // Runs `total` requests with `window` in flight; returns how many failed.
  int run(int total, int window) {
    auto finished = std::make_shared<std::promise<int>>();
    auto result = finished->get_future();
    node_->system().spawn(driver, node_->service<wm::gateway_actor>(wm::services::gateway),
                          prototype_, total, window, finished);
    return result.get();
  }

 private:
  std::unique_ptr<wm::node> node_;
  wm::completion_request prototype_;
};

std::string chat_url() {
  return server().base_url() + "/v1/chat/completions";
}

void BM_RawCurlMulti(benchmark::State& state) {
  wm::bench::raw_curl_multi raw(chat_url(), kWindow, kBody);
  int failed = 0;
  for (auto _ : state) failed += raw.run(kBatch);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["failed"] = failed;
}
// A fixed number of batches each (250: 100,000 requests), so `perf stat` of one of them gives
// CPU per request; WM_BENCH_BATCHES changes it (count_instructions.sh runs 10 and 30).
benchmark::IterationCount fixed_batches() {
  const char* v = std::getenv("WM_BENCH_BATCHES");
  const long n = v != nullptr ? std::strtol(v, nullptr, 10) : 0;
  return n > 0 ? n : 250;
}

BENCHMARK(BM_RawCurlMulti)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(fixed_batches());

void BM_Gateway(benchmark::State& state) {
  gateway_driver gw(server().base_url() + "/v1");
  if (!gw.ok()) return state.SkipWithError("node did not start");
  int failed = 0;
  for (auto _ : state) failed += gw.run(kBatch, kWindow);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["failed"] = failed;
}
BENCHMARK(BM_Gateway)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(fixed_batches());

// The floor of the design: the same HTTP client with each completion handed to one CAF
// actor (on a node's scheduler, as the provider is) that submits the next request. No codec,
// no provider or gateway. What the gateway adds on top of this is the cost of its own layers;
// what this loses against raw is the cost of crossing from the I/O thread to an actor and back.
// What every batch of the loop shares: its client (and so its connections), made once.
struct one_hop_target {
  wm::http_client client;
  std::shared_ptr<const wm::http_profile> profile = wm::http_client::make_profile(
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-bench"}}, {});
  std::string url = chat_url();
};

struct one_hop_state {
  std::shared_ptr<one_hop_target> target;
  int total = 0, started = 0, done = 0, failed = 0;
  std::shared_ptr<std::promise<int>> finished;
};
using one_hop_ptr = caf::stateful_actor<one_hop_state>*;

void one_hop_submit(one_hop_ptr self) {
  auto& st = self->state;
  if (st.started == st.total) return;
  wm::http_request r;
  r.id = static_cast<uint64_t>(++st.started);
  r.method = wm::http_method::post;
  r.url = st.target->url;
  r.profile = st.target->profile;
  r.body = kBody;
  r.total_timeout = 30s;
  wm::http_handlers h;
  h.on_complete = [me = caf::actor_cast<caf::actor>(self)](wm::result<wm::http_completion> res) {
    caf::anon_send(me, res.ok() && res->status == 200);
  };
  st.target->client.submit(std::move(r), std::move(h));
}

caf::behavior one_hop_driver(one_hop_ptr self, std::shared_ptr<one_hop_target> target, int total,
                             int window, std::shared_ptr<std::promise<int>> finished) {
  auto& st = self->state;
  st.target = std::move(target);
  st.total = total;
  st.finished = std::move(finished);
  for (int i = 0; i < window; ++i) one_hop_submit(self);
  return {[self](bool ok) {
    auto& st = self->state;
    if (!ok) ++st.failed;
    if (++st.done == st.total) {
      st.finished->set_value(st.failed);
      self->quit();
      return;
    }
    one_hop_submit(self);
  }};
}

// Runs batches of the one-hop loop on its own node.
class one_hop_runner {
 public:
  one_hop_runner() {
    if (auto n = wm::node::start(bench_node_config())) node_ = std::move(*n);
  }
  ~one_hop_runner() {
    target_.reset();  // joins the I/O thread; nothing is in flight between batches
    if (node_) node_->stop();
  }
  bool ok() const { return node_ != nullptr; }

  // Runs `total` requests with `window` in flight; returns how many failed.
  int run(int total, int window) {
    auto finished = std::make_shared<std::promise<int>>();
    auto result = finished->get_future();
    node_->system().spawn(one_hop_driver, target_, total, window, finished);
    return result.get();
  }

 private:
  std::unique_ptr<wm::node> node_;
  std::shared_ptr<one_hop_target> target_ = std::make_shared<one_hop_target>();
};

void BM_OneActorHop(benchmark::State& state) {
  one_hop_runner hop;
  if (!hop.ok()) return state.SkipWithError("node did not start");
  int failed = 0;
  for (auto _ : state) failed += hop.run(kBatch, kWindow);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["failed"] = failed;
}
BENCHMARK(BM_OneActorHop)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(fixed_batches());

// Raw, one hop and the gateway in one run, batches interleaved so drift in the machine's load
// hits all alike. With window 1 the per-request difference is the latency the actors add.
void BM_GatewayVsRawRatio(benchmark::State& state) {
  const int window = static_cast<int>(state.range(0));
  const int batch = window == 1 ? 100 : kBatch;
  wm::bench::raw_curl_multi raw(chat_url(), window, kBody);
  one_hop_runner hop;
  gateway_driver gw(server().base_url() + "/v1");
  if (!gw.ok() || !hop.ok()) return state.SkipWithError("node did not start");
  gw.run(batch, window);  // warm up connections
  hop.run(batch, window);
  raw.run(batch);
  double raw_s = 0, hop_s = 0, gw_s = 0;
  int failed = 0;
  auto timed = [](double& total, auto&& run) {
    const auto t0 = clock_type::now();
    const int f = run();
    total += std::chrono::duration<double>(clock_type::now() - t0).count();
    return f;
  };
  for (auto _ : state) {
    failed += timed(raw_s, [&] { return raw.run(batch); });
    failed += timed(hop_s, [&] { return hop.run(batch, window); });
    failed += timed(gw_s, [&] { return gw.run(batch, window); });
  }
  const double n = static_cast<double>(state.iterations()) * batch;
  state.counters["raw_rps"] = n / raw_s;
  state.counters["one_hop_rps"] = n / hop_s;
  state.counters["gateway_rps"] = n / gw_s;
  state.counters["ratio"] = raw_s / gw_s;           // gateway rps / raw rps; >= 0.8 is the target
  state.counters["one_hop_ratio"] = raw_s / hop_s;  // the floor of the design (see above)
  state.counters["raw_us"] = raw_s / n * 1e6 * window;  // per request, with `window` in flight
  state.counters["gateway_us"] = gw_s / n * 1e6 * window;
  state.counters["added_us"] = (gw_s - raw_s) / n * 1e6 * window;
  state.counters["failed"] = failed;
}
BENCHMARK(BM_GatewayVsRawRatio)
    ->Arg(kWindow)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(40);  // 40 interleaved batches each: shorter runs swung 0.6-0.8 on a busy box

// N concurrent slow streams from the fake provider (25 tokens, one every 200 ms) through
// gateway + provider actors, all on the one http_client I/O thread.
void BM_ConcurrentSlowStreamsThroughGateway(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const size_t fd_limit = wm::testing::raise_open_files_limit();
  if (fd_limit < static_cast<size_t>(2 * n + 256))
    return state.SkipWithError(("open-file limit too low: " + std::to_string(fd_limit)).c_str());
  int ok = 0, failed = 0;
  size_t peak_held = 0;
  for (auto _ : state) {
    wm::fake::fake_provider streams;
    streams.set_default(wm::fake::slow_stream(25, 200ms));
    gateway_driver gw(streams.base_url() + "/v1", 120s, true);
    if (!gw.ok()) return state.SkipWithError("node did not start");
    const int f = gw.run(n, n);
    failed += f;
    ok += n - f;
    peak_held = std::max(peak_held, streams.peak_streams());
  }
  state.counters["streams"] = n;
  state.counters["completed_ok"] = ok;
  state.counters["failed"] = failed;
  state.counters["peak_held_by_server"] = static_cast<double>(peak_held);
}
BENCHMARK(BM_ConcurrentSlowStreamsThroughGateway)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(5000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
