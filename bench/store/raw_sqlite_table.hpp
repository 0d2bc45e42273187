#pragma once
// The raw SQLite baseline of the durable-update benchmarks (bench_store, bench_documents):
// a bare table (id, content, version) in WAL mode with synchronous=FULL, `rows` rows,
// updated through one prepared statement. Transactions are the caller's, so each
// benchmark batches the way it measures. Plus the text both write and their clock helper.
#include <chrono>
#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace wm::bench {

// ~300 bytes of prose-like text that changes every write.
std::string revision_text(int64_t i);

double seconds_since(std::chrono::steady_clock::time_point t0);

class raw_sqlite_table {
 public:
  raw_sqlite_table(const std::string& path, int rows);
  ~raw_sqlite_table();
  raw_sqlite_table(const raw_sqlite_table&) = delete;
  raw_sqlite_table& operator=(const raw_sqlite_table&) = delete;

  void begin();
  void commit();
  // Sets the row's content and bumps its version; false when the step failed.
  bool update(int64_t row, const std::string& content);

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
};

}  // namespace wm::bench
