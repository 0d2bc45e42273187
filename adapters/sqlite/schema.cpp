#include "adapters/sqlite/schema.hpp"

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "actors/documents/text/word_count.hpp"

namespace wm::sqlite {
namespace {

// Migration N (1-based) takes the database from user_version N-1 to N. Append only.
constexpr const char* migrations[] = {
    // 1: documents, projects, membership, revisions, full-text index.
    R"sql(
CREATE TABLE projects (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- seq is an explicit INTEGER PRIMARY KEY so rowids stay stable (VACUUM keeps them):
-- the external-content FTS table below refers to documents by rowid.
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  project_id TEXT REFERENCES projects(id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  updated_by TEXT NOT NULL DEFAULT '',
  deleted INTEGER NOT NULL DEFAULT 0,
  word_count INTEGER NOT NULL DEFAULT 0,
  character_count INTEGER NOT NULL DEFAULT 0
);

-- Indexes for the list sort orders, with and without a project filter.
CREATE INDEX documents_updated ON documents(updated_at DESC, seq DESC);
CREATE INDEX documents_created ON documents(created_at DESC, seq DESC);
CREATE INDEX documents_title ON documents(title COLLATE NOCASE, seq);
CREATE INDEX documents_project_updated ON documents(project_id, updated_at DESC, seq DESC);
CREATE INDEX documents_project_created ON documents(project_id, created_at DESC, seq DESC);
CREATE INDEX documents_project_title ON documents(project_id, title COLLATE NOCASE, seq);

-- Membership as the original core stored it; kept in sync with documents.project_id
-- by triggers so the two can never disagree.
CREATE TABLE project_documents (
  document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL
);
CREATE INDEX project_documents_project ON project_documents(project_id, added_at);

CREATE TRIGGER documents_project_ai AFTER INSERT ON documents
WHEN new.project_id IS NOT NULL BEGIN
  INSERT INTO project_documents(document_id, project_id, added_at)
  VALUES (new.id, new.project_id, new.updated_at);
END;
CREATE TRIGGER documents_project_au AFTER UPDATE OF project_id ON documents
WHEN new.project_id IS NOT old.project_id BEGIN
  DELETE FROM project_documents WHERE document_id = old.id;
  INSERT INTO project_documents(document_id, project_id, added_at)
  SELECT new.id, new.project_id, new.updated_at WHERE new.project_id IS NOT NULL;
END;

CREATE TABLE revisions (
  document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (document_id, version)
);

CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, content, content='documents', content_rowid='seq',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, content) VALUES (new.seq, new.title, new.content);
END;
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, content)
  VALUES ('delete', old.seq, old.title, old.content);
END;
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, content ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, content)
  VALUES ('delete', old.seq, old.title, old.content);
  INSERT INTO documents_fts(rowid, title, content) VALUES (new.seq, new.title, new.content);
END;
)sql",
    // 2: full-text maintenance leaves the commit path. A write that changes title or
    // content marks the document in fts_pending with the version the index still holds
    // (NULL: not indexed yet; that version's text is in revisions, which the 'delete'
    // command of an external-content table needs). The store brings the index up to
    // date when idle, before every search and integrity check, and inside a write batch
    // once the backlog passes a bound. Purge unindexes in the same op.
    R"sql(
DROP TRIGGER documents_fts_ai;
DROP TRIGGER documents_fts_ad;
DROP TRIGGER documents_fts_au;
CREATE TABLE fts_pending (
  seq INTEGER PRIMARY KEY,
  indexed_version INTEGER
);
)sql",
    // 3: revisions keyed by the document's integer rowid (documents.seq) instead of its
    // text UUID: the (document, version) key a write adds to is a few bytes instead of
    // ~45, so a group commit dirties fewer index pages, and the foreign-key check is a
    // rowid lookup. Existing revisions are carried over in their original order.
    R"sql(
CREATE TABLE revisions_v3 (
  doc_seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (doc_seq, version)
);
INSERT INTO revisions_v3(doc_seq, version, title, content, content_hash, created_at, author)
SELECT d.seq, r.version, r.title, r.content, r.content_hash, r.created_at, r.author
FROM revisions r JOIN documents d ON d.id = r.document_id ORDER BY r.rowid;
DROP TABLE revisions;
ALTER TABLE revisions_v3 RENAME TO revisions;
)sql",
    // 4: word counts by the text statistics' rules (what /stats, the facade and the shell
    // show). The store counted runs of non-space bytes, so a listing and a document's stats
    // agreed on English prose only ("日本語のテキスト": 1 word in one, 8 in the other).
    R"sql(
UPDATE documents SET word_count = wm_count_words(content);
)sql",
};

// wm_count_words(text), for migration 4: the count every write stores.
void count_words_sql(sqlite3_context* ctx, int, sqlite3_value** argv) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const auto n = static_cast<std::size_t>(sqlite3_value_bytes(argv[0]));
  sqlite3_result_int64(
      ctx, static_cast<sqlite3_int64>(text::count_words(std::string_view{p ? p : "", n})));
}

constexpr int migration_count = static_cast<int>(sizeof(migrations) / sizeof(migrations[0]));

}  // namespace

int current_schema_version() noexcept {
  return migration_count;
}

status migrate(connection& db) {
  return migrate_to(db, migration_count);
}

status migrate_to(connection& db, int target) {
  if (target < 0 || target > migration_count) {
    return make_failure(errc::invalid_input, "no schema version " + std::to_string(target));
  }
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return std::move(version).error();
  if (*version > migration_count) {
    return make_failure(errc::unavailable, "database schema version " + std::to_string(*version) +
                                               " is newer than this build supports (" +
                                               std::to_string(migration_count) + ")");
  }
  if (sqlite3_create_function_v2(db.get(), "wm_count_words", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                 nullptr, count_words_sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    return make_failure(errc::internal, "cannot register wm_count_words");
  for (int v = static_cast<int>(*version); v < target; ++v) {
    if (auto st = db.exec("BEGIN IMMEDIATE"); !st) return st;
    std::string sql = migrations[v];
    sql += "\nPRAGMA user_version = " + std::to_string(v + 1) + ";";
    if (auto st = db.exec(sql); !st) {
      (void)db.exec("ROLLBACK");
      failure f = st.error();
      f.message = "migration " + std::to_string(v + 1) + ": " + f.message;
      return f;
    }
    if (auto st = db.exec("COMMIT"); !st) {
      (void)db.exec("ROLLBACK");
      return st;
    }
  }
  return {};
}

}  // namespace wm::sqlite
