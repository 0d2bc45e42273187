// Durable updates per second: the store's group commit (apply_batch with batches of 1,
// 16 and 64) against raw SQLite doing a prepared UPDATE with one transaction per write,
// raw SQLite batching 64 updates per transaction, and raw SQLite doing the store's
// own per-write work (same schema) 64 per transaction. Same process, same disk, WAL,
// synchronous=FULL, temp files. Raw baselines run first; the store benchmarks report
// their rate as ratios to them (vs_raw_single, vs_raw_batched64, vs_raw_same_schema).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <vector>

#include "adapters/sqlite/document_store.hpp"
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

// Raw SQLite doing the store's own work per write (UPDATE of the document row, a revision
// INSERT and the full-text backlog mark; the index itself is caught up off the commit
// path, as the store does), 64 per transaction: the ceiling for this schema, so
// vs_raw_same_schema shows what the store's layer (checks, hashing, statements) costs.
void BM_RawSqliteSameSchemaBatched64(benchmark::State& state) {
  test::temp_dir dir;
  const std::string path = dir.file("schema.db");
  std::vector<std::string> ids;
  {
    auto opened = document_store::open(path);  // creates the schema
    if (!opened) {
      state.SkipWithError(opened.error().message.c_str());
      return;
    }
    std::vector<write_op> ops;
    for (int i = 0; i < doc_count; ++i) {
      ops.push_back(create_document_op{{}, "doc " + std::to_string(i), "x", "markdown", {}, {}});
    }
    for (auto& r : (*opened)->apply_batch(std::move(ops))) ids.push_back(r->id);
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
  sqlite3_stmt* upd = nullptr;
  sqlite3_stmt* rev = nullptr;
  sqlite3_stmt* mark = nullptr;
  sqlite3_prepare_v2(db,
                     "UPDATE documents SET content = ?2, content_hash = ?3, version = ?4, "
                     "updated_at = ?4 WHERE id = ?1",
                     -1, &upd, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO revisions(doc_seq, version, title, content, content_hash, "
                     "created_at) SELECT seq, ?2, 'doc', ?3, ?4, ?2 FROM documents WHERE id = ?1",
                     -1, &rev, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT OR IGNORE INTO fts_pending(seq, indexed_version) "
                     "SELECT seq, ?2 FROM documents WHERE id = ?1",
                     -1, &mark, nullptr);
  const std::string hash(64, 'f');
  int64_t n = 0;
  int64_t items = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (int k = 0; k < 64; ++k, ++n) {
      std::string c = revision_text(n);
      const std::string& id = ids[static_cast<std::size_t>(n % doc_count)];
      sqlite3_bind_text(upd, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      sqlite3_bind_text(upd, 2, c.data(), static_cast<int>(c.size()), SQLITE_STATIC);
      sqlite3_bind_text(upd, 3, hash.data(), 64, SQLITE_STATIC);
      sqlite3_bind_int64(upd, 4, n + 2);
      sqlite3_bind_text(rev, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      sqlite3_bind_int64(rev, 2, n + 2);
      sqlite3_bind_text(rev, 3, c.data(), static_cast<int>(c.size()), SQLITE_STATIC);
      sqlite3_bind_text(rev, 4, hash.data(), 64, SQLITE_STATIC);
      sqlite3_bind_text(mark, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
      sqlite3_bind_int64(mark, 2, n + 1);
      if (sqlite3_step(upd) != SQLITE_DONE || sqlite3_step(rev) != SQLITE_DONE ||
          sqlite3_step(mark) != SQLITE_DONE) {
        state.SkipWithError(sqlite3_errmsg(db));
      }
      sqlite3_reset(upd);
      sqlite3_reset(rev);
      sqlite3_reset(mark);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    items += 64;
  }
  raw_schema_rate = static_cast<double>(items) / seconds_since(t0);
  sqlite3_finalize(upd);
  sqlite3_finalize(rev);
  sqlite3_finalize(mark);
  sqlite3_close(db);
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
