// Durable updates per second: the store's group commit (apply_batch with batches of 1,
// 16 and 64) against raw SQLite doing a prepared UPDATE with one transaction per write,
// raw SQLite batching 64 updates per transaction, and raw SQLite doing the store's
// own per-write work (same schema) 64 per transaction. Same process, same disk, WAL,
// synchronous=FULL, temp files. Raw baselines run first; the store benchmarks report
// their rate as ratios to them (vs_raw_single, vs_raw_batched64, vs_raw_same_schema).
#include <benchmark/benchmark.h>

#include <chrono>
#include <string>
#include <vector>

#include "adapters/sqlite/document_store.hpp"
#include "bench/store/raw_sqlite_documents.hpp"
#include "bench/store/raw_sqlite_table.hpp"
#include "tests/store/temp_dir.hpp"

using namespace wm;
using namespace wm::sqlite;

namespace {

constexpr int doc_count = 256;
double raw_single_rate = 0;
double raw_batched_rate = 0;
double raw_schema_rate = 0;

using bench::revision_text;
using bench::seconds_since;

void raw_updates(benchmark::State& state, int per_txn) {
  test::temp_dir dir;
  bench::raw_sqlite_table table{dir.file("raw.db"), doc_count};
  int64_t n = 0;
  int64_t items = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    if (per_txn > 1) table.begin();
    for (int k = 0; k < per_txn; ++k, ++n)
      if (!table.update(n % doc_count, revision_text(n))) state.SkipWithError("raw update failed");
    if (per_txn > 1) table.commit();
    items += per_txn;
  }
  double rate = static_cast<double>(items) / seconds_since(t0);
  (per_txn > 1 ? raw_batched_rate : raw_single_rate) = rate;
  state.SetItemsProcessed(items);
  state.counters["updates_per_s"] = rate;
}

void BM_RawSqliteTxnPerWrite(benchmark::State& state) {
  raw_updates(state, 1);
}
void BM_RawSqliteBatched64(benchmark::State& state) {
  raw_updates(state, 64);
}

// Raw SQLite doing the store's own work per write on its schema (bench::raw_sqlite_documents:
// the row's version read, the document row, a revision and the full-text backlog mark; the
// index itself is caught up off the commit path, as the store does), 64 per transaction:
// the ceiling for this schema, so vs_raw_same_schema shows what the store's layer (checks,
// hashing, statements) costs. Texts and their hashes are prepared before the clock.
void BM_RawSqliteSameSchemaBatched64(benchmark::State& state) {
  test::temp_dir dir;
  bench::raw_sqlite_documents table{dir.file("schema.db"), doc_count};
  std::vector<bench::prepared_text> texts;
  for (int i = 0; i < 2 * doc_count; ++i) texts.push_back(bench::prepare_text(revision_text(i)));
  int64_t n = 0;
  int64_t items = 0;
  int64_t now_ms = 1'800'000'000'000;
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    table.begin();
    ++now_ms;
    for (int k = 0; k < 64; ++k, ++n) {
      const auto& text = texts[static_cast<std::size_t>(n % (2 * doc_count))];
      if (!table.update(static_cast<int>(n % doc_count), text, now_ms))
        state.SkipWithError("raw same-schema update failed");
    }
    table.commit();
    items += 64;
  }
  raw_schema_rate = static_cast<double>(items) / seconds_since(t0);
  state.SetItemsProcessed(items);
  state.counters["updates_per_s"] = raw_schema_rate;
}

void BM_StoreApplyBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  test::temp_dir dir;
  auto opened = document_store::open(dir.file("store.db"));  // FULL by default
  if (!opened) {
    state.SkipWithError(opened.error().message.c_str());
    return;
  }
  auto& store = **opened;
  std::vector<std::string> ids;
  std::vector<uint64_t> versions;
  {
    std::vector<write_op> ops;
    for (int i = 0; i < doc_count; ++i) {
      ops.push_back(create_document_op{{}, "doc " + std::to_string(i), "x", "markdown", {}, {}});
    }
    for (auto& r : store.apply_batch(std::move(ops))) {
      ids.push_back(r->id);
      versions.push_back(r->version);
    }
  }
  int64_t n = 0;
  int64_t items = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    std::vector<write_op> ops;
    ops.reserve(static_cast<std::size_t>(batch));
    for (int k = 0; k < batch; ++k, ++n) {
      auto slot = static_cast<std::size_t>(n % doc_count);
      ops.push_back(
          update_document_op{ids[slot], versions[slot], std::nullopt, revision_text(n), "bench"});
    }
    auto res = store.apply_batch(std::move(ops));
    for (int k = 0; k < batch; ++k) {
      auto& r = res[static_cast<std::size_t>(k)];
      if (!r.ok()) {
        state.SkipWithError(r.error().message.c_str());
        return;
      }
      versions[static_cast<std::size_t>((n - batch + k) % doc_count)] = r->version;
    }
    items += batch;
  }
  double rate = static_cast<double>(items) / seconds_since(t0);
  state.SetItemsProcessed(items);
  state.counters["updates_per_s"] = rate;
  if (raw_single_rate > 0) state.counters["vs_raw_single"] = rate / raw_single_rate;
  if (raw_batched_rate > 0) state.counters["vs_raw_batched64"] = rate / raw_batched_rate;
  if (raw_schema_rate > 0) state.counters["vs_raw_same_schema"] = rate / raw_schema_rate;
}

}  // namespace

// Registration order is run order: baselines first so the ratios have something to use.
BENCHMARK(BM_RawSqliteTxnPerWrite)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_RawSqliteBatched64)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_RawSqliteSameSchemaBatched64)->UseRealTime()->MinTime(1.0);
BENCHMARK(BM_StoreApplyBatch)->Arg(1)->Arg(16)->Arg(64)->UseRealTime()->MinTime(1.0);
