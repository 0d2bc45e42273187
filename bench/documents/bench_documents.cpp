// Durable updates per second through the actors (64 concurrent writers -> document actors
// -> store actor group commit, synchronous=FULL) against raw SQLite, reported as ratios:
// one transaction per write and 64 updates per transaction, each on a bare table (one
// prepared UPDATE of a small row) and on the store's own schema written by hand (the same
// rows an update writes: document row, revision, full-text mark; same disk, WAL, FULL);
// and the memory of an open, idle document actor (20,000 opened, RSS delta / 20,000).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "actors/documents/document_services.hpp"
#include "adapters/prometheus/resident_memory.hpp"
#include "adapters/sqlite/document_store.hpp"
#include "bench/store/raw_sqlite_documents.hpp"
#include "bench/store/raw_sqlite_table.hpp"
#include "runtime/node/node.hpp"
#include "tests/store/temp_dir.hpp"

using namespace wm;

namespace {

using bench::revision_text;
using bench::seconds_since;

// Raw SQLite: `ops` updates, `per_txn` per transaction; returns updates/s.
double raw_rate(int ops, int per_txn) {
  test::temp_dir dir;
  bench::raw_sqlite_table table{dir.file("raw.db"), 64};
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < ops; i += per_txn) {
    table.begin();
    for (int k = i; k < i + per_txn && k < ops; ++k) table.update(k % 64, revision_text(k));
    table.commit();
  }
  return ops / seconds_since(t0);
}

// Raw SQLite on the store's schema: `writers` documents, each updated `per_writer` times
// with the texts the actor writers send, `per_txn` updates per transaction; updates/s.
double raw_same_schema_rate(int writers, int per_writer, int per_txn) {
  test::temp_dir dir;
  bench::raw_sqlite_documents table{dir.file("raw.db"), writers};
  std::vector<bench::prepared_text> texts;
  for (int r = per_writer; r >= 1; --r) texts.push_back(bench::prepare_text(revision_text(r)));
  const int ops = writers * per_writer;
  int64_t now_ms = 1'800'000'000'000;
  bool ok = true;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < ops; i += per_txn) {
    table.begin();
    ++now_ms;  // one commit time per transaction, as the store stamps a batch
    for (int k = i; k < i + per_txn && k < ops; ++k)
      ok = table.update(k % writers, texts[static_cast<std::size_t>(k / writers)], now_ms) && ok;
    table.commit();
  }
  const double rate = ops / seconds_since(t0);
  return ok ? rate : 0;
}

std::unique_ptr<node> start_node(const std::string& dir, std::size_t max_open, const char* sync) {
  document_services_options o;
  o.db_path = dir + "/writemagic.db";
  o.store.synchronous = sync;
  o.max_open = max_open;
  // WM_BENCH_DELAY_MS: the group commit's gather window (store.group_commit_max_delay).
  if (const char* d = std::getenv("WM_BENCH_DELAY_MS"))
    o.group_commit_max_delay = std::chrono::milliseconds(std::atoi(d));
  node_config cfg;
  cfg.logging.level = spdlog::level::warn;
  if (const char* t = std::getenv("WM_BENCH_THREADS")) cfg.max_threads = std::atoi(t);
  if (const char* p = std::getenv("WM_BENCH_POLICY")) cfg.scheduler_policy = p;
  cfg.metrics = std::make_shared<metrics_registry>();
  cfg.services = make_document_services(o, cfg.metrics);
  return std::move(node::start(std::move(cfg)).value());
}

// One writer: `count` sequential updates of its document, each based on the last version.
void writer(caf::event_based_actor* self, documents_actor docs, std::string id, uint64_t version,
            int remaining, caf::actor done) {
  if (remaining == 0) {
    self->send(done, true);
    return;
  }
  update_document_cmd u;
  u.id = id;
  u.expected_version = version;
  u.set_content = true;
  u.content = revision_text(remaining);
  // No CAF timeout: the writer is long-lived and CAF 0.17 would keep each request's timeout
  // (and a clock-thread wake-up) for 60 s (bench_request_timeouts); the raw side has no
  // client at all.
  self->request(docs, caf::infinite, update_atom::value, std::move(u))
      .then([=](document& d) { writer(self, docs, id, d.version, remaining - 1, done); },
            [=](caf::error&) { self->send(done, false); });
}

