// What a CAF 0.17 request timeout costs a long-lived requester: the same sequential
// request/response loop with caf::infinite (the baseline) and with a 60 s timeout, in one
// process and one run. CAF does not cancel a request's timeout when the answer arrives: the
// entry (and a wake-up of the clock thread) stays until the timeout expires, so memory grows
// with the requests of the last 60 s. This is why hot internal hops (document actor -> store)
// ask without one. Reports time per request and resident bytes kept per request.
#include <benchmark/benchmark.h>

#include <caf/all.hpp>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>

#include "adapters/prometheus/resident_memory.hpp"

namespace {

constexpr int requests = 100'000;

caf::behavior echo(caf::event_based_actor*) {
  return {[](int x) { return x; }};
}

struct loop_state {
  caf::actor server;
  caf::duration timeout;
  int left = 0;
  std::shared_ptr<std::promise<void>> done;
};

void next(caf::stateful_actor<loop_state>* self) {
  auto& st = self->state;
  if (st.left-- == 0) {
    st.done->set_value();
    return;  // stays alive: a long-lived requester, as a document actor is
  }
  self->request(st.server, st.timeout, 1)
      .then([self](int) { next(self); }, [self](caf::error&) { next(self); });
}

struct measured {
  double seconds = 0;
  int64_t rss_growth = 0;
};

measured run(caf::actor_system& sys, caf::actor server, caf::duration timeout) {
  auto done = std::make_shared<std::promise<void>>();
  auto finished = done->get_future();
  const uint64_t before = wm::resident_bytes();
  const auto t0 = std::chrono::steady_clock::now();
  auto client = sys.spawn([=](caf::stateful_actor<loop_state>* self) -> caf::behavior {
    self->state = loop_state{server, timeout, requests, done};
    next(self);
    return {[](int) {}};
  });
  finished.wait();
  measured m;
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  m.rss_growth = wm::resident_growth_since(before);
  caf::anon_send_exit(client, caf::exit_reason::user_shutdown);  // drops its pending timeouts
  return m;
}

void BM_RequestTimeout_vs_Infinite(benchmark::State& state) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto server = sys.spawn(echo);
  measured base, timed;
  for (auto _ : state) {
    base = run(sys, server, caf::infinite);
    timed = run(sys, server, caf::duration{std::chrono::seconds(60)});
  }
  state.counters["infinite_us_per_request"] = base.seconds / requests * 1e6;
  state.counters["timeout_us_per_request"] = timed.seconds / requests * 1e6;
  state.counters["ratio"] = base.seconds / timed.seconds;  // timeout rate / infinite rate
  state.counters["infinite_rss_bytes_per_request"] =
      static_cast<double>(base.rss_growth) / requests;
  state.counters["timeout_rss_bytes_per_request"] =
      static_cast<double>(timed.rss_growth) / requests;
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
}
BENCHMARK(BM_RequestTimeout_vs_Infinite)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
