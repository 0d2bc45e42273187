#include "adapters/sqlite/document_store.hpp"

#include <cctype>
#include <exception>
#include <optional>
#include <utility>

#include "actors/documents/text/word_count.hpp"
#include "adapters/files/lock_file.hpp"
#include "adapters/sqlite/content_digest.hpp"
#include "adapters/sqlite/fts_query.hpp"
#include "adapters/sqlite/fts_snippet.hpp"
#include "adapters/sqlite/schema.hpp"
#include "adapters/sqlite/sqlite_handle.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "adapters/sqlite/validation.hpp"

namespace wm::sqlite {
namespace {

constexpr uint32_t max_offset = 10000;
constexpr uint32_t max_limit = 1000;

status validate_paging(uint32_t offset, uint32_t limit) {
  if (offset > max_offset) {
    return make_failure(errc::invalid_input, "offset must be between 0 and 10000");
  }
  if (limit < 1 || limit > max_limit) {
    return make_failure(errc::invalid_input, "limit must be between 1 and 1000");
  }
  return {};
}

result<std::string> parse_id(std::string_view text, std::string_view what) {
  if (auto id = normalize_uuid(text)) return std::move(*id);
  std::string msg(what);
  msg += " id is not a UUID";
  return make_failure(errc::invalid_input, std::move(msg));
}

timestamp_ms system_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

failure doc_not_found(const std::string& id) {
  return make_failure(errc::not_found, "document " + id + " not found");
}

failure version_conflict(const std::string& what, const std::string& id, uint64_t current,
                         uint64_t expected) {
  return make_failure(errc::conflict,
                      what + " " + id + " is at version " + std::to_string(current) +
                          "; the change was based on version " + std::to_string(expected));
}

// Reads a row of sel_doc_get: seq, id, project_id, title, content, content_type,
// content_hash, version, created_at, updated_at, created_by, updated_by, deleted.
document read_document(const statement& s) {
  document d;
  d.id = s.column_text(1);
  d.project_id = s.column_text(2);
  d.title = s.column_text(3);
  d.content = s.column_text(4);
  d.content_type = s.column_text(5);
  d.content_hash = s.column_text(6);
  d.version = static_cast<uint64_t>(s.column_int64(7));
  d.created_at = s.column_int64(8);
  d.updated_at = s.column_int64(9);
  d.created_by = s.column_text(10);
  d.updated_by = s.column_text(11);
  d.deleted = s.column_int64(12) != 0;
  return d;
}

// Current state of a document as writes need it (content only when asked for).
struct doc_state {
  int64_t seq = 0;  // rowid: the full-text index refers to documents by it
  std::string id;
  std::string project_id;
  std::string title;
  std::string content;  // filled only by load_doc(.., true)
  std::string content_hash;
  uint64_t version = 0;
  bool deleted = false;
};

// The open group: ops applied inside a transaction that is not committed yet. Without
// savepoints an op that fails before writing anything (validation, not found, version
// conflict: the usual cases) leaves nothing to undo; one that fails after a write rolls the
// group back and replays it with a SAVEPOINT per op (the same results). At namespace scope:
// clang cannot default-construct a nested class with member initializers inside its
// enclosing class's definition.
struct staged_group {
  std::vector<write_op> ops;
  std::vector<result<write_outcome>> out;
  std::size_t backlog_before = 0;
  bool savepoints = false;
  bool any_failed = false;
  // The transaction could not begin or is gone: every op of the group fails with this.
  std::optional<failure> doomed;
};

}  // namespace

struct document_store::impl {
  files::lock_file lock;  // first member: released after the connection closes
  connection db;
  store_options options;
  uuid_generator ids;
  timestamp_ms now = 0;  // commit time of the batch being applied

  // Documents whose full-text entry is behind (rows of fts_pending), as far as this
  // connection knows; recounted from the table whenever a rollback may have undone marks.
  std::size_t fts_backlog = 0;

  statement begin, commit, rollback, savepoint, release, rollback_to;
  statement sel_doc_meta, sel_doc_full, sel_doc_get, ins_doc, upd_doc_text, upd_doc_content,
      upd_doc_project, upd_doc_deleted, del_doc, ins_rev, sel_rev, sel_rev_by_id;
  statement sel_project, ins_project, upd_project, del_project, sel_project_docs;
  statement ins_fts_pending, sel_fts_pending_one, del_fts_pending, sel_fts_pending_batch,
      count_fts_pending, fts_delete, fts_insert, fts_savepoint, fts_release, fts_rollback_to;