// Updates/s through the actors; search_ms: the first search after the run, which first
// catches up the full-text index the writes left behind (kept off their commit path).
// Sum over count of a Prometheus histogram in node's scrape text (0 if absent).
double histogram_mean(const std::string& text, const std::string& name) {
  auto value = [&](const std::string& series) {
    auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return 0.0;
    return std::stod(text.substr(at + series.size() + 2));
  };
  double count = value(name + "_count");
  return count > 0 ? value(name + "_sum") / count : 0.0;
}

// What the store's own metrics say about the run: writes per commit and the time one
// commit takes (the rest of a round is the writes travelling through the actors).
struct store_view {
  double mean_batch = 0;
  double mean_commit_ms = 0;
};

double actor_rate(int writers, int per_writer, double* search_ms, store_view* view) {
  test::temp_dir dir;
  auto n = start_node(dir.path().string(), 10000, "FULL");
  auto docs = n->service<documents_actor>(services::documents);
  std::vector<document> made;
  for (int i = 0; i < writers; ++i) {
    create_document_cmd c;
    c.title = "bench " + std::to_string(i);
    c.content = "start";
    made.push_back(*n->ask<document>(docs, std::chrono::seconds(60), create_atom::value, c));
  }
  caf::scoped_actor self{n->system()};
  auto t0 = std::chrono::steady_clock::now();
  for (auto& d : made)
    n->system().spawn([docs, id = d.id, per_writer, done = caf::actor{self}](
                          caf::event_based_actor* w) { writer(w, docs, id, 1, per_writer, done); });
  int ok = 0;
  for (int i = 0; i < writers; ++i) self->receive([&](bool good) { ok += good ? 1 : 0; });
  double rate = static_cast<double>(writers) * per_writer / seconds_since(t0);
  // Writes per commit (the creates above included): below `writers` means the group
  // commit split a round of writes over more than one fsync.
  if (auto text = n->scrape()) {
    view->mean_batch = histogram_mean(*text, "writemagic_store_batch_size");
    view->mean_commit_ms = histogram_mean(*text, "writemagic_store_commit_duration_seconds") * 1000;
  }
  if (ok != writers) rate = 0;
  auto s0 = std::chrono::steady_clock::now();
  auto hits = n->ask<std::vector<search_hit>>(docs, std::chrono::seconds(60), search_atom::value,
                                              std::string{"fox"}, uint32_t{1000});
  *search_ms = seconds_since(s0) * 1000;
  if (!hits || hits->size() != static_cast<std::size_t>(writers)) rate = 0;
  n->stop();
  return rate;
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs.empty() ? 0 : xs[xs.size() / 2];
}

