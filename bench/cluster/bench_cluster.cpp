// Forwarded vs local document reads in a two-node cluster in one process (two wm::node
// instances, each its own actor system, CAF port and data dir, joined over loopback by
// the middleman). Every document is owned by node B: gets through node A's cluster actor
// are forwarded over CAF to B's; gets through B's own cluster actor are local. Both runs
// keep the same number of requests in flight from an event-based client actor and do the
// same number of gets; reported as gets/s and the ratio forwarded / local.
#include <benchmark/benchmark.h>

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "actors/cluster/hash_ring.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "messages/cluster.hpp"
#include "runtime/config/config.hpp"
#include "runtime/node/node.hpp"
#include "runtime/node/node_config_from.hpp"
#include "tests/store/temp_dir.hpp"
#include "tests/support/free_port.hpp"

using namespace wm;

namespace {

constexpr int kInFlight = 32;
constexpr int kDocuments = 256;
constexpr int kGetsPerRun = 20'000;
constexpr auto kTimeout = std::chrono::seconds(30);

std::string member(int port) {
  return "127.0.0.1:" + std::to_string(port);
}

// A member node started from a config, the way `writemagic node` starts one (its cluster
// actor publishes itself on its CAF port).
std::unique_ptr<node> start_member(const std::string& data_dir, int port,
                                   const std::string& seeds) {
  config_sources src;
  src.profile = "server";
  src.environment = config_env::env_map{};
  src.overrides = {"runtime.data_dir=" + data_dir, "caf.port=" + std::to_string(port),
                   "cluster.seeds=" + seeds, "log.level=warn"};
  auto cfg = load_config_text("", "bench_cluster", src);
  if (!cfg) throw std::runtime_error("config: " + cfg.error().message);
  auto nc = node_config_from(*cfg);
  if (!nc) throw std::runtime_error("node config: " + nc.error().message);
  auto started = node::start(std::move(*nc));
  if (!started) throw std::runtime_error("start: " + started.error().message);
  return std::move(started.value());
}

bool sees_up(node& n, const std::string& address) {
  auto view = n.ask<std::vector<member_info>>(n.service<caf::actor>(services::cluster), kTimeout,
                                              members_atom::value);
  if (!view) return false;
  for (const auto& m : *view)
    if (m.address == address) return m.state == member_state::up;
  return false;
}

// Keeps kInFlight gets in flight until `total` have been answered, then tells `done`
// (true when every one succeeded) and quits.
struct client_state {
  documents_actor docs;
  std::vector<std::string> ids;
  int total = 0;
  caf::actor done;
  int sent = 0;
  int answered = 0;
  bool all_ok = true;
};
using client_self = caf::stateful_actor<client_state>;

void send_one(client_self* self);

void on_answer(client_self* self, bool ok) {
  auto& st = self->state;
  st.all_ok = st.all_ok && ok;
  if (++st.answered == st.total) {
    self->send(st.done, st.all_ok);
    self->quit();
  } else if (st.sent < st.total) {
    send_one(self);
  }
}

void send_one(client_self* self) {
  auto& st = self->state;
  const auto& id = st.ids[static_cast<size_t>(st.sent++) % st.ids.size()];
  self->request(st.docs, kTimeout, get_atom::value, id)
      .then([self](document&) { on_answer(self, true); },
            [self](caf::error&) { on_answer(self, false); });
}

caf::behavior get_client(client_self* self, documents_actor docs, std::vector<std::string> ids,
                         int total, caf::actor done) {
  auto& st = self->state;
  st.docs = std::move(docs);
  st.ids = std::move(ids);
  st.total = total;
  st.done = std::move(done);
  for (int i = 0; i < kInFlight && i < total; ++i) send_one(self);
  return {[](ping_atom) {}};  // answers arrive through the request handlers above
}

// Gets per second through `via`'s documents service (its cluster actor).
double get_rate(node& via, const std::vector<std::string>& ids) {
  auto docs = via.service<documents_actor>(services::documents);
  caf::scoped_actor waiter{via.system()};
  const auto t0 = std::chrono::steady_clock::now();
  via.system().spawn(get_client, docs, ids, kGetsPerRun, caf::actor{waiter});
  bool ok = false;
  waiter->receive([&](bool good) { ok = good; },
                  caf::after(std::chrono::seconds(120)) >> [&] { ok = false; });
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return ok ? kGetsPerRun / secs : 0;
}

void BM_forwarded_vs_local_get(benchmark::State& state) {
  test::temp_dir dir_a, dir_b;
  const int port_a = testing::free_port();
  int port_b = testing::free_port();
  while (port_b == port_a) port_b = testing::free_port();
  const std::string a = member(port_a), b = member(port_b);
  const std::string seeds = a + "," + b;
  auto node_a = start_member(dir_a.path().string(), port_a, seeds);
  auto node_b = start_member(dir_b.path().string(), port_b, seeds);
  // Bounded wait for both to see each other up.
  bool joined = false;
  for (int i = 0; i < 600 && !joined; ++i) {
    joined = sees_up(*node_a, b) && sees_up(*node_b, a);
    if (!joined) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!joined) {
    state.SkipWithError("the two nodes never saw each other up");
    return;
  }
  // Documents owned by B, created through B.
  const cluster::hash_ring ring{{a, b}, 64};
  sqlite::uuid_generator gen;
  std::vector<std::string> ids;
  auto b_docs = node_b->service<documents_actor>(services::documents);
  for (int tries = 0; ids.size() < kDocuments && tries < 100 * kDocuments; ++tries) {
    auto id = gen.next();
    if (ring.owner(id) != b) continue;
    create_document_cmd c;
    c.id = id;
    c.title = "bench " + std::to_string(ids.size());
    c.content = "A short document for the forwarding benchmark, owned by node B.";
    auto made = node_b->ask<document>(b_docs, kTimeout, create_atom::value, c);
    if (!made) {
      state.SkipWithError(("create: " + made.error().message).c_str());
      return;
    }
    ids.push_back(made->id);
  }
  // Warm both paths (document actors open on B, the connection, the allocator).
  get_rate(*node_a, ids);
  get_rate(*node_b, ids);
  double forwarded = 0, local = 0;
  int runs = 0;
  bool failed = false;
  for (auto _ : state) {
    const double l = get_rate(*node_b, ids);
    const double f = get_rate(*node_a, ids);
    failed = failed || l == 0 || f == 0;
    local += l;
    forwarded += f;
    ++runs;
  }
  if (failed) state.SkipWithError("some gets failed");
  local /= runs;
  forwarded /= runs;
  state.counters["local_gets_per_s"] = local;
  state.counters["forwarded_gets_per_s"] = forwarded;
  state.counters["ratio_forwarded_vs_local"] = local > 0 ? forwarded / local : 0;
  state.counters["in_flight"] = kInFlight;
  node_a->stop();
  node_b->stop();
}
BENCHMARK(BM_forwarded_vs_local_get)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