  status prepare_all() {
    struct entry {
      statement* stmt;
      const char* sql;
    };
    const entry entries[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&savepoint, "SAVEPOINT op"},
        {&release, "RELEASE op"},
        {&rollback_to, "ROLLBACK TO op"},
        {&sel_doc_meta,
         "SELECT id, project_id, title, content_hash, version, deleted, seq FROM documents "
         "WHERE id = ?1"},
        {&sel_doc_full,
         "SELECT id, project_id, title, content_hash, version, deleted, seq, content "
         "FROM documents WHERE id = ?1"},
        {&sel_doc_get,
         "SELECT seq, id, project_id, title, content, content_type, content_hash, "
         "version, created_at, updated_at, created_by, updated_by, deleted "
         "FROM documents WHERE id = ?1"},
        {&ins_doc,
         "INSERT INTO documents(id, project_id, title, content, content_type, content_hash, "
         "version, created_at, updated_at, created_by, updated_by, deleted, word_count, "
         "character_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?7, ?8, ?8, 0, ?9, ?10)"},
        // By rowid (the row is loaded first). Two forms: a title in the SET list makes
        // SQLite rewrite both title indexes (NOCASE comparisons) even when it is unchanged.
        {&upd_doc_text,
         "UPDATE documents SET title = ?2, content = ?3, content_hash = ?4, version = ?5, "
         "updated_at = ?6, updated_by = ?7, word_count = ?8, character_count = ?9 WHERE seq = ?1"},
        {&upd_doc_content,
         "UPDATE documents SET content = ?3, content_hash = ?4, version = ?5, updated_at = ?6, "
         "updated_by = ?7, word_count = ?8, character_count = ?9 WHERE seq = ?1"},
        {&upd_doc_project, "UPDATE documents SET project_id = ?2, updated_at = ?3 WHERE id = ?1"},
        {&upd_doc_deleted, "UPDATE documents SET deleted = ?2, updated_at = ?3 WHERE id = ?1"},
        {&del_doc, "DELETE FROM documents WHERE id = ?1"},
        {&ins_rev,
         "INSERT INTO revisions(doc_seq, version, title, content, content_hash, created_at, "
         "author) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
        {&sel_rev,
         "SELECT title, content, content_hash, created_at, author FROM revisions "
         "WHERE doc_seq = ?1 AND version = ?2"},
        {&sel_rev_by_id,
         "SELECT r.title, r.content, r.content_hash, r.created_at, r.author FROM revisions r "
         "JOIN documents d ON d.seq = r.doc_seq WHERE d.id = ?1 AND r.version = ?2"},
        {&sel_project,
         "SELECT id, name, description, version, created_at, updated_at FROM projects "
         "WHERE id = ?1"},
        {&ins_project,
         "INSERT INTO projects(id, name, description, version, created_at, updated_at) "
         "VALUES (?1, ?2, ?3, 1, ?4, ?4)"},
        {&upd_project,
         "UPDATE projects SET name = ?2, description = ?3, version = ?4, updated_at = ?5 "
         "WHERE id = ?1"},
        {&del_project, "DELETE FROM projects WHERE id = ?1"},
        {&sel_project_docs,
         "SELECT pd.document_id FROM project_documents pd JOIN documents d ON d.id = "
         "pd.document_id WHERE pd.project_id = ?1 AND d.deleted = 0 "
         "ORDER BY pd.added_at, pd.document_id"},
        {&ins_fts_pending,
         "INSERT OR IGNORE INTO fts_pending(seq, indexed_version) VALUES (?1, ?2)"},
        {&sel_fts_pending_one, "SELECT indexed_version FROM fts_pending WHERE seq = ?1"},
        {&del_fts_pending, "DELETE FROM fts_pending WHERE seq = ?1"},
        {&sel_fts_pending_batch,
         "SELECT p.seq, p.indexed_version, d.id, d.title, d.content FROM fts_pending p "
         "LEFT JOIN documents d ON d.seq = p.seq ORDER BY p.seq LIMIT ?1"},
        {&count_fts_pending, "SELECT COUNT(*) FROM fts_pending"},
        {&fts_delete,
         "INSERT INTO documents_fts(documents_fts, rowid, title, content) "
         "VALUES ('delete', ?1, ?2, ?3)"},
        {&fts_insert, "INSERT INTO documents_fts(rowid, title, content) VALUES (?1, ?2, ?3)"},
        {&fts_savepoint, "SAVEPOINT fts"},
        {&fts_release, "RELEASE fts"},
        {&fts_rollback_to, "ROLLBACK TO fts"},
    };
    for (const auto& e : entries) {
      auto s = db.prepare(e.sql);
      if (!s) return std::move(s).error();
      *e.stmt = std::move(*s);
    }
    return {};
  }

  // Runs a statement that returns no rows.
  status run(statement& s, std::string_view what) {
    statement_guard guard(s);
    int rc = s.step();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db.error(what, rc);
    return {};
  }

  timestamp_ms clock() const { return options.clock ? options.clock() : system_now(); }

  // --- document helpers -------------------------------------------------------------

  result<std::optional<doc_state>> load_doc(const std::string& id, bool with_content) {
    statement& s = with_content ? sel_doc_full : sel_doc_meta;
    statement_guard guard(s);
    s.bind_text_static(1, id);
    int rc = s.step();
    if (rc == SQLITE_DONE) return std::optional<doc_state>{};
    if (rc != SQLITE_ROW) return db.error("load document", rc);
    doc_state d;
    d.id = s.column_text(0);
    d.project_id = s.column_text(1);
    d.title = s.column_text(2);
    d.content_hash = s.column_text(3);
    d.version = static_cast<uint64_t>(s.column_int64(4));
    d.deleted = s.column_int64(5) != 0;
    d.seq = s.column_int64(6);
    if (with_content) d.content = s.column_text(7);
    return std::optional<doc_state>{std::move(d)};
  }

  // A live (not deleted) document, or not_found.
  result<doc_state> load_live(const std::string& raw_id, bool with_content) {
    auto id = parse_id(raw_id, "document");
    if (!id) return std::move(id).error();
    auto d = load_doc(*id, with_content);
    if (!d) return std::move(d).error();
    if (!d->has_value()) return doc_not_found(*id);
    if ((*d)->deleted) return make_failure(errc::not_found, "document " + *id + " is deleted");
    return std::move(**d);
  }

  result<bool> project_exists(const std::string& id) {
    statement_guard guard(sel_project);
    sel_project.bind_text_static(1, id);
    int rc = sel_project.step();
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return db.error("load project", rc);
  }

  // Stores title+content as version `version` of document `d` (row and revision);
  // `digest` is the content's.
  result<write_outcome> store_version(const doc_state& d, const std::string& title,
                                      const std::string& content, const content_digest& digest,
                                      uint64_t version, const std::string& author) {
    const bool retitled = title != d.title;
    statement& upd = retitled ? upd_doc_text : upd_doc_content;
    upd.bind(1, d.seq);
    if (retitled) upd.bind_text_static(2, title);
    upd.bind_text_static(3, content);
    upd.bind_text_static(4, digest.sha256_hex);
    upd.bind(5, static_cast<int64_t>(version));
    upd.bind(6, now);
    upd.bind_text_static(7, author);
    upd.bind(8, static_cast<int64_t>(digest.words));
    upd.bind(9, static_cast<int64_t>(digest.code_points));
    if (auto st = run(upd, "update document"); !st) return st.error();
    if (auto st = insert_revision(d.seq, version, title, content, digest.sha256_hex, author); !st) {
      return st.error();
    }
    if (auto st = mark_fts(d.seq, d.version); !st) return st.error();
    return write_outcome{d.id, version, true, 0, digest.sha256_hex, now};
  }

  // The digest of a content whose hash is already known (stored with it): counts only.
  static content_digest with_counts(std::string hash, std::string_view content) {
    return content_digest{std::move(hash), text::count_words(content), count_code_points(content)};
  }

  status insert_revision(int64_t seq, uint64_t version, const std::string& title,
                         const std::string& content, const std::string& hash,
                         const std::string& author) {
    ins_rev.bind(1, seq);
    ins_rev.bind(2, static_cast<int64_t>(version));
    ins_rev.bind_text_static(3, title);
    ins_rev.bind_text_static(4, content);
    ins_rev.bind_text_static(5, hash);
    ins_rev.bind(6, now);
    ins_rev.bind_text_static(7, author);
    return run(ins_rev, "insert revision");
  }

  static write_outcome unchanged(const doc_state& d) {
    return write_outcome{d.id, d.version, false, 0, d.content_hash, 0};
  }

