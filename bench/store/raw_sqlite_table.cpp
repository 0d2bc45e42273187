#include "bench/store/raw_sqlite_table.hpp"

#include <sqlite3.h>

namespace wm::bench {

std::string revision_text(int64_t i) {
  std::string s = "Revision " + std::to_string(i) + ": ";
  while (s.size() < 300) s += "the quick brown fox jumps over the lazy dog ";
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

raw_sqlite_table::raw_sqlite_table(const std::string& path, int rows) {
  sqlite3_open(path.c_str(), &db_);
  sqlite3_exec(db_,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE docs(id INTEGER PRIMARY KEY, content TEXT NOT NULL,"
               " version INTEGER NOT NULL);",
               nullptr, nullptr, nullptr);
  begin();
  for (int i = 0; i < rows; ++i) {
    auto sql = "INSERT INTO docs VALUES(" + std::to_string(i) + ", 'x', 1)";
    sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  }
  commit();
  sqlite3_prepare_v2(db_, "UPDATE docs SET content = ?2, version = version + 1 WHERE id = ?1", -1,
                     &update_, nullptr);
}

raw_sqlite_table::~raw_sqlite_table() {
  sqlite3_finalize(update_);
  sqlite3_close(db_);
}

void raw_sqlite_table::begin() {
  sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
}

void raw_sqlite_table::commit() {
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
}

bool raw_sqlite_table::update(int64_t row, const std::string& content) {
  sqlite3_bind_int64(update_, 1, row);
  sqlite3_bind_text(update_, 2, content.data(), static_cast<int>(content.size()), SQLITE_TRANSIENT);
  const bool done = sqlite3_step(update_) == SQLITE_DONE;
  sqlite3_reset(update_);
  return done;
}

}  // namespace wm::bench