// Nine interleaved rounds (baselines, then the actors, each round), so a noisy moment
// hits one round rather than the whole comparison: rates and ratios are the medians of
// the rounds, with the extremes of the main ratio next to them.
void BM_durable_updates(benchmark::State& state) {
  constexpr int rounds = 9;
  std::vector<double> raw_single, raw_batched, same_single, same_batched, actors;
  std::vector<double> vs_batched, vs_same_batched, vs_single, vs_same_single;
  double search_ms = 0;
  store_view view;
  for (auto _ : state) {
    for (int r = 0; r < rounds; ++r) {
      raw_single.push_back(raw_rate(1000, 1));
      raw_batched.push_back(raw_rate(64 * 300, 64));
      same_single.push_back(raw_same_schema_rate(64, 16, 1));
      same_batched.push_back(raw_same_schema_rate(64, 300, 64));
      actors.push_back(actor_rate(64, 300, &search_ms, &view));
      vs_single.push_back(actors.back() / raw_single.back());
      vs_batched.push_back(actors.back() / raw_batched.back());
      vs_same_single.push_back(actors.back() / same_single.back());
      vs_same_batched.push_back(actors.back() / same_batched.back());
    }
  }
  state.counters["rounds"] = rounds;
  state.counters["mean_writes_per_commit"] = view.mean_batch;  // of the last round
  state.counters["mean_commit_ms"] = view.mean_commit_ms;
  state.counters["first_search_ms"] = search_ms;
  state.counters["actors_updates_per_s"] = median(actors);
  state.counters["raw_txn_per_write_updates_per_s"] = median(raw_single);
  state.counters["raw_batched64_updates_per_s"] = median(raw_batched);
  state.counters["ratio_vs_txn_per_write"] = median(vs_single);
  state.counters["ratio_vs_batched64"] = median(vs_batched);
  state.counters["same_schema_txn_per_write_updates_per_s"] = median(same_single);
  state.counters["same_schema_batched64_updates_per_s"] = median(same_batched);
  state.counters["ratio_vs_same_schema_txn_per_write"] = median(vs_same_single);
  state.counters["ratio_vs_same_schema_batched64"] = median(vs_same_batched);
  state.counters["ratio_vs_same_schema_batched64_min"] =
      *std::min_element(vs_same_batched.begin(), vs_same_batched.end());
  state.counters["ratio_vs_same_schema_batched64_max"] =
      *std::max_element(vs_same_batched.begin(), vs_same_batched.end());
}
BENCHMARK(BM_durable_updates)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_idle_document_actor_memory(benchmark::State& state) {
  constexpr int count = 20000;
  for (auto _ : state) {
    test::temp_dir dir;
    std::vector<std::string> ids;
    {
      sqlite::store_options so;
      so.synchronous = "OFF";
      auto store = std::move(sqlite::document_store::open(dir.file("writemagic.db"), so).value());
      for (int b = 0; b < count; b += 1000) {
        std::vector<sqlite::write_op> ops;
        for (int i = b; i < b + 1000; ++i)
          ops.push_back(sqlite::create_document_op{{},
                                                   "idle " + std::to_string(i),
                                                   "a short idle document body of some words",
                                                   "markdown",
                                                   {},
                                                   "bench"});
        for (auto& r : store->apply_batch(std::move(ops))) ids.push_back(r->id);
      }
    }
    auto n = start_node(dir.path().string(), count * 2, "NORMAL");
    auto docs = n->service<documents_actor>(services::documents);
    caf::scoped_actor self{n->system()};
    // Warm-up: one open, so lazily created CAF and store state is not counted.
    (void)n->ask<document>(docs, std::chrono::seconds(60), get_atom::value, ids[0]);
    const auto before = resident_bytes();
    for (int b = 1; b < count; b += 1000) {
      using handle_t =
          decltype(self->request(docs, std::chrono::seconds(60), get_atom::value, std::string{}));
      std::vector<handle_t> pending;
      for (int i = b; i < b + 1000 && i < count; ++i)
        pending.push_back(self->request(docs, std::chrono::seconds(60), get_atom::value, ids[i]));
      for (auto& h : pending) h.receive([](document&) {}, [](caf::error&) {});
    }
    state.counters["bytes_per_idle_document_actor"] =
        static_cast<double>(resident_growth_since(before)) / (count - 1);
    state.counters["open_documents"] = count;
    n->stop();
  }
}
BENCHMARK(BM_idle_document_actor_memory)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// RSS growth per created document beyond the open actors (max_open = 1000): after a
// warm-up of 5,000 creations, 20,000 more; what stays per document is the store's (page
// cache, bounded) and whatever the router keeps for evicted documents.
void BM_sustained_creation_rss(benchmark::State& state) {
  for (auto _ : state) {
    test::temp_dir dir;
    auto n = start_node(dir.path().string(), 1000, "OFF");
    auto docs = n->service<documents_actor>(services::documents);
    caf::scoped_actor self{n->system()};
    auto create_many = [&](int count) {
      for (int b = 0; b < count; b += 500) {
        using handle_t = decltype(self->request(docs, std::chrono::seconds(60), create_atom::value,
                                                create_document_cmd{}));
        std::vector<handle_t> pending;
        for (int i = b; i < b + 500 && i < count; ++i) {
          create_document_cmd c;
          c.title = "created " + std::to_string(i);
          c.content = "a short body of a few words";
          pending.push_back(self->request(docs, std::chrono::seconds(60), create_atom::value, c));
        }
        for (auto& h : pending) h.receive([](document&) {}, [](caf::error&) {});
      }
    };
    create_many(5000);
    const auto before = resident_bytes();
    auto sqlite_before = sqlite3_memory_used();
    const int count = static_cast<int>(state.range(0));
    create_many(count);
    state.counters["bytes_per_new_document"] =
        static_cast<double>(resident_growth_since(before)) / count;
    state.counters["sqlite_heap_bytes_per_new_document"] =
        static_cast<double>(sqlite3_memory_used() - sqlite_before) / count;
    n->stop();
  }
}
BENCHMARK(BM_sustained_creation_rss)
    ->Arg(20000)
    ->Arg(60000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
