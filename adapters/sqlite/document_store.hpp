#pragma once
// The durable document store: one SQLite file in WAL mode, owned by one thread (the
// store actor). Writes are staged into one open transaction as they arrive and committed
// as a group (stage / commit_staged, or apply_batch for both); each op's result is
// final only once that transaction is durable.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/sqlite/write_op.hpp"
#include "messages/document.hpp"
#include "messages/result.hpp"

namespace wm::sqlite {

struct store_options {
  // PRAGMA synchronous: "FULL" (durable on power loss), "NORMAL" (durable on process
  // crash, may lose the last commits on power loss) or "OFF".
  std::string synchronous = "FULL";
  // Hold "<path>.lock" while open, so a second runtime cannot open the same database (it
  // would serve documents this one changes from its stale cache). Off only for a second,
  // read-only look at a database some store has open (tests).
  bool exclusive = true;
  std::chrono::milliseconds busy_timeout{5000};
  std::size_t max_content_bytes = 10'485'760;
  // Full-text entries may lag behind committed writes (they are brought up to date when
  // the owner calls index_pending(), and always before search() and integrity_check());
  // past this many documents behind, a write batch catches up part of the backlog itself.
  std::size_t fts_max_backlog = 4096;
  // PRAGMA wal_autocheckpoint, in pages (0: never automatically). A group commit writes
  // tens of pages (rows, revisions, their indexes), so SQLite's default of 1000 ran a
  // checkpoint (a write-back and two more fsyncs, inside the commit that triggered it)
  // every few dozen commits. The WAL file grows to about this many pages.
  int wal_autocheckpoint_pages = 4000;
  // Time source for created_at/updated_at; empty: the system clock.
  std::function<timestamp_ms()> clock;
};

class document_store {
 public:
  static result<std::unique_ptr<document_store>> open(const std::string& path,
                                                      store_options options = {});
  ~document_store();
  document_store(const document_store&) = delete;
  document_store& operator=(const document_store&) = delete;

  // A group commit in two steps, so the owner can do each write's work as it arrives
  // and only the COMMIT waits for the rest of the group. stage() applies op inside the
  // open transaction (BEGIN IMMEDIATE on the first one); nothing is durable and no
  // result final until commit_staged(), which commits and returns every staged op's
  // result in staging order. A failing op leaves its siblings intact (ops that fail
  // before writing need nothing undone; if one fails after writing, the group is replayed
  // with a SAVEPOINT per op). If the transaction cannot begin or commit, every op of the
  // group gets that failure (nothing of it is stored). Reads on this store see staged
  // ops: commit them before reading (full-text catch-up and search refuse until then).
  void stage(write_op op);
  std::size_t staged() const noexcept;
  std::vector<result<write_outcome>> commit_staged();
  // stage() each op, then commit_staged(): ONE transaction (with anything staged before).
  std::vector<result<write_outcome>> apply_batch(std::vector<write_op> ops);
  // A batch of one.
  result<write_outcome> apply(write_op op);

  // not_found for unknown or purged ids, and for soft-deleted ones unless include_deleted.
  result<document> get(std::string_view id, bool include_deleted = false);
  // offset 0..10000, limit 1..1000; invalid_input otherwise. query.after_id pages by
  // keyset (any depth); total counts all matches, before the cursor and paging.
  result<document_page> list(const list_query& query);
  // Newest first. Works for soft-deleted documents; offset/limit as for list().
  result<std::vector<revision>> history(std::string_view id, uint32_t offset = 0,
                                        uint32_t limit = 50);
  result<revision> get_revision(std::string_view id, uint64_t version);
  // FTS5 search over title and content of live documents, best (lowest bm25) first.
  // Snippets wrap matched terms in [ ]. limit 1..1000.
  result<std::vector<search_hit>> search(std::string_view query, uint32_t limit = 20);

  // document_ids lists the project's live documents, oldest membership first.
  result<project> get_project(std::string_view id);
  result<std::vector<project>> list_projects();

  // "ok", or what PRAGMA integrity_check (then the FTS index check) reported.
  std::string integrity_check();

  // Full-text maintenance off the commit path: documents whose index entry is behind.
  std::size_t fts_backlog() const noexcept;
  // Brings up to max_docs of them up to date in a transaction of its own (one that needs
  // no fsync of its own); returns how many it handled. For an owner with idle time.
  result<std::size_t> index_pending(std::size_t max_docs);

  const store_options& options() const noexcept;

 private:
  struct impl;
  explicit document_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace wm::sqlite