  // Applies a new title and/or content with the no-op rule: same title and same content
  // hash means no new version and no revision. `given`: the content's digest, computed by
  // the caller (nullptr: computed here).
  result<write_outcome> change_text(const doc_state& d, const std::string* title,
                                    const std::string* content, const std::string& author,
                                    const content_digest* given = nullptr) {
    const std::string& new_title = title != nullptr ? *title : d.title;
    if (content != nullptr) {
      content_digest digest = given != nullptr ? *given : digest_content(*content);
      if (new_title == d.title && digest.sha256_hex == d.content_hash) return unchanged(d);
      return store_version(d, new_title, *content, digest, d.version + 1, author);
    }
    if (new_title == d.title) return unchanged(d);
    // Title-only change: the revision still stores the full content.
    auto full = load_doc(d.id, true);
    if (!full) return std::move(full).error();
    if (!full->has_value()) return doc_not_found(d.id);
    const std::string& text = (*full)->content;
    return store_version(d, new_title, text, with_counts(d.content_hash, text), d.version + 1,
                         author);
  }

  // --- full-text index -------------------------------------------------------------

  // Notes that the index entry of `seq` is behind. The first mark wins: it records the
  // version the index still holds (nullopt: none yet), later ones are ignored.
  status mark_fts(int64_t seq, std::optional<uint64_t> indexed_version) {
    ins_fts_pending.bind(1, seq);
    if (indexed_version) {
      ins_fts_pending.bind(2, static_cast<int64_t>(*indexed_version));
    } else {
      ins_fts_pending.bind_null(2);
    }
    if (auto st = run(ins_fts_pending, "mark full-text entry"); !st) return st;
    if (sqlite3_changes(db.get()) > 0) ++fts_backlog;
    return {};
  }

  status recount_fts_backlog() {
    statement_guard guard(count_fts_pending);
    int rc = count_fts_pending.step();
    if (rc != SQLITE_ROW) return db.error("count full-text backlog", rc);
    fts_backlog = static_cast<std::size_t>(count_fts_pending.column_int64(0));
    return {};
  }

  status fts_write(statement& s, int64_t seq, const std::string& title,
                   const std::string& content) {
    s.bind(1, seq);
    s.bind_text_static(2, title);
    s.bind_text_static(3, content);
    return run(s, "full-text index");
  }

  // Title and content of one stored version; nullopt when that revision is gone.
  result<std::optional<std::pair<std::string, std::string>>> revision_text(int64_t seq,
                                                                           uint64_t version) {
    statement_guard guard(sel_rev);
    sel_rev.bind(1, seq);
    sel_rev.bind(2, static_cast<int64_t>(version));
    int rc = sel_rev.step();
    if (rc == SQLITE_DONE) return std::optional<std::pair<std::string, std::string>>{};
    if (rc != SQLITE_ROW) return db.error("load revision", rc);
    return std::optional<std::pair<std::string, std::string>>{
        std::pair{sel_rev.column_text(0), sel_rev.column_text(1)}};
  }

  // Rebuilds the whole index from the documents table: the way out if the text an entry
  // was indexed with cannot be found (never expected; it keeps search correct anyway).
  status rebuild_fts() {
    if (auto st = db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild'); "
                          "DELETE FROM fts_pending;");
        !st) {
      return st;
    }
    fts_backlog = 0;
    return {};
  }

  // Takes a document (d loaded with content) out of the index, whatever state it is in.
  status unindex(const doc_state& d) {
    std::optional<std::optional<uint64_t>> pending;  // outer: marked; inner: indexed version
    {
      statement_guard guard(sel_fts_pending_one);
      sel_fts_pending_one.bind(1, d.seq);
      int rc = sel_fts_pending_one.step();
      if (rc == SQLITE_ROW) {
        pending.emplace();
        if (!sel_fts_pending_one.column_is_null(0))
          *pending = static_cast<uint64_t>(sel_fts_pending_one.column_int64(0));
      } else if (rc != SQLITE_DONE) {
        return db.error("load full-text backlog", rc);
      }
    }
    if (!pending) return fts_write(fts_delete, d.seq, d.title, d.content);  // index is current
    if (*pending) {
      auto text = revision_text(d.seq, **pending);
      if (!text) return std::move(text).error();
      if (!text->has_value()) return rebuild_fts();
      if (auto st = fts_write(fts_delete, d.seq, (*text)->first, (*text)->second); !st) return st;
    }
    del_fts_pending.bind(1, d.seq);
    if (auto st = run(del_fts_pending, "clear full-text backlog"); !st) return st;
    if (fts_backlog > 0) --fts_backlog;
    return {};
  }

  // Brings up to max_docs index entries up to date inside the open transaction.
  // Returns how many were handled.
  result<std::size_t> index_pending_in_txn(std::size_t max_docs) {
    struct row {
      int64_t seq = 0;
      std::optional<uint64_t> indexed_version;
      bool exists = false;
      std::string title, content;
    };
    std::vector<row> rows;
    {
      statement_guard guard(sel_fts_pending_batch);
      sel_fts_pending_batch.bind(1, static_cast<int64_t>(max_docs));
      for (;;) {
        int rc = sel_fts_pending_batch.step();
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return db.error("load full-text backlog", rc);
        row r;
        r.seq = sel_fts_pending_batch.column_int64(0);
        if (!sel_fts_pending_batch.column_is_null(1))
          r.indexed_version = static_cast<uint64_t>(sel_fts_pending_batch.column_int64(1));
        r.exists = !sel_fts_pending_batch.column_is_null(2);
        if (r.exists) {
          r.title = sel_fts_pending_batch.column_text(3);
          r.content = sel_fts_pending_batch.column_text(4);
        }
        rows.push_back(std::move(r));
      }
    }
    bool need_rebuild = false;
    for (const auto& r : rows) {
      if (r.indexed_version) {
        if (!r.exists) {
          need_rebuild = true;  // purge unindexes first, so this is not expected
          continue;
        }
        auto text = revision_text(r.seq, *r.indexed_version);
        if (!text) return std::move(text).error();
        if (!text->has_value()) {
          need_rebuild = true;
          continue;
        }
        if (auto st = fts_write(fts_delete, r.seq, (*text)->first, (*text)->second); !st) {
          return st.error();
        }
      }
      if (r.exists) {
        if (auto st = fts_write(fts_insert, r.seq, r.title, r.content); !st) return st.error();
      }
      del_fts_pending.bind(1, r.seq);
      if (auto st = run(del_fts_pending, "clear full-text backlog"); !st) return st.error();
    }
    fts_backlog = fts_backlog > rows.size() ? fts_backlog - rows.size() : 0;
    if (need_rebuild) {
      if (auto st = rebuild_fts(); !st) return st.error();
    }
    return rows.size();
  }

