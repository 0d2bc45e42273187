#include "bench/store/raw_sqlite_documents.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <stdexcept>

#include "adapters/sqlite/content_digest.hpp"
#include "adapters/sqlite/schema.hpp"
#include "adapters/sqlite/sqlite_handle.hpp"

namespace wm::bench {

namespace {

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string{"raw baseline: "} + sqlite3_errmsg(db));
  return s;
}

bool step_done(sqlite3_stmt* s) {
  const int rc = sqlite3_step(s);
  sqlite3_reset(s);
  return rc == SQLITE_DONE;
}

}  // namespace

prepared_text prepare_text(std::string content) {
  auto digest = sqlite::digest_content(content);
  return prepared_text{std::move(content), std::move(digest.sha256_hex),
                       static_cast<int64_t>(digest.words),
                       static_cast<int64_t>(digest.code_points)};
}

raw_sqlite_documents::raw_sqlite_documents(const std::string& path, int documents) {
  {
    // The schema is the store's (same tables and indexes); everything after is raw.
    auto conn = sqlite::connection::open(path);
    if (!conn || !conn->exec("PRAGMA journal_mode=WAL") || !sqlite::migrate(*conn))
      throw std::runtime_error("raw baseline: could not create the schema");
  }
  sqlite3_open(path.c_str(), &db_);
  sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
               nullptr, nullptr, nullptr);
  auto* insert = prepare(db_,
                         "INSERT INTO documents(id, title, content, content_type, content_hash, "
                         "version, created_at, updated_at) VALUES (?1, ?2, 'x', 'markdown', '', "
                         "1, 0, 0)");
  begin();
  for (int i = 0; i < documents; ++i) {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", i);
    ids_.emplace_back(id);
    sqlite3_bind_text(insert, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(insert, 2, id, -1, SQLITE_TRANSIENT);
    step_done(insert);
  }
  commit();
  sqlite3_finalize(insert);
  select_ = prepare(db_, "SELECT seq, version FROM documents WHERE id = ?1");
  update_ = prepare(db_,
                    "UPDATE documents SET content = ?2, content_hash = ?3, version = ?4, "
                    "updated_at = ?5, updated_by = '', word_count = ?6, character_count = ?7 "
                    "WHERE seq = ?1");
  revision_ = prepare(db_,
                      "INSERT INTO revisions(doc_seq, version, title, content, content_hash, "
                      "created_at, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, '')");
  mark_ = prepare(db_, "INSERT OR IGNORE INTO fts_pending(seq, indexed_version) VALUES (?1, ?2)");
}

raw_sqlite_documents::~raw_sqlite_documents() {
  for (auto* s : {select_, update_, revision_, mark_}) sqlite3_finalize(s);
  sqlite3_close(db_);
}

void raw_sqlite_documents::begin() {
  sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
}

void raw_sqlite_documents::commit() {
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
}

bool raw_sqlite_documents::update(int index, const prepared_text& text, int64_t now_ms) {
  const std::string& id = ids_[static_cast<std::size_t>(index)];
  sqlite3_bind_text(select_, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  if (sqlite3_step(select_) != SQLITE_ROW) {
    sqlite3_reset(select_);
    return false;
  }
  const int64_t seq = sqlite3_column_int64(select_, 0);
  const int64_t version = sqlite3_column_int64(select_, 1) + 1;
  sqlite3_reset(select_);

  sqlite3_bind_int64(update_, 1, seq);
  sqlite3_bind_text(update_, 2, text.content.data(), static_cast<int>(text.content.size()),
                    SQLITE_STATIC);
  sqlite3_bind_text(update_, 3, text.hash.data(), static_cast<int>(text.hash.size()),
                    SQLITE_STATIC);
  sqlite3_bind_int64(update_, 4, version);
  sqlite3_bind_int64(update_, 5, now_ms);
  sqlite3_bind_int64(update_, 6, text.words);
  sqlite3_bind_int64(update_, 7, text.code_points);
  if (!step_done(update_)) return false;

  sqlite3_bind_int64(revision_, 1, seq);
  sqlite3_bind_int64(revision_, 2, version);
  sqlite3_bind_text(revision_, 3, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
  sqlite3_bind_text(revision_, 4, text.content.data(), static_cast<int>(text.content.size()),
                    SQLITE_STATIC);
  sqlite3_bind_text(revision_, 5, text.hash.data(), static_cast<int>(text.hash.size()),
                    SQLITE_STATIC);
  sqlite3_bind_int64(revision_, 6, now_ms);
  if (!step_done(revision_)) return false;

  sqlite3_bind_int64(mark_, 1, seq);
  sqlite3_bind_int64(mark_, 2, version - 1);
  return step_done(mark_);
}

}  // namespace wm::bench
