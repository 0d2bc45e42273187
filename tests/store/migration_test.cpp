// A database as the previous schema (version 2: revisions keyed by the document's text
// UUID) left it, with a full-text entry still behind, opened by this build: the upgrade
// keeps every revision listable and restorable, search exact, purge complete.
#include <gtest/gtest.h>

#include <string>

#include "adapters/sqlite/document_store.hpp"
#include "adapters/sqlite/schema.hpp"
#include "adapters/sqlite/sha256.hpp"
#include "adapters/sqlite/sqlite_handle.hpp"
#include "tests/store/temp_dir.hpp"

using namespace wm;
using namespace wm::sqlite;

namespace {

constexpr const char* id_a = "0b9c3d6e-1f2a-4b5c-8d7e-9f0a1b2c3d4e";
constexpr const char* id_b = "1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f";

std::string quoted(const std::string& s) {
  return "'" + s + "'";
}

std::string doc_row(const char* id, const std::string& title, const std::string& content,
                    int version) {
  return "INSERT INTO documents(id, title, content, content_type, content_hash, version, "
         "created_at, updated_at) VALUES (" +
         quoted(id) + ", " + quoted(title) + ", " + quoted(content) + ", 'markdown', " +
         quoted(sha256_hex(content)) + ", " + std::to_string(version) + ", 100, 200);";
}

std::string revision_row(const char* id, int version, const std::string& title,
                         const std::string& content) {
  return "INSERT INTO revisions(document_id, version, title, content, content_hash, "
         "created_at, author) VALUES (" +
         quoted(id) + ", " + std::to_string(version) + ", " + quoted(title) + ", " +
         quoted(content) + ", " + quoted(sha256_hex(content)) + ", " +
         std::to_string(100 * version) + ", 'old');";
}

int64_t count(connection& db, const std::string& sql) {
  auto n = db.query_int(sql);
  EXPECT_TRUE(n.ok()) << n.error().message;
  return n.ok() ? *n : -1;
}

// Version 2 as its build wrote it: A (2 versions, never indexed) and B (at version 2
// while its index entry still holds version 1's text).
void write_v2_database(const std::string& path) {
  auto db = connection::open(path);
  ASSERT_TRUE(db.ok()) << db.error().message;
  ASSERT_TRUE(db->exec("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;").ok());
  auto st = migrate_to(*db, 2);
  ASSERT_TRUE(st.ok()) << st.error().message;
  std::string sql = "BEGIN;";
  sql += doc_row(id_a, "Alpha", "alpha second draft", 2);
  sql += revision_row(id_a, 1, "Alpha", "alpha first draft");
  sql += revision_row(id_a, 2, "Alpha", "alpha second draft");
  sql += doc_row(id_b, "Bravo", "bravo fresh words", 2);
  sql += revision_row(id_b, 1, "Bravo", "bravo stale words");
  sql += revision_row(id_b, 2, "Bravo", "bravo fresh words");
  sql +=
      "INSERT INTO documents_fts(rowid, title, content) SELECT seq, 'Bravo', 'bravo stale words' "
      "FROM documents WHERE id = " +
      quoted(id_b) + ";";
  sql +=
      "INSERT INTO fts_pending(seq, indexed_version) SELECT seq, NULL FROM documents WHERE id = " +
      quoted(id_a) + ";";
  sql += "INSERT INTO fts_pending(seq, indexed_version) SELECT seq, 1 FROM documents WHERE id = " +
         quoted(id_b) + ";";
  sql += "COMMIT;";
  auto wrote = db->exec(sql);
  ASSERT_TRUE(wrote.ok()) << wrote.error().message;
  EXPECT_EQ(count(*db, "PRAGMA user_version"), 2);
}

TEST(StoreMigration, VersionTwoDatabaseIsUpgradedWithEveryRevision) {
  test::temp_dir dir;
  const std::string path = dir.file("v2.db");
  write_v2_database(path);
  if (::testing::Test::HasFatalFailure()) return;

  auto opened = document_store::open(path);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto& store = **opened;
  EXPECT_EQ(store.fts_backlog(), 2u);
  // Migration 4 recounted the words (the rows were written with 0).
  auto listed = store.list(list_query{});
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  for (const auto& item : listed->items) EXPECT_EQ(item.word_count, 3u) << item.title;

  auto history = store.history(id_a);
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].version, 2u);
  EXPECT_EQ((*history)[0].document_id, id_a);
  EXPECT_EQ((*history)[0].content, "alpha second draft");
  EXPECT_EQ((*history)[1].content, "alpha first draft");
  EXPECT_EQ((*history)[1].author, "old");
  auto rev = store.get_revision(id_a, 1);
  ASSERT_TRUE(rev.ok()) << rev.error().message;
  EXPECT_EQ(rev->content, "alpha first draft");
  EXPECT_EQ(rev->created_at, 100);
  EXPECT_EQ(store.get_revision(id_a, 3).error().code, errc::not_found);

  // B's stale entry comes out with the text of version 1 (found by the new key).
  EXPECT_TRUE(store.search("stale")->empty());
  ASSERT_EQ(store.search("fresh")->size(), 1u);
  EXPECT_EQ(store.search("fresh")->front().document_id, id_b);
  ASSERT_EQ(store.search("second")->size(), 1u);

  auto restored = store.apply(restore_revision_op{id_a, 1, 2, "me"});
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->version, 3u);
  EXPECT_EQ(store.get(id_a)->content, "alpha first draft");
  EXPECT_EQ(store.history(id_a)->size(), 3u);
  auto stale = store.apply(update_document_op{id_a, 2, std::nullopt, std::string("late"), {}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, errc::conflict);
  EXPECT_TRUE(store.search("second")->empty());
  ASSERT_EQ(store.search("first")->size(), 1u);

  ASSERT_TRUE(store.apply(purge_document_op{id_b}).ok());
  EXPECT_EQ(store.history(id_b).error().code, errc::not_found);
  EXPECT_TRUE(store.search("fresh")->empty());
  EXPECT_EQ(store.integrity_check(), "ok");
  opened->reset();

  auto db = connection::open(path);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(count(*db, "PRAGMA user_version"), current_schema_version());
  // B's revisions went with it (ON DELETE CASCADE on the integer key); A keeps its 3.
  EXPECT_EQ(count(*db, "SELECT COUNT(*) FROM revisions"), 3);
  EXPECT_EQ(count(*db,
                  "SELECT COUNT(*) FROM revisions r JOIN documents d ON d.seq = r.doc_seq "
                  "WHERE d.id = '" +
                      std::string(id_a) + "'"),
            3);
}

}  // namespace