  // Index catch-up in its own transaction. The index is derived data and its backlog
  // marks commit with it, so losing this transaction on power loss loses nothing: with
  // synchronous=FULL it commits with NORMAL (no fsync of its own; the next durable commit
  // syncs the WAL up to and including it).
  result<std::size_t> index_pending(std::size_t max_docs) {
    if (fts_backlog == 0 || max_docs == 0) return std::size_t{0};
    if (group)
      return make_failure(errc::internal,
                          "full-text catch-up needs the staged writes committed first");
    const bool relax = options.synchronous == "FULL";
    if (relax) {
      if (auto st = db.exec("PRAGMA synchronous=NORMAL"); !st) return st.error();
    }
    auto restore = [&] {
      if (relax) (void)db.exec("PRAGMA synchronous=FULL");
    };
    if (auto st = run(begin, "begin transaction"); !st) {
      restore();
      return st.error();
    }
    auto done = index_pending_in_txn(max_docs);
    if (!done) {
      if (sqlite3_get_autocommit(db.get()) == 0) (void)run(rollback, "rollback");
      (void)recount_fts_backlog();
      restore();
      return done;
    }
    if (auto st = run(commit, "commit"); !st) {
      if (sqlite3_get_autocommit(db.get()) == 0) (void)run(rollback, "rollback");
      (void)recount_fts_backlog();
      restore();
      return st.error();
    }
    restore();
    return done;
  }

  // Search and the integrity check read the index: everything committed must be in it.
  status catch_up_fts() {
    while (fts_backlog > 0) {
      auto done = index_pending(1000);
      if (!done) return std::move(done).error();
      if (*done == 0) {
        if (auto st = recount_fts_backlog(); !st) return st;
        if (fts_backlog > 0) return make_failure(errc::internal, "full-text backlog is stuck");
      }
    }
    return {};
  }

  // Inside a write batch: keeps the backlog bounded. A failure here fails no write (the
  // entries stay marked and are retried later).
  void bound_fts_backlog() {
    const std::size_t limit = options.fts_max_backlog;
    if (fts_backlog <= limit) return;
    if (!run(fts_savepoint, "savepoint").ok()) return;
    auto done = index_pending_in_txn(fts_backlog - limit + 64);
    if (!done) {
      (void)run(fts_rollback_to, "rollback to savepoint");
      (void)run(fts_release, "release savepoint");
      (void)recount_fts_backlog();
      return;
    }
    (void)run(fts_release, "release savepoint");
  }

  // --- ops --------------------------------------------------------------------------

  result<write_outcome> run_op(create_document_op& op) {
    std::string id;
    if (op.id.empty()) {
      id = ids.next();
    } else {
      auto parsed = parse_id(op.id, "document");
      if (!parsed) return std::move(parsed).error();
      id = std::move(*parsed);
    }
    if (auto st = validate_title(op.title); !st) return st.error();
    if (auto st = validate_content_type(op.content_type); !st) return st.error();
    if (auto st = validate_content(op.content, options.max_content_bytes); !st) {
      return st.error();
    }
    if (auto st = validate_author(op.author); !st) return st.error();
    std::string project_id;
    if (!op.project_id.empty()) {
      auto parsed = parse_id(op.project_id, "project");
      if (!parsed) return std::move(parsed).error();
      project_id = std::move(*parsed);
      auto exists = project_exists(project_id);
      if (!exists) return std::move(exists).error();
      if (!*exists) return make_failure(errc::not_found, "project " + project_id + " not found");
    }
    auto existing = load_doc(id, false);
    if (!existing) return std::move(existing).error();
    if (existing->has_value()) {
      return make_failure(errc::conflict, "document " + id + " already exists");
    }
    const content_digest digest = digest_content(op.content);
    const std::string& hash = digest.sha256_hex;
    ins_doc.bind_text_static(1, id);
    if (project_id.empty()) {
      ins_doc.bind_null(2);
    } else {
      ins_doc.bind_text_static(2, project_id);
    }
    ins_doc.bind_text_static(3, op.title);
    ins_doc.bind_text_static(4, op.content);
    ins_doc.bind_text_static(5, op.content_type);
    ins_doc.bind_text_static(6, hash);
    ins_doc.bind(7, now);
    ins_doc.bind_text_static(8, op.author);
    ins_doc.bind(9, static_cast<int64_t>(digest.words));
    ins_doc.bind(10, static_cast<int64_t>(digest.code_points));
    if (auto st = run(ins_doc, "insert document"); !st) return st.error();
    const int64_t seq = sqlite3_last_insert_rowid(db.get());
    if (auto st = insert_revision(seq, 1, op.title, op.content, hash, op.author); !st) {
      return st.error();
    }
    if (auto st = mark_fts(seq, std::nullopt); !st) return st.error();
    return write_outcome{id, 1, true, 0, hash, now};
  }

  result<write_outcome> run_op(update_document_op& op) {
    if (!op.title && !op.content) {
      return make_failure(errc::invalid_input, "update needs a new title or new content");
    }
    if (op.title) {
      if (auto st = validate_title(*op.title); !st) return st.error();
    }
    if (op.content) {
      if (auto st = validate_content(*op.content, options.max_content_bytes); !st) {
        return st.error();
      }
    }
    if (auto st = validate_author(op.author); !st) return st.error();
    auto d = load_live(op.id, false);
    if (!d) return std::move(d).error();
    if (d->version != op.expected_version) {
      return version_conflict("document", d->id, d->version, op.expected_version);
    }
    return change_text(*d, op.title ? &*op.title : nullptr, op.content ? &*op.content : nullptr,
                       op.author, op.content && op.digest ? &*op.digest : nullptr);
  }

  result<write_outcome> run_op(rename_document_op& op) {
    if (auto st = validate_title(op.title); !st) return st.error();
    if (auto st = validate_author(op.author); !st) return st.error();
    auto d = load_live(op.id, false);
    if (!d) return std::move(d).error();
    if (op.expected_version && d->version != *op.expected_version) {
      return version_conflict("document", d->id, d->version, *op.expected_version);
    }
    return change_text(*d, &op.title, nullptr, op.author);
  }

  result<write_outcome> run_op(move_document_op& op) {
    std::string project_id;
    if (!op.project_id.empty()) {
      auto parsed = parse_id(op.project_id, "project");
      if (!parsed) return std::move(parsed).error();
      project_id = std::move(*parsed);
    }
    auto d = load_live(op.id, false);
    if (!d) return std::move(d).error();
    if (op.expected_version && d->version != *op.expected_version) {
      return version_conflict("document", d->id, d->version, *op.expected_version);
    }
    if (!project_id.empty()) {
      auto exists = project_exists(project_id);
      if (!exists) return std::move(exists).error();
      if (!*exists) return make_failure(errc::not_found, "project " + project_id + " not found");
    }
    if (project_id == d->project_id) return unchanged(*d);
    upd_doc_project.bind_text_static(1, d->id);
    if (project_id.empty()) {
      upd_doc_project.bind_null(2);
    } else {
      upd_doc_project.bind_text_static(2, project_id);
    }
    upd_doc_project.bind(3, now);
    if (auto st = run(upd_doc_project, "move document"); !st) return st.error();
    return write_outcome{d->id, d->version, true, 0, d->content_hash, now};
  }

