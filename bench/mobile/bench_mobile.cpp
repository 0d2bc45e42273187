// The facade's costs: a synchronous document get through writemagic.h vs the same request
// through the C++ runtime API (wm::node::ask) and through the facade's bridge directly
// (scheduled and detached variants); a plain scoped_actor request per call as the baseline
// both bridges replace; cold open-to-ready time and idle resident memory with the mobile
// profile.
#include <benchmark/benchmark.h>
#include <caf/all.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "adapters/prometheus/resident_memory.hpp"
#include "messages/interfaces.hpp"
#include "mobile/include/writemagic.h"
#include "mobile/src/config_json.hpp"
#include "mobile/src/runtime_impl.hpp"

namespace {

std::string temp_dir() {
  auto base = std::filesystem::temp_directory_path() / "wm-bench-mobile-XXXXXX";
  std::string s = base.string();
  if (::mkdtemp(s.data()) == nullptr) std::abort();
  return s;
}

std::string config_for(const std::string& dir) {
  return R"({"runtime":{"data_dir":")" + dir + R"("},"log":{"level":"warn"}})";
}

std::string id_of(const char* json) {
  std::string_view s{json};
  auto p = s.find("\"id\":\"") + 6;
  return std::string{s.substr(p, 36)};
}

void BM_get_facade(benchmark::State& state) {
  auto dir = temp_dir();
  wm_runtime* rt = nullptr;
  if (wm_open(config_for(dir).c_str(), &rt) != WM_OK) std::abort();
  char* doc = nullptr;
  wm_document_create(rt, R"({"title":"bench","content":"some words to count"})", &doc);
  auto id = id_of(doc);
  wm_string_free(doc);
  const uint64_t rss_before = wm::resident_bytes();
  for (auto _ : state) {
    char* out = nullptr;
    if (wm_document_get(rt, id.c_str(), &out) != WM_OK) std::abort();
    benchmark::DoNotOptimize(out);
    wm_string_free(out);
  }
  // What a burst of calls leaves behind while the runtime is still open (anything kept per
  // call until a timeout expires shows here).
  state.counters["rss_growth_per_call_B"] =
      static_cast<double>(wm::resident_growth_since(rss_before)) /
      static_cast<double>(state.iterations());
  wm_close(rt, 0);
}
BENCHMARK(BM_get_facade)->UseRealTime();
BENCHMARK(BM_get_facade)->Name("BM_get_facade_200k")->Iterations(200000)->UseRealTime();

// A runtime opened through the C++ API with one document in it, for the gets below.
struct runtime_with_document {
  explicit runtime_with_document(wm::mobile::bridge_options opts = {}) {
    auto fc = wm::mobile::load_facade_config_json(config_for(temp_dir()));
    rt = *wm::mobile::runtime_impl::open(std::move(*fc), opts);
    docs = rt->node().service<wm::documents_actor>(wm::services::documents);
    wm::create_document_cmd cmd;
    cmd.title = "bench";
    cmd.content = "some words to count";
    id = rt->node()
             .ask<wm::document>(docs, std::chrono::seconds(10), wm::create_atom::value, cmd)
             ->id;
  }
  ~runtime_with_document() { rt->close(std::chrono::milliseconds{0}); }

  std::shared_ptr<wm::mobile::runtime_impl> rt;
  wm::documents_actor docs;
  std::string id;
};

// The same get through the C++ API: wm::node::ask (the node's own bridge actor, no JSON).
void BM_get_node_ask(benchmark::State& state) {
  runtime_with_document r;
  auto& n = r.rt->node();
  for (auto _ : state) {
    auto got = n.ask<wm::document>(r.docs, std::chrono::seconds(10), wm::get_atom::value, r.id);
    if (!got) std::abort();
    benchmark::DoNotOptimize(got);
  }
}
BENCHMARK(BM_get_node_ask)->UseRealTime();

// Baseline: the same get with a scoped_actor per call (how node::ask worked before it used a
// bridge actor).
void BM_get_scoped_actor(benchmark::State& state) {
  runtime_with_document r;
  for (auto _ : state) {
    bool ok = false;
    caf::scoped_actor self{r.rt->node().system()};
    self->request(r.docs, std::chrono::seconds(10), wm::get_atom::value, r.id)
        .receive([&](wm::document&) { ok = true; }, [](caf::error&) {});
    if (!ok) std::abort();
  }
}
BENCHMARK(BM_get_scoped_actor)->UseRealTime();

// The bridge alone (no JSON, no handle lookup): scheduled (0) or detached (1) bridge actor,
// with (spin > 0) or without spinning before the caller sleeps.
void BM_get_bridge(benchmark::State& state) {
  wm::mobile::bridge_options opts;
  opts.detached = state.range(0) != 0;
  opts.spin = static_cast<unsigned>(state.range(1));
  runtime_with_document r(opts);
  for (auto _ : state) {
    auto got =
        r.rt->call<wm::document>(r.docs, std::chrono::seconds(10), wm::get_atom::value, r.id);
    if (!got) std::abort();
    benchmark::DoNotOptimize(got);
  }
}
BENCHMARK(BM_get_bridge)
    ->ArgNames({"detached", "spin"})
    ->Args({0, 0})
    ->Args({0, 4000})
    ->Args({1, 0})
    ->Args({1, 4000})
    ->UseRealTime();

// Cold open-to-ready (wm_open returns once the supervision tree answers) and close.
void BM_open_close(benchmark::State& state) {
  double open_us = 0;
  uint64_t idle_rss = 0;
  for (auto _ : state) {
    auto dir = temp_dir();
    auto t0 = std::chrono::steady_clock::now();
    wm_runtime* rt = nullptr;
    if (wm_open(config_for(dir).c_str(), &rt) != WM_OK) std::abort();
    auto t1 = std::chrono::steady_clock::now();
    open_us += std::chrono::duration<double, std::micro>(t1 - t0).count();
    state.PauseTiming();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // idle
    idle_rss = wm::resident_bytes();
    state.ResumeTiming();
    wm_close(rt, 0);
  }
  state.counters["open_to_ready_us"] = open_us / static_cast<double>(state.iterations());
  state.counters["idle_rss_MiB"] = static_cast<double>(idle_rss) / (1024.0 * 1024.0);
}
BENCHMARK(BM_open_close)->Iterations(10)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
