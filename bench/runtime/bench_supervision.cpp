// Typed request/response to a supervised service (the health actor inside a running
// wm::node) vs raw CAF request/response between two plainly spawned actors, in the same
// process and the same run. Both sides do the same work: a client actor sends N
// sequential requests and waits for each answer.
#include <benchmark/benchmark.h>
#include <caf/all.hpp>

#include <chrono>
#include <future>

#include "messages/service_names.hpp"
#include "runtime/node/node.hpp"

namespace {

constexpr uint64_t round_trips = 20'000;

// Runs `round_trips` sequential requests from a fresh client actor to `server`; returns
// the wall time.
template <class Handle>
std::chrono::nanoseconds drive(caf::actor_system& sys, Handle server) {
  std::promise<void> done;
  auto finished = done.get_future();
  auto start = std::chrono::steady_clock::now();
  sys.spawn([server, &done](caf::event_based_actor* self) {
    auto step = std::make_shared<std::function<void(uint64_t)>>();
    *step = [self, server, &done, step](uint64_t i) {
      if (i == round_trips) {
        done.set_value();
        self->quit();
        return;
      }
      self->request(server, caf::infinite, wm::ping_atom::value, i)
          .then([step](uint64_t x) { (*step)(x + 1); }, [self](caf::error&) { self->quit(); });
    };
    (*step)(0);
  });
  finished.wait();
  return std::chrono::steady_clock::now() - start;
}

caf::behavior raw_echo() {
  return {[](wm::ping_atom, uint64_t x) { return x; }};
}

void BM_SupervisedTypedRequest_vs_RawCaf(benchmark::State& state) {
  wm::node_config cfg;
  cfg.max_threads = 2;
  cfg.logging.level = spdlog::level::warn;
  cfg.metrics_sample_interval = std::chrono::milliseconds(0);
  auto n = std::move(wm::node::start(cfg).value());
  auto& sys = n->system();
  auto supervised = n->service<wm::echo_actor>(wm::services::health);
  auto raw = sys.spawn(raw_echo);
  std::chrono::nanoseconds raw_total{0}, supervised_total{0};
  for (auto _ : state) {
    raw_total += drive(sys, raw);
    supervised_total += drive(sys, supervised);
  }
  caf::anon_send_exit(raw, caf::exit_reason::user_shutdown);
  auto per_s = [&](std::chrono::nanoseconds t) {
    return static_cast<double>(round_trips) * static_cast<double>(state.iterations()) /
           std::chrono::duration<double>(t).count();
  };
  state.counters["raw_caf_rt_per_s"] = per_s(raw_total);
  state.counters["supervised_rt_per_s"] = per_s(supervised_total);
  state.counters["ratio"] = per_s(supervised_total) / per_s(raw_total);
  state.SetItemsProcessed(static_cast<int64_t>(round_trips * state.iterations() * 2));
  n->stop();
}
BENCHMARK(BM_SupervisedTypedRequest_vs_RawCaf)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(10)
    ->UseRealTime();

// Plain async ping-pong (no request ids): the brief's raw CAF anchor, for reference.
void BM_RawCafPingPong(benchmark::State& state) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", 2);
  caf::actor_system sys{cfg};
  for (auto _ : state) {
    std::promise<void> done;
    auto finished = done.get_future();
    auto pong = sys.spawn([]() -> caf::behavior { return {[](uint64_t x) { return x; }}; });
    sys.spawn([pong, &done](caf::event_based_actor* self) -> caf::behavior {
      self->send(pong, uint64_t{0});
      return {[self, pong, &done](uint64_t x) {
        if (x + 1 == round_trips) {
          done.set_value();
          self->quit();
          return;
        }
        self->send(pong, x + 1);
      }};
    });
    finished.wait();
    caf::anon_send_exit(pong, caf::exit_reason::user_shutdown);
  }
  state.SetItemsProcessed(static_cast<int64_t>(round_trips * 2 * state.iterations()));
}
BENCHMARK(BM_RawCafPingPong)->Unit(benchmark::kMillisecond)->Iterations(10)->UseRealTime();

}  // namespace