  result<write_outcome> set_deleted(const std::string& raw_id, bool deleted,
                                    std::optional<uint64_t> expected_version) {
    auto id = parse_id(raw_id, "document");
    if (!id) return std::move(id).error();
    auto d = load_doc(*id, false);
    if (!d) return std::move(d).error();
    if (!d->has_value()) return doc_not_found(*id);
    doc_state& doc = **d;
    if (expected_version && doc.version != *expected_version) {
      return version_conflict("document", doc.id, doc.version, *expected_version);
    }
    if (doc.deleted == deleted) return unchanged(doc);
    upd_doc_deleted.bind_text_static(1, doc.id);
    upd_doc_deleted.bind(2, deleted ? 1 : 0);
    upd_doc_deleted.bind(3, now);
    if (auto st = run(upd_doc_deleted, deleted ? "delete document" : "undelete document"); !st) {
      return st.error();
    }
    return write_outcome{doc.id, doc.version, true, 0, doc.content_hash, now};
  }

  result<write_outcome> run_op(delete_document_op& op) {
    return set_deleted(op.id, true, op.expected_version);
  }

  result<write_outcome> run_op(undelete_document_op& op) {
    return set_deleted(op.id, false, std::nullopt);
  }

  result<write_outcome> run_op(purge_document_op& op) {
    auto id = parse_id(op.id, "document");
    if (!id) return std::move(id).error();
    auto d = load_doc(*id, true);
    if (!d) return std::move(d).error();
    if (!d->has_value()) return doc_not_found(*id);
    // The index entry first: taking it out needs the indexed text, and revisions and
    // membership go with the row (ON DELETE CASCADE).
    if (auto st = unindex(**d); !st) return st.error();
    del_doc.bind_text_static(1, *id);
    if (auto st = run(del_doc, "purge document"); !st) return st.error();
    return write_outcome{*id, 0, true, 0, {}, now};
  }

  result<write_outcome> run_op(restore_revision_op& op) {
    if (auto st = validate_author(op.author); !st) return st.error();
    auto d = load_live(op.id, false);
    if (!d) return std::move(d).error();
    if (op.expected_version && d->version != *op.expected_version) {
      return version_conflict("document", d->id, d->version, *op.expected_version);
    }
    std::string title, content, hash;
    {
      statement_guard guard(sel_rev);
      sel_rev.bind(1, d->seq);
      sel_rev.bind(2, static_cast<int64_t>(op.version));
      int rc = sel_rev.step();
      if (rc == SQLITE_DONE) {
        return make_failure(errc::not_found,
                            "document " + d->id + " has no version " + std::to_string(op.version));
      }
      if (rc != SQLITE_ROW) return db.error("load revision", rc);
      title = sel_rev.column_text(0);
      content = sel_rev.column_text(1);
      hash = sel_rev.column_text(2);
    }
    if (title == d->title && hash == d->content_hash) return unchanged(*d);
    return store_version(*d, title, content, with_counts(std::move(hash), content), d->version + 1,
                         op.author);
  }

  result<write_outcome> run_op(find_replace_op& op) {
    if (op.find.empty()) {
      return make_failure(errc::invalid_input, "find text must not be empty");
    }
    if (auto st = validate_author(op.author); !st) return st.error();
    auto d = load_live(op.id, true);
    if (!d) return std::move(d).error();
    if (d->version != op.expected_version) {
      return version_conflict("document", d->id, d->version, op.expected_version);
    }
    std::string out;
    uint64_t count = 0;
    std::size_t pos = 0;
    const std::string& text = d->content;
    for (;;) {
      std::size_t hit = text.find(op.find, pos);
      if (hit == std::string::npos) break;
      out.append(text, pos, hit - pos);
      out += op.replace;
      pos = hit + op.find.size();
      ++count;
      if (out.size() > options.max_content_bytes) break;  // fail below, do not keep growing
      if (!op.all) break;
    }
    if (count == 0) return unchanged(*d);
    out.append(text, pos, std::string::npos);
    if (auto st = validate_content(out, options.max_content_bytes); !st) return st.error();
    auto res = change_text(*d, nullptr, &out, op.author);
    if (res) res->replacements = count;
    return res;
  }

  result<write_outcome> run_op(create_project_op& op) {
    std::string id;
    if (op.id.empty()) {
      id = ids.next();
    } else {
      auto parsed = parse_id(op.id, "project");
      if (!parsed) return std::move(parsed).error();
      id = std::move(*parsed);
    }
    if (auto st = validate_project_name(op.name); !st) return st.error();
    if (auto st = validate_project_description(op.description); !st) return st.error();
    auto exists = project_exists(id);
    if (!exists) return std::move(exists).error();
    if (*exists) return make_failure(errc::conflict, "project " + id + " already exists");
    ins_project.bind_text_static(1, id);
    ins_project.bind_text_static(2, op.name);
    ins_project.bind_text_static(3, op.description);
    ins_project.bind(4, now);
    if (auto st = run(ins_project, "insert project"); !st) return st.error();
    return write_outcome{id, 1, true, 0, {}, now};
  }

  result<write_outcome> run_op(update_project_op& op) {
    auto id = parse_id(op.id, "project");
    if (!id) return std::move(id).error();
    if (op.name) {
      if (auto st = validate_project_name(*op.name); !st) return st.error();
    }
    if (op.description) {
      if (auto st = validate_project_description(*op.description); !st) return st.error();
    }
    std::string name, description;
    uint64_t version = 0;
    {
      statement_guard guard(sel_project);
      sel_project.bind_text_static(1, *id);
      int rc = sel_project.step();
      if (rc == SQLITE_DONE) return make_failure(errc::not_found, "project " + *id + " not found");
      if (rc != SQLITE_ROW) return db.error("load project", rc);
      name = sel_project.column_text(1);
      description = sel_project.column_text(2);
      version = static_cast<uint64_t>(sel_project.column_int64(3));
    }
    if (op.expected_version && version != *op.expected_version) {
      return version_conflict("project", *id, version, *op.expected_version);
    }
    const std::string& new_name = op.name ? *op.name : name;
    const std::string& new_description = op.description ? *op.description : description;
    if (new_name == name && new_description == description) {
      return write_outcome{*id, version, false, 0, {}, 0};
    }
    upd_project.bind_text_static(1, *id);
    upd_project.bind_text_static(2, new_name);
    upd_project.bind_text_static(3, new_description);
    upd_project.bind(4, static_cast<int64_t>(version + 1));
    upd_project.bind(5, now);
    if (auto st = run(upd_project, "update project"); !st) return st.error();
    return write_outcome{*id, version + 1, true, 0, {}, now};
  }

