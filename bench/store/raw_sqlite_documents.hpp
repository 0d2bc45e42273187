#pragma once
// The same-work raw SQLite baseline of the durable-update benchmark: the product's own
// schema (tables, list indexes, revisions, full-text backlog; built by the store's
// migrations) written with hand-prepared statements on one connection, no actors. An
// update does what the store does for a content edit: read the row's version, write the
// new text with its hash and counts, append the revision, mark the full-text entry. The
// hash and counts are computed before the clock starts, so the baseline is SQLite alone.
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace wm::bench {

// One document's next content with what the store derives from it.
struct prepared_text {
  std::string content;
  std::string hash;
  int64_t words = 0;
  int64_t code_points = 0;
};

prepared_text prepare_text(std::string content);

class raw_sqlite_documents {
 public:
  // `documents` rows at version 1, WAL, synchronous=FULL.
  raw_sqlite_documents(const std::string& path, int documents);
  ~raw_sqlite_documents();
  raw_sqlite_documents(const raw_sqlite_documents&) = delete;
  raw_sqlite_documents& operator=(const raw_sqlite_documents&) = delete;

  void begin();
  void commit();
  // Stores `text` as the next version of document `index`; false when a step failed.
  bool update(int index, const prepared_text& text, int64_t now_ms);

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* select_ = nullptr;
  sqlite3_stmt* update_ = nullptr;
  sqlite3_stmt* revision_ = nullptr;
  sqlite3_stmt* mark_ = nullptr;
  std::vector<std::string> ids_;
};

}  // namespace wm::bench