  result<write_outcome> run_op(delete_project_op& op) {
    auto id = parse_id(op.id, "project");
    if (!id) return std::move(id).error();
    auto exists = project_exists(*id);
    if (!exists) return std::move(exists).error();
    if (!*exists) return make_failure(errc::not_found, "project " + *id + " not found");
    // Documents leave the project (ON DELETE SET NULL); membership rows cascade.
    del_project.bind_text_static(1, *id);
    if (auto st = run(del_project, "delete project"); !st) return st.error();
    return write_outcome{*id, 0, true, 0, {}, now};
  }

  // One op; exceptions (allocation failure) become failures so nothing escapes the API.
  result<write_outcome> run_guarded(write_op& op) {
    try {
      return std::visit([this](auto& o) { return run_op(o); }, op);
    } catch (const std::exception& e) {
      return make_failure(errc::internal, std::string("store: ") + e.what());
    }
  }

  // One op inside its savepoint.
  result<write_outcome> run_in_savepoint(write_op& op) {
    if (auto st = run(savepoint, "savepoint"); !st) return st.error();
    auto res = run_guarded(op);
    if (!res.ok()) {
      // Undo whatever the op wrote before failing; siblings are untouched.
      (void)run(rollback_to, "rollback to savepoint");
    }
    (void)run(release, "release savepoint");
    return res;
  }

  std::vector<result<write_outcome>> fail_all(std::size_t n, const failure& f) {
    return std::vector<result<write_outcome>>(n, result<write_outcome>(f));
  }

  // The open group (see staged_group above).
  std::optional<staged_group> group;

  // An I/O error or full disk can make SQLite roll the whole transaction back on its own;
  // then none of the group is stored and no op may be acknowledged.
  void check_still_open(staged_group& g) {
    if (g.doomed || sqlite3_get_autocommit(db.get()) == 0) return;
    fts_backlog = g.backlog_before;
    g.doomed = failure{errc::unavailable, "store transaction was rolled back: " + db.last_error()};
  }

  void begin_group(staged_group& g) {
    if (auto st = run(begin, "begin transaction"); !st) g.doomed = st.error();
  }

  void replay_with_savepoints(staged_group& g) {
    (void)run(rollback, "rollback");
    fts_backlog = g.backlog_before;
    g.savepoints = true;
    g.any_failed = false;
    g.out.clear();
    begin_group(g);
    for (auto& op : g.ops) {
      if (g.doomed) return;
      g.out.push_back(run_in_savepoint(op));
      g.any_failed = g.any_failed || !g.out.back().ok();
      check_still_open(g);
    }
  }

  void stage(write_op op) {
    if (!group) {
      group.emplace();
      group->backlog_before = fts_backlog;
      begin_group(*group);
      now = clock();  // one time stamp per group, as one transaction has
    }
    auto& g = *group;
    g.ops.push_back(std::move(op));
    if (g.doomed) return;
    auto& cur = g.ops.back();
    if (g.savepoints) {
      g.out.push_back(run_in_savepoint(cur));
    } else {
      const auto changes = sqlite3_total_changes64(db.get());
      auto res = run_guarded(cur);
      if (!res.ok() && sqlite3_total_changes64(db.get()) != changes) {
        replay_with_savepoints(g);
        return;
      }
      g.out.push_back(std::move(res));
    }
    g.any_failed = g.any_failed || !g.out.back().ok();
    check_still_open(g);
  }

  std::vector<result<write_outcome>> commit_staged() {
    if (!group) return {};
    staged_group g = std::move(*group);
    group.reset();
    auto undo = [&] {
      if (sqlite3_get_autocommit(db.get()) == 0) (void)run(rollback, "rollback");
      fts_backlog = g.backlog_before;
    };
    if (g.doomed) {
      undo();
      return fail_all(g.ops.size(), *g.doomed);
    }
    bound_fts_backlog();
    if (auto st = run(commit, "commit"); !st) {
      undo();
      return fail_all(g.ops.size(), st.error());
    }
    // A rolled-back savepoint may have undone backlog marks counted above.
    if (g.savepoints && g.any_failed) (void)recount_fts_backlog();
    return std::move(g.out);
  }

  std::vector<result<write_outcome>> apply_batch(std::vector<write_op>& ops) {
    for (auto& op : ops) stage(std::move(op));
    return commit_staged();
  }

  // Only reachable when allocating the results themselves fails: nothing is stored.
  std::vector<result<write_outcome>> abandon_group(std::size_t n, const std::exception& e) {
    if (sqlite3_get_autocommit(db.get()) == 0) (void)run(rollback, "rollback");
    if (group) fts_backlog = group->backlog_before;
    group.reset();
    std::vector<result<write_outcome>> out;
    for (std::size_t i = 0; i < n; ++i)
      out.emplace_back(make_failure(errc::internal, std::string("store: ") + e.what()));
    return out;
  }
};

document_store::document_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}

document_store::~document_store() = default;

const store_options& document_store::options() const noexcept {
  return impl_->options;
}

result<std::unique_ptr<document_store>> document_store::open(const std::string& path,
                                                             store_options options) {
  try {
    std::string sync = options.synchronous;
    for (auto& c : sync) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (sync != "FULL" && sync != "NORMAL" && sync != "OFF") {
      return make_failure(errc::invalid_input, "synchronous must be FULL, NORMAL or OFF");
    }
    if (options.wal_autocheckpoint_pages < 0) {
      return make_failure(errc::invalid_input, "wal_autocheckpoint_pages must not be negative");
    }
    if (options.max_content_bytes == 0) {
      return make_failure(errc::invalid_input, "max_content_bytes must be positive");
    }
    // One runtime per database file: a second would serve stale cached documents.
    files::lock_file lock;
    if (options.exclusive && path != ":memory:" && !path.empty() && path.rfind("file:", 0) != 0) {
      auto held = files::lock_file::acquire(path + ".lock");
      if (!held) return std::move(held).error();
      lock = std::move(*held);
    }
    auto conn = connection::open(path);
    if (!conn) return std::move(conn).error();
    auto p = std::make_unique<impl>();
    p->lock = std::move(lock);
    p->db = std::move(*conn);
    if (auto st = register_snippet_function(p->db.get()); !st) return st.error();
    p->options = std::move(options);
    p->options.synchronous = sync;
    sqlite3_busy_timeout(p->db.get(), static_cast<int>(p->options.busy_timeout.count()));
    auto mode = p->db.query_text("PRAGMA journal_mode=WAL");
    if (!mode) return std::move(mode).error();
    if (*mode != "wal") {
      return make_failure(errc::unavailable,
                          "could not switch " + path + " to WAL mode (journal_mode=" + *mode + ")");
    }
    // temp_store=MEMORY keeps the per-op savepoint sub-journal off the file system.
    if (auto st = p->db.exec(
            "PRAGMA synchronous=" + sync + "; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;" +
            " PRAGMA wal_autocheckpoint=" + std::to_string(p->options.wal_autocheckpoint_pages) +
            ";");
        !st) {
      return st.error();
    }
    if (auto st = migrate(p->db); !st) return st.error();
    if (auto st = p->prepare_all(); !st) return st.error();
    if (auto st = p->recount_fts_backlog(); !st) return st.error();
    return std::unique_ptr<document_store>(new document_store(std::move(p)));
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: open: ") + e.what());
  }
}

std::vector<result<write_outcome>> document_store::apply_batch(std::vector<write_op> ops) {
  const std::size_t n = ops.size() + staged();
  try {
    return impl_->apply_batch(ops);
  } catch (const std::exception& e) {
    return impl_->abandon_group(n, e);
  }
}

void document_store::stage(write_op op) {
  try {
    impl_->stage(std::move(op));
  } catch (const std::exception& e) {
    // Allocation failed mid-op: the group cannot be trusted; it fails as a whole.
    if (impl_->group && !impl_->group->doomed)
      impl_->group->doomed = failure{errc::internal, std::string("store: ") + e.what()};
  }
}

std::size_t document_store::staged() const noexcept {
  return impl_->group ? impl_->group->ops.size() : 0;
}

std::vector<result<write_outcome>> document_store::commit_staged() {
  const std::size_t n = staged();
  try {
    return impl_->commit_staged();
  } catch (const std::exception& e) {
    return impl_->abandon_group(n, e);
  }
}

result<write_outcome> document_store::apply(write_op op) {
  std::vector<write_op> ops;
  ops.push_back(std::move(op));
  auto res = apply_batch(std::move(ops));
  if (res.empty()) return make_failure(errc::internal, "store: empty batch result");
  return std::move(res.back());
}

result<document> document_store::get(std::string_view raw_id, bool include_deleted) {
  try {
    auto id = parse_id(raw_id, "document");
    if (!id) return std::move(id).error();
    auto& s = impl_->sel_doc_get;
    statement_guard guard(s);
    s.bind_text_static(1, *id);
    int rc = s.step();
    if (rc == SQLITE_DONE) return doc_not_found(*id);
    if (rc != SQLITE_ROW) return impl_->db.error("get document", rc);
    document d = read_document(s);
    if (d.deleted && !include_deleted) {
      return make_failure(errc::not_found, "document " + *id + " is deleted");
    }
    return d;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

result<document_page> document_store::list(const list_query& q) {
  try {
    if (auto st = validate_paging(q.offset, q.limit); !st) return st.error();
    std::string project_id;
    if (!q.project_id.empty()) {
      auto parsed = parse_id(q.project_id, "project");
      if (!parsed) return std::move(parsed).error();
      project_id = std::move(*parsed);
      auto exists = impl_->project_exists(project_id);
      if (!exists) return std::move(exists).error();
      if (!*exists) return make_failure(errc::not_found, "project " + project_id + " not found");
    }
    std::string after_id;
    if (!q.after_id.empty()) {
      auto parsed = parse_id(q.after_id, "cursor document");
      if (!parsed) return std::move(parsed).error();
      after_id = std::move(*parsed);
      auto d = impl_->load_doc(after_id, false);
      if (!d) return std::move(d).error();
      if (!d->has_value()) {
        return make_failure(errc::not_found, "cursor document " + after_id + " not found");
      }
    }
    std::string where = " WHERE 1";
    if (!project_id.empty()) where += " AND project_id = ?1";
    if (!q.include_deleted) where += " AND deleted = 0";
    const char* order = nullptr;
    const char* after = nullptr;  // the keyset condition, same keys as the order
    switch (q.sort) {
      case document_sort::updated_desc:
        order = " ORDER BY updated_at DESC, seq DESC";
        after = " AND (updated_at, seq) < (SELECT updated_at, seq FROM documents WHERE id = ?4)";
        break;
      case document_sort::created_desc:
        order = " ORDER BY created_at DESC, seq DESC";
        after = " AND (created_at, seq) < (SELECT created_at, seq FROM documents WHERE id = ?4)";
        break;
      case document_sort::title_asc:
        order = " ORDER BY title COLLATE NOCASE, seq";
        after =
            " AND (title COLLATE NOCASE, seq) > (SELECT title, seq FROM documents WHERE id = ?4)";
        break;
      default:
        return make_failure(errc::invalid_input, "unknown sort order");
    }
    document_page page;
    {
      auto count = impl_->db.prepare("SELECT COUNT(*) FROM documents" + where);
      if (!count) return std::move(count).error();
      if (!project_id.empty()) count->bind_text_static(1, project_id);
      int rc = count->step();
      if (rc != SQLITE_ROW) return impl_->db.error("count documents", rc);
      page.total = static_cast<uint64_t>(count->column_int64(0));
    }
    auto s = impl_->db.prepare(
        "SELECT id, project_id, title, content_type, version, created_at, updated_at, "
        "word_count, character_count, deleted FROM documents" +
        where + (after_id.empty() ? "" : after) + order + " LIMIT ?2 OFFSET ?3");
    if (!s) return std::move(s).error();
    if (!project_id.empty()) s->bind_text_static(1, project_id);
    if (!after_id.empty()) s->bind_text_static(4, after_id);
    s->bind(2, static_cast<int64_t>(q.limit));
    s->bind(3, static_cast<int64_t>(q.offset));
    for (;;) {
      int rc = s->step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return impl_->db.error("list documents", rc);
      document_summary d;
      d.id = s->column_text(0);
      d.project_id = s->column_text(1);
      d.title = s->column_text(2);
      d.content_type = s->column_text(3);
      d.version = static_cast<uint64_t>(s->column_int64(4));
      d.created_at = s->column_int64(5);
      d.updated_at = s->column_int64(6);
      d.word_count = static_cast<uint64_t>(s->column_int64(7));
      d.character_count = static_cast<uint64_t>(s->column_int64(8));
      d.deleted = s->column_int64(9) != 0;
      page.items.push_back(std::move(d));
    }
    return page;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

result<std::vector<revision>> document_store::history(std::string_view raw_id, uint32_t offset,
                                                      uint32_t limit) {
  try {
    if (auto st = validate_paging(offset, limit); !st) return st.error();
    auto id = parse_id(raw_id, "document");
    if (!id) return std::move(id).error();
    auto d = impl_->load_doc(*id, false);
    if (!d) return std::move(d).error();
    if (!d->has_value()) return doc_not_found(*id);
    auto s = impl_->db.prepare(
        "SELECT version, title, content, created_at, author FROM revisions "
        "WHERE doc_seq = ?1 ORDER BY version DESC LIMIT ?2 OFFSET ?3");
    if (!s) return std::move(s).error();
    s->bind(1, (*d)->seq);
    s->bind(2, static_cast<int64_t>(limit));
    s->bind(3, static_cast<int64_t>(offset));
    std::vector<revision> out;
    for (;;) {
      int rc = s->step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return impl_->db.error("history", rc);
      revision r;
      r.document_id = (*d)->id;
      r.version = static_cast<uint64_t>(s->column_int64(0));
      r.title = s->column_text(1);
      r.content = s->column_text(2);
      r.created_at = s->column_int64(3);
      r.author = s->column_text(4);
      out.push_back(std::move(r));
    }
    return out;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

result<revision> document_store::get_revision(std::string_view raw_id, uint64_t version) {
  try {
    auto id = parse_id(raw_id, "document");
    if (!id) return std::move(id).error();
    auto& s = impl_->sel_rev_by_id;
    statement_guard guard(s);
    s.bind_text_static(1, *id);
    s.bind(2, static_cast<int64_t>(version));
    int rc = s.step();
    if (rc == SQLITE_DONE) {
      return make_failure(errc::not_found,
                          "document " + *id + " has no version " + std::to_string(version));
    }
    if (rc != SQLITE_ROW) return impl_->db.error("get revision", rc);
    revision r;
    r.document_id = *id;
    r.version = version;
    r.title = s.column_text(0);
    r.content = s.column_text(1);
    r.created_at = s.column_int64(3);
    r.author = s.column_text(4);
    return r;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

result<std::vector<search_hit>> document_store::search(std::string_view query, uint32_t limit) {
  try {
    if (limit < 1 || limit > max_limit) {
      return make_failure(errc::invalid_input, "limit must be between 1 and 1000");
    }
    auto match = build_fts_query(query);
    if (!match) return std::move(match).error();
    if (auto st = impl_->catch_up_fts(); !st) return st.error();
    // Title matches weigh twice as much as content matches. The excerpt is made for the
    // rows returned only, not for every match before the sort.
    auto s = impl_->db.prepare(
        "SELECT d.id, d.title, wm_snippet(documents_fts), top.score "
        "FROM (SELECT documents_fts.rowid AS rid, bm25(documents_fts, 2.0, 1.0) AS score "
        "      FROM documents_fts JOIN documents r ON r.seq = documents_fts.rowid "
        "      WHERE documents_fts MATCH ?1 AND r.deleted = 0 "
        "      ORDER BY score, documents_fts.rowid LIMIT ?2) AS top "
        "JOIN documents d ON d.seq = top.rid "
        "JOIN documents_fts ON documents_fts.rowid = top.rid "
        "WHERE documents_fts MATCH ?1 ORDER BY top.score, top.rid");
    if (!s) return std::move(s).error();
    s->bind_text_static(1, *match);
    s->bind(2, static_cast<int64_t>(limit));
    std::vector<search_hit> out;
    for (;;) {
      int rc = s->step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        // Quoting makes syntax errors impossible in practice; if FTS5 still rejects the
        // expression it is the user's input, not a store fault.
        if ((rc & 0xff) == SQLITE_ERROR) {
          return make_failure(errc::invalid_input,
                              "search query not understood: " + impl_->db.last_error());
        }
        return impl_->db.error("search", rc);
      }
      search_hit h;
      h.document_id = s->column_text(0);
      h.title = s->column_text(1);
      h.snippet = s->column_text(2);
      h.rank = s->column_double(3);
      out.push_back(std::move(h));
    }
    return out;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

result<project> document_store::get_project(std::string_view raw_id) {
  try {
    auto id = parse_id(raw_id, "project");
    if (!id) return std::move(id).error();
    project p;
    {
      auto& s = impl_->sel_project;
      statement_guard guard(s);
      s.bind_text_static(1, *id);
      int rc = s.step();
      if (rc == SQLITE_DONE) return make_failure(errc::not_found, "project " + *id + " not found");
      if (rc != SQLITE_ROW) return impl_->db.error("get project", rc);
      p.id = s.column_text(0);
      p.name = s.column_text(1);
      p.description = s.column_text(2);
      p.version = static_cast<uint64_t>(s.column_int64(3));
      p.created_at = s.column_int64(4);
      p.updated_at = s.column_int64(5);
    }
    auto& docs = impl_->sel_project_docs;
    statement_guard guard(docs);
    docs.bind_text_static(1, p.id);
    for (;;) {
      int rc = docs.step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return impl_->db.error("project documents", rc);
      p.document_ids.push_back(docs.column_text(0));
    }
    return p;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

result<std::vector<project>> document_store::list_projects() {
  try {
    auto s = impl_->db.prepare("SELECT id FROM projects ORDER BY name COLLATE NOCASE, id");
    if (!s) return std::move(s).error();
    std::vector<std::string> ids;
    for (;;) {
      int rc = s->step();
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return impl_->db.error("list projects", rc);
      ids.push_back(s->column_text(0));
    }
    std::vector<project> out;
    for (const auto& id : ids) {
      auto p = get_project(id);
      if (!p) return std::move(p).error();
      out.push_back(std::move(*p));
    }
    return out;
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

std::size_t document_store::fts_backlog() const noexcept {
  return impl_->fts_backlog;
}

result<std::size_t> document_store::index_pending(std::size_t max_docs) {
  try {
    return impl_->index_pending(max_docs);
  } catch (const std::exception& e) {
    return make_failure(errc::internal, std::string("store: ") + e.what());
  }
}

std::string document_store::integrity_check() {
  try {
    if (auto st = impl_->catch_up_fts(); !st) return "fts catch-up: " + st.error().message;
    auto res = impl_->db.query_text("PRAGMA integrity_check");
    if (!res) return res.error().message;
    if (*res != "ok") return *res;
    // The external-content FTS index can drift from the table without SQLite noticing.
    auto fts =
        impl_->db.exec("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')");
    if (!fts) return "fts: " + fts.error().message;
    return "ok";
  } catch (const std::exception& e) {
    return std::string("store: ") + e.what();
  }
}

}  // namespace wm::sqlite
