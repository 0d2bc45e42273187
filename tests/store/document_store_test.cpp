#include "adapters/sqlite/document_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <map>
#include <set>
#include <string>

#include "actors/documents/text/word_count.hpp"
#include "adapters/sqlite/content_digest.hpp"
#include "adapters/sqlite/sha256.hpp"
#include "tests/store/temp_dir.hpp"

using namespace wm;
using namespace wm::sqlite;

namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }

  void reopen(store_options opts = {}) {
    store.reset();
    opts.clock = [this] { return ++clock_ms; };  // strictly increasing, deterministic
    auto s = document_store::open(dir.file("docs.db"), opts);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(*s);
  }

  write_outcome create(const std::string& title, const std::string& content,
                       const std::string& project = {}) {
    auto r = store->apply(create_document_op{{}, title, content, "markdown", project, "ann"});
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : write_outcome{};
  }

  test::temp_dir dir;
  std::unique_ptr<document_store> store;
  timestamp_ms clock_ms = 1000;
};

// One store per database file: a second open (here in the same process, as two wm_open calls
// would) is refused while the first is open, naming the holder, and works once it is closed.
TEST_F(StoreTest, ASecondOpenOfTheSameFileIsRefusedUntilTheFirstCloses) {
  auto second = document_store::open(dir.file("docs.db"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, errc::unavailable);
  EXPECT_NE(second.error().message.find("docs.db.lock is held by another runtime (process " +
                                        std::to_string(::getpid()) + ")"),
            std::string::npos)
      << second.error().message;
  store.reset();
  auto again = document_store::open(dir.file("docs.db"));
  EXPECT_TRUE(again.ok()) << again.error().message;
  store_options reader;
  reader.exclusive = false;  // a read-only look beside the holder takes no lock
  EXPECT_TRUE(document_store::open(dir.file("docs.db"), reader).ok());
}

// The stored word count (listings) follows the text statistics' rules, as /stats does.
TEST_F(StoreTest, StoredWordCountsFollowTheTextStatistics) {
  const std::vector<std::string> contents{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "... !!! ???",
                                          "Hello , world \xE2\x80\x94 foo", "w\xF0\x9F\x98\x80rld",
                                          "plain three words"};
  std::map<std::string, std::string> content_of;
  for (const auto& content : contents) content_of[create("t", content).id] = content;
  auto page = store->list(list_query{});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), contents.size());
  for (const auto& item : page->items) {
    const auto& content = content_of.at(item.id);
    EXPECT_EQ(item.word_count, text::count_words(content)) << content;
    if (content == "plain three words") {
      EXPECT_EQ(item.word_count, 3u);
    }
    if (content == "... !!! ???") {
      EXPECT_EQ(item.word_count, 0u);  // was 3: runs of non-space
    }
  }
}

TEST_F(StoreTest, CreateGetRoundTrip) {
  auto w = create("Hello", "Some *markdown* text here");
  EXPECT_EQ(w.version, 1u);
  EXPECT_TRUE(w.changed);
  EXPECT_EQ(w.id.size(), 36u);
  EXPECT_EQ(w.id[14], '4');  // UUID v4
  auto d = store->get(w.id);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->title, "Hello");
  EXPECT_EQ(d->content, "Some *markdown* text here");
  EXPECT_EQ(d->content_type, "markdown");
  EXPECT_EQ(d->content_hash, sha256_hex("Some *markdown* text here"));
  EXPECT_EQ(d->version, 1u);
  EXPECT_EQ(d->created_by, "ann");
  EXPECT_EQ(d->created_at, d->updated_at);
  EXPECT_FALSE(d->deleted);
  EXPECT_TRUE(d->project_id.empty());
}

TEST_F(StoreTest, GeneratedIdsAreUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.insert(create("t", "c").id);
  EXPECT_EQ(ids.size(), 200u);
}

TEST_F(StoreTest, UnknownAndBadIds) {
  auto r = store->get("00000000-0000-4000-8000-000000000000");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::not_found);
  auto bad = store->get("not-a-uuid");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, errc::invalid_input);
  auto upd = store->apply(update_document_op{"zzz", 1, std::string("x"), std::nullopt, ""});
  ASSERT_FALSE(upd.ok());
  EXPECT_EQ(upd.error().code, errc::invalid_input);
}

TEST_F(StoreTest, UppercaseIdFindsDocument) {
  auto w = create("t", "c");
  std::string upper = w.id;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto d = store->get(upper);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->id, w.id);
}

TEST_F(StoreTest, Validation) {
  auto expect_code = [&](write_op op, errc code) {
    auto r = store->apply(std::move(op));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code) << r.error().message;
  };
  expect_code(create_document_op{{}, "", "c", "markdown", {}, {}}, errc::invalid_input);
  expect_code(create_document_op{{}, std::string(256, 'x'), "c", "markdown", {}, {}},
              errc::invalid_input);
  expect_code(create_document_op{{}, "t", "c", "docx", {}, {}}, errc::invalid_input);
  expect_code(create_document_op{{}, "t", "c", "code:", {}, {}}, errc::invalid_input);
  expect_code(create_document_op{{}, "t", "c", "code:C++ ", {}, {}}, errc::invalid_input);
  expect_code(create_document_op{"bad-id", "t", "c", "markdown", {}, {}}, errc::invalid_input);
  expect_code(create_document_op{{}, "t", "c", "markdown", "nope", {}}, errc::invalid_input);
  expect_code(
      create_document_op{{}, "t", "c", "markdown", "00000000-0000-4000-8000-000000000001", {}},
      errc::not_found);
  // 255 code points of a 3-byte character is fine (code points, not bytes, count).
  std::string title;
  for (int i = 0; i < 255; ++i) title += "\xE6\x96\x87";
  EXPECT_TRUE(store->apply(create_document_op{{}, title, "c", "code:c++", {}, {}}).ok());
  EXPECT_TRUE(store->apply(create_document_op{{}, "t", "", "plain_text", {}, {}}).ok());
  for (const char* type : {"html", "json", "yaml", "code:python", "code:c#"}) {
    EXPECT_TRUE(store->apply(create_document_op{{}, "t", "c", type, {}, {}}).ok()) << type;
  }
}

TEST_F(StoreTest, ContentSizeLimit) {
  store_options opts;
  opts.max_content_bytes = 1000;
  reopen(opts);
  auto big = store->apply(create_document_op{{}, "t", std::string(1001, 'a'), "markdown", {}, {}});
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, errc::payload_too_large);
  auto w = create("t", std::string(1000, 'a'));
  auto upd = store->apply(update_document_op{w.id, 1, std::nullopt, std::string(1001, 'b'), {}});
  ASSERT_FALSE(upd.ok());
  EXPECT_EQ(upd.error().code, errc::payload_too_large);
  // find/replace that grows the content past the limit is refused too.
  auto fr = store->apply(find_replace_op{w.id, 1, "a", "aa", true, {}});
  ASSERT_FALSE(fr.ok());
  EXPECT_EQ(fr.error().code, errc::payload_too_large);
  EXPECT_EQ(store->get(w.id)->content, std::string(1000, 'a'));
}

TEST_F(StoreTest, DefaultContentLimitIsTenMebibytes) {
  EXPECT_EQ(store->options().max_content_bytes, 10'485'760u);
  EXPECT_EQ(store->options().synchronous, "FULL");
  auto r =
      store->apply(create_document_op{{}, "t", std::string(10'485'761, 'a'), "markdown", {}, {}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::payload_too_large);
}

TEST_F(StoreTest, BadOptionsAreRejected) {
  store_options opts;
  opts.synchronous = "EXTRA-SAFE";
  auto s = document_store::open(dir.file("other.db"), opts);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, errc::invalid_input);
  store_options negative;
  negative.wal_autocheckpoint_pages = -1;
  auto bad_wal = document_store::open(dir.file("other.db"), negative);
  ASSERT_FALSE(bad_wal.ok());
  EXPECT_EQ(bad_wal.error().code, errc::invalid_input);
  auto missing_dir = document_store::open(dir.file("no/such/dir/x.db"));
  EXPECT_FALSE(missing_dir.ok());
}

TEST_F(StoreTest, UpdateBumpsVersionAndStaleVersionConflicts) {
  auto w = create("t", "one");
  auto u = store->apply(update_document_op{w.id, 1, std::nullopt, std::string("two"), "bob"});
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->version, 2u);
  EXPECT_TRUE(u->changed);
  auto stale = store->apply(update_document_op{w.id, 1, std::nullopt, std::string("x"), {}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, errc::conflict);
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos) << stale.error().message;
  auto ahead = store->apply(update_document_op{w.id, 7, std::nullopt, std::string("x"), {}});
  ASSERT_FALSE(ahead.ok());
  EXPECT_EQ(ahead.error().code, errc::conflict);
  auto d = store->get(w.id);
  EXPECT_EQ(d->content, "two");
  EXPECT_EQ(d->version, 2u);
  EXPECT_EQ(d->updated_by, "bob");
  EXPECT_EQ(d->created_by, "ann");
  EXPECT_GT(d->updated_at, d->created_at);
}

// The document actor hands its digest over with the content (computed off the store's
// thread); the store keeps it as given, with the same result as computing it itself.
TEST_F(StoreTest, UpdateWithTheCallersDigestStoresIt) {
  auto w = create("t", "one");
  const std::string text = "two words and a third";
  update_document_op op{w.id, 1, std::nullopt, text, "bob"};
  op.digest = digest_content(text);
  auto u = store->apply(op);
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->content_hash, sha256_hex(text));
  EXPECT_EQ(store->get(w.id)->content_hash, sha256_hex(text));
  auto counts = [&] {
    auto page = store->list(list_query{});
    EXPECT_TRUE(page.ok() && page->items.size() == 1u);
    return page.ok() && !page->items.empty()
               ? std::pair{page->items[0].word_count, page->items[0].character_count}
               : std::pair<uint64_t, uint64_t>{};
  };
  EXPECT_EQ(counts(), (std::pair<uint64_t, uint64_t>{5u, text.size()}));
  // Without a digest the store computes the same one.
  auto v = store->apply(update_document_op{w.id, 2, std::nullopt, std::string("x y"), {}});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(store->get(w.id)->content_hash, sha256_hex("x y"));
  EXPECT_EQ(counts(), (std::pair<uint64_t, uint64_t>{2u, 3u}));
  // Same content again with its digest: a no-op, as without one.
  update_document_op same{w.id, 3, std::nullopt, std::string("x y"), {}};
  same.digest = digest_content("x y");
  auto n = store->apply(same);
  ASSERT_TRUE(n.ok());
  EXPECT_FALSE(n->changed);
  // Taken as given, not computed again: the store's thread does no hashing or counting.
  update_document_op given{w.id, 3, std::nullopt, std::string("z"), {}};
  given.digest = content_digest{sha256_hex("z"), 42, 7};
  ASSERT_TRUE(store->apply(given).ok());
  EXPECT_EQ(counts(), (std::pair<uint64_t, uint64_t>{42u, 7u}));
}

// A content-only update leaves the title (and its indexes) alone; a retitle in the same
// update moves the document in title order.
TEST_F(StoreTest, ContentAndTitleUpdatesKeepTitleOrder) {
  auto a = create("alpha", "1");
  auto b = create("bravo", "1");
  ASSERT_TRUE(store->apply(update_document_op{a.id, 1, std::nullopt, std::string("2"), {}}).ok());
  ASSERT_TRUE(
      store->apply(update_document_op{b.id, 1, std::string("Aardvark"), std::string("2"), {}})
          .ok());
  list_query q;
  q.sort = document_sort::title_asc;
  auto page = store->list(q);
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "Aardvark");
  EXPECT_EQ(page->items[1].title, "alpha");
  EXPECT_EQ(store->get(a.id)->title, "alpha");
  EXPECT_EQ(store->get(a.id)->content, "2");
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(StoreTest, NoOpUpdateKeepsVersionAndAddsNoRevision) {
  auto w = create("t", "same");
  auto u = store->apply(update_document_op{w.id, 1, std::string("t"), std::string("same"), {}});
  ASSERT_TRUE(u.ok());
  EXPECT_FALSE(u->changed);
  EXPECT_EQ(u->version, 1u);
  auto r = store->apply(rename_document_op{w.id, "t", std::nullopt, {}});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->changed);
  EXPECT_EQ(store->history(w.id)->size(), 1u);
  EXPECT_EQ(store->get(w.id)->version, 1u);
  auto empty = store->apply(update_document_op{w.id, 1, std::nullopt, std::nullopt, {}});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, errc::invalid_input);
}

TEST_F(StoreTest, RenameKeepsContentAndStoresRevision) {
  auto w = create("old", "body");
  auto r = store->apply(rename_document_op{w.id, "new", 1, "cat"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->version, 2u);
  auto rev = store->get_revision(w.id, 2);
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev->title, "new");
  EXPECT_EQ(rev->content, "body");
  EXPECT_EQ(rev->author, "cat");
  auto stale = store->apply(rename_document_op{w.id, "newer", 1, {}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, errc::conflict);
}

TEST_F(StoreTest, RevisionsHistoryAndRestore) {
  auto w = create("t", "v1");
  ASSERT_TRUE(store->apply(update_document_op{w.id, 1, std::nullopt, std::string("v2"), {}}).ok());
  ASSERT_TRUE(store->apply(update_document_op{w.id, 2, std::nullopt, std::string("v3"), {}}).ok());
  auto h = store->history(w.id);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].version, 3u);  // newest first
  EXPECT_EQ((*h)[0].content, "v3");
  EXPECT_EQ((*h)[2].content, "v1");
  auto page = store->history(w.id, 1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].version, 2u);
  EXPECT_EQ(store->history(w.id, 0, 0).error().code, errc::invalid_input);
  EXPECT_EQ(store->history(w.id, 10001, 5).error().code, errc::invalid_input);

  auto restored = store->apply(restore_revision_op{w.id, 1, 3, "eve"});
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->version, 4u);
  EXPECT_TRUE(restored->changed);
  auto d = store->get(w.id);
  EXPECT_EQ(d->content, "v1");
  EXPECT_EQ(d->version, 4u);
  EXPECT_EQ(d->content_hash, sha256_hex("v1"));
  EXPECT_EQ(store->get_revision(w.id, 4)->content, "v1");
  // Restoring the version that is already current is a no-op.
  auto again = store->apply(restore_revision_op{w.id, 4, std::nullopt, {}});
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(store->get(w.id)->version, 4u);
  auto missing = store->apply(restore_revision_op{w.id, 99, std::nullopt, {}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::not_found);
  auto stale = store->apply(restore_revision_op{w.id, 2, 3, {}});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, errc::conflict);
  EXPECT_EQ(store->get_revision(w.id, 42).error().code, errc::not_found);
}

TEST_F(StoreTest, SoftDeleteUndeleteAndPurge) {
  auto w = create("t", "body");
  auto del = store->apply(delete_document_op{w.id, std::nullopt});
  ASSERT_TRUE(del.ok());
  EXPECT_TRUE(del->changed);
  EXPECT_EQ(store->get(w.id).error().code, errc::not_found);
  auto hidden = store->get(w.id, true);
  ASSERT_TRUE(hidden.ok());
  EXPECT_TRUE(hidden->deleted);
  EXPECT_EQ(store->list({})->total, 0u);
  list_query with_deleted;
  with_deleted.include_deleted = true;
  EXPECT_EQ(store->list(with_deleted)->total, 1u);
  // A deleted document takes no edits.
  auto upd = store->apply(update_document_op{w.id, 1, std::nullopt, std::string("x"), {}});
  ASSERT_FALSE(upd.ok());
  EXPECT_EQ(upd.error().code, errc::not_found);
  EXPECT_FALSE(store->apply(delete_document_op{w.id, std::nullopt})->changed);

  ASSERT_TRUE(store->apply(undelete_document_op{w.id}).ok());
  EXPECT_TRUE(store->get(w.id).ok());
  EXPECT_EQ(store->get(w.id)->version, 1u);  // delete/undelete is not a content change

  ASSERT_TRUE(store->apply(purge_document_op{w.id}).ok());
  EXPECT_EQ(store->get(w.id, true).error().code, errc::not_found);
  EXPECT_EQ(store->history(w.id).error().code, errc::not_found);
  EXPECT_EQ(store->get_revision(w.id, 1).error().code, errc::not_found);
  EXPECT_EQ(store->apply(purge_document_op{w.id}).error().code, errc::not_found);
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(StoreTest, ListPagingSortingAndValidation) {
  std::vector<std::string> ids;
  const char* titles[] = {"delta", "Alpha", "charlie", "bravo", "echo"};
  for (const char* t : titles) ids.push_back(create(t, std::string("content of ") + t).id);
  // Touch "delta" last so it is the most recently updated.
  ASSERT_TRUE(store->apply(rename_document_op{ids[0], "delta!", std::nullopt, {}}).ok());

  list_query q;
  q.limit = 2;
  auto p1 = store->list(q);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->total, 5u);
  ASSERT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p1->items[0].title, "delta!");
  EXPECT_EQ(p1->items[1].title, "echo");
  q.offset = 4;
  auto p3 = store->list(q);
  ASSERT_EQ(p3->items.size(), 1u);
  EXPECT_EQ(p3->items[0].title, "Alpha");

  list_query by_title;
  by_title.sort = document_sort::title_asc;
  auto t = store->list(by_title);
  ASSERT_EQ(t->items.size(), 5u);
  EXPECT_EQ(t->items[0].title, "Alpha");  // case-insensitive
  EXPECT_EQ(t->items[1].title, "bravo");
  EXPECT_EQ(t->items[4].title, "echo");

  list_query by_created;
  by_created.sort = document_sort::created_desc;
  auto c = store->list(by_created);
  EXPECT_EQ(c->items[0].title, "echo");
  EXPECT_EQ(c->items[4].title, "delta!");
  EXPECT_EQ(c->items[4].word_count, 3u);
  EXPECT_EQ(c->items[4].character_count, std::string("content of delta").size());

  list_query bad;
  bad.limit = 0;
  EXPECT_EQ(store->list(bad).error().code, errc::invalid_input);
  bad.limit = 1001;
  EXPECT_EQ(store->list(bad).error().code, errc::invalid_input);
  bad.limit = 1000;
  bad.offset = 10001;
  EXPECT_EQ(store->list(bad).error().code, errc::invalid_input);
  bad.offset = 10000;
  auto edge = store->list(bad);
  ASSERT_TRUE(edge.ok());
  EXPECT_TRUE(edge->items.empty());
  EXPECT_EQ(edge->total, 5u);
  bad.sort = static_cast<document_sort>(9);
  EXPECT_EQ(store->list(bad).error().code, errc::invalid_input);
}

TEST_F(StoreTest, ProjectsMembershipAndMove) {
  auto p = store->apply(create_project_op{{}, "Novel", "my book"});
  ASSERT_TRUE(p.ok()) << p.error().message;
  auto a = create("chapter 1", "text", p->id);
  auto b = create("loose", "text");
  list_query q;
  q.project_id = p->id;
  EXPECT_EQ(store->list(q)->total, 1u);
  auto mv = store->apply(move_document_op{b.id, p->id, std::nullopt});
  ASSERT_TRUE(mv.ok()) << mv.error().message;
  EXPECT_EQ(mv->version, 1u);  // a move is not a content change
  EXPECT_EQ(store->list(q)->total, 2u);
  auto proj = store->get_project(p->id);
  ASSERT_TRUE(proj.ok());
  EXPECT_EQ(proj->name, "Novel");
  EXPECT_EQ(proj->document_ids, (std::vector<std::string>{a.id, b.id}));
  EXPECT_EQ(store->get(b.id)->project_id, p->id);

  ASSERT_TRUE(store->apply(move_document_op{a.id, "", std::nullopt}).ok());
  EXPECT_TRUE(store->get(a.id)->project_id.empty());
  EXPECT_EQ(store->get_project(p->id)->document_ids, std::vector<std::string>{b.id});

  auto up = store->apply(update_project_op{p->id, 1, std::string("Saga"), std::nullopt});
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->version, 2u);
  EXPECT_EQ(store->apply(update_project_op{p->id, 1, std::string("X"), std::nullopt}).error().code,
            errc::conflict);
  EXPECT_EQ(store->apply(create_project_op{{}, "", ""}).error().code, errc::invalid_input);
  EXPECT_EQ(store->apply(create_project_op{{}, std::string(101, 'n'), ""}).error().code,
            errc::invalid_input);
  EXPECT_EQ(
      store->apply(move_document_op{a.id, "00000000-0000-4000-8000-00000000000f", std::nullopt})
          .error()
          .code,
      errc::not_found);

  ASSERT_TRUE(store->apply(delete_project_op{p->id}).ok());
  EXPECT_EQ(store->get_project(p->id).error().code, errc::not_found);
  EXPECT_TRUE(store->get(b.id)->project_id.empty());
  EXPECT_EQ(store->list(q).error().code, errc::not_found);
  EXPECT_EQ(store->list_projects()->size(), 0u);
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(StoreTest, FindAndReplace) {
  auto w = create("t", "the cat sat on the mat with the hat");
  auto one = store->apply(find_replace_op{w.id, 1, "the", "a", false, "ed"});
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->replacements, 1u);
  EXPECT_EQ(one->version, 2u);
  EXPECT_EQ(store->get(w.id)->content, "a cat sat on the mat with the hat");
  auto all = store->apply(find_replace_op{w.id, 2, "the", "THE", true, {}});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->replacements, 2u);
  EXPECT_EQ(store->get(w.id)->content, "a cat sat on THE mat with THE hat");
  auto none = store->apply(find_replace_op{w.id, 3, "dog", "cow", true, {}});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->replacements, 0u);
  EXPECT_FALSE(none->changed);
  EXPECT_EQ(store->get(w.id)->version, 3u);
  EXPECT_EQ(store->apply(find_replace_op{w.id, 1, "a", "b", true, {}}).error().code,
            errc::conflict);
  EXPECT_EQ(store->apply(find_replace_op{w.id, 3, "", "b", true, {}}).error().code,
            errc::invalid_input);
  // Replacing a string by itself is no real change.
  auto same = store->apply(find_replace_op{w.id, 3, "cat", "cat", true, {}});
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->changed);
  EXPECT_EQ(store->get(w.id)->version, 3u);
}

// The excerpt: a window of 16 tokens from 3 before the first content hit, every hit in it
// bracketed, "..." where text was cut; the title's when the content has no hit.
TEST_F(StoreTest, SnippetsAreAWindowAroundTheFirstContentHit) {
  create("zebra in the title",
         "one two three four five six seven eight nine ten zebra eleven twelve zebra "
         "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone");
  create("another zebra", "nothing \xC3\xA9l\xC3\xA8ve here");
  auto hits = store->search("zebra");
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->size(), 2u);
  std::map<std::string, std::string> by_title;
  for (const auto& h : *hits) by_title[h.title] = h.snippet;
  EXPECT_EQ(by_title["zebra in the title"],
            "...eight nine ten [zebra] eleven twelve [zebra] thirteen fourteen fifteen sixteen "
            "seventeen eighteen nineteen twenty twentyone");
  EXPECT_EQ(by_title["another zebra"], "another [zebra]");
  auto accented = store->search("eleve");  // diacritics removed by the tokenizer
  ASSERT_TRUE(accented.ok());
  ASSERT_EQ(accented->size(), 1u);
  EXPECT_EQ((*accented)[0].snippet, "nothing [\xC3\xA9l\xC3\xA8ve] here");
}

// FTS5's snippet() compares every hit of a row with every other: 40,000 hits in one document
// took 26 s, and the store answered nothing else meanwhile. The excerpt is linear in hits.
TEST_F(StoreTest, ADocumentWithTensOfThousandsOfHitsGetsItsSnippet) {
  std::string content;
  for (int i = 0; i < 60'000; ++i) content += "word ";
  create("repetitive", content);
  auto hits = store->search("word");
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);
  std::string expected;
  for (int i = 0; i < 16; ++i) expected += i == 0 ? "[word]" : " [word]";
  EXPECT_EQ((*hits)[0].snippet, expected + "...");
}

TEST_F(StoreTest, SearchRanksMoreOccurrencesFirstWithSnippets) {
  auto few = create("first", "a note that mentions zebra once among many other words here");
  auto many = create("second", "zebra zebra zebra: the zebra is a striped zebra");
  auto none = create("third", "nothing to see");
  auto hits = store->search("zebra");
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].document_id, many.id);
  EXPECT_EQ((*hits)[1].document_id, few.id);
  EXPECT_LT((*hits)[0].rank, (*hits)[1].rank);
  EXPECT_NE((*hits)[0].snippet.find("[zebra]"), std::string::npos) << (*hits)[0].snippet;
  EXPECT_NE((*hits)[1].snippet.find("[zebra]"), std::string::npos);
  EXPECT_EQ((*hits)[0].title, "second");

  // Prefix search and AND of terms.
  EXPECT_EQ(store->search("zeb*")->size(), 2u);
  auto both = store->search("striped zebra");
  ASSERT_EQ(both->size(), 1u);
  EXPECT_EQ((*both)[0].document_id, many.id);
  // Titles are searchable.
  auto by_title = store->search("third");
  ASSERT_EQ(by_title->size(), 1u);
  EXPECT_EQ((*by_title)[0].document_id, none.id);

  // The index follows updates and deletes.
  ASSERT_TRUE(
      store->apply(update_document_op{none.id, 1, std::nullopt, std::string("now a zebra too"), {}})
          .ok());
  EXPECT_EQ(store->search("zebra")->size(), 3u);
  EXPECT_EQ(store->search("nothing")->size(), 0u);
  ASSERT_TRUE(store->apply(delete_document_op{many.id, std::nullopt}).ok());
  EXPECT_EQ(store->search("zebra")->size(), 2u);
  ASSERT_TRUE(store->apply(purge_document_op{few.id}).ok());
  EXPECT_EQ(store->search("zebra")->size(), 1u);
  EXPECT_EQ(store->search("zebra", 0).error().code, errc::invalid_input);
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(StoreTest, SearchInjectionIsHarmless) {
  create("t", "foo AND bar OR baz (quoted) \"text\" NEAR col:value");
  const char* nasty[] = {"\"foo", "AND OR (",     "foo\"",     ")",          "*",
                         "NEAR(", "title:foo",    "foo OR",    "\"\"\"",     "^foo",
                         "-foo",  "foo - bar",    "col:value", "{title}: x", "a\"b\"c",
                         "(((",   "foo AND (bar", "\xff\xfe",  "\xe2\x82",   "NOT"};
  for (const char* q : nasty) {
    auto r = store->search(q);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, errc::invalid_input) << q << ": " << r.error().message;
    }
  }
  // Operators are plain words, so they match the words themselves.
  auto ops = store->search("AND OR (");
  ASSERT_TRUE(ops.ok());
  EXPECT_EQ(ops->size(), 1u);
  auto quote = store->search("\"foo");
  ASSERT_TRUE(quote.ok());
  EXPECT_EQ(quote->size(), 1u);
  EXPECT_EQ(store->search("").error().code, errc::invalid_input);
  EXPECT_EQ(store->search("   \t").error().code, errc::invalid_input);
  EXPECT_EQ(store->search(std::string(2000, 'a')).error().code, errc::invalid_input);
  std::string embedded_nul("foo\0bar", 7);
  auto nul = store->search(embedded_nul);
  EXPECT_TRUE(nul.ok() || nul.error().code == errc::invalid_input);
}

TEST_F(StoreTest, InvalidUtf8NeverCrashes) {
  std::string junk = "ok \xff\xfe\xc3 \xe2\x82 end";
  auto w = store->apply(create_document_op{{}, "t\xff", junk, "plain_text", {}, {}});
  ASSERT_TRUE(w.ok()) << w.error().message;
  auto d = store->get(w->id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->content, junk);
  EXPECT_TRUE(store->search("ok").ok());
  (void)store->search("\xff");  // must not crash; either answer is fine
}

TEST_F(StoreTest, BatchWithFailingOpCommitsTheOthers) {
  auto existing = create("t", "v1");
  std::vector<write_op> ops;
  ops.push_back(create_document_op{{}, "a", "first", "markdown", {}, {}});
  ops.push_back(update_document_op{existing.id, 5, std::nullopt, std::string("x"), {}});  // stale
  ops.push_back(create_document_op{{}, "", "bad title", "markdown", {}, {}});
  ops.push_back(update_document_op{existing.id, 1, std::nullopt, std::string("v2"), {}});
  // Same document twice in one batch: the second sees the first's version.
  ops.push_back(update_document_op{existing.id, 2, std::nullopt, std::string("v3"), {}});
  ops.push_back(purge_document_op{"00000000-0000-4000-8000-000000000000"});
  auto res = store->apply_batch(std::move(ops));
  ASSERT_EQ(res.size(), 6u);
  ASSERT_TRUE(res[0].ok());
  EXPECT_EQ(res[1].error().code, errc::conflict);
  EXPECT_EQ(res[2].error().code, errc::invalid_input);
  ASSERT_TRUE(res[3].ok());
  EXPECT_EQ(res[3]->version, 2u);
  ASSERT_TRUE(res[4].ok());
  EXPECT_EQ(res[4]->version, 3u);
  EXPECT_EQ(res[5].error().code, errc::not_found);
  EXPECT_EQ(store->get(res[0]->id)->content, "first");
  EXPECT_EQ(store->get(existing.id)->content, "v3");
  EXPECT_EQ(store->history(existing.id)->size(), 3u);
  EXPECT_EQ(store->list({})->total, 2u);
  EXPECT_TRUE(store->apply_batch({}).empty());
}

TEST_F(StoreTest, CallerChosenIdsAndDuplicateCreate) {
  const std::string id = "123e4567-e89b-42d3-a456-426614174000";
  std::vector<write_op> ops;
  ops.push_back(create_document_op{id, "t", "one", "markdown", {}, {}});
  ops.push_back(update_document_op{id, 1, std::nullopt, std::string("two"), {}});
  ops.push_back(create_document_op{id, "t", "dup", "markdown", {}, {}});
  auto res = store->apply_batch(std::move(ops));
  ASSERT_TRUE(res[0].ok());
  ASSERT_TRUE(res[1].ok());
  EXPECT_EQ(res[2].error().code, errc::conflict);
  EXPECT_EQ(store->get(id)->content, "two");
}

TEST_F(StoreTest, DataSurvivesReopen) {
  auto w = create("persist", "durable words");
  ASSERT_TRUE(store->apply(update_document_op{w.id, 1, std::nullopt, std::string("v2"), {}}).ok());
  auto p = store->apply(create_project_op{{}, "P", ""});
  ASSERT_TRUE(p.ok());
  store_options opts;
  opts.synchronous = "normal";
  reopen(opts);
  EXPECT_EQ(store->options().synchronous, "NORMAL");
  auto d = store->get(w.id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->content, "v2");
  EXPECT_EQ(d->version, 2u);
  EXPECT_EQ(store->history(w.id)->size(), 2u);
  EXPECT_EQ(store->search("v2")->size(), 1u);
  EXPECT_TRUE(store->get_project(p->id).ok());
  EXPECT_EQ(store->integrity_check(), "ok");
}

// The index lags behind writes (off the commit path) but search never sees the lag.
TEST_F(StoreTest, FullTextIndexCatchesUpBeforeSearch) {
  auto a = create("alpha", "original zebra words");
  auto b = create("beta", "plain text");
  EXPECT_EQ(store->fts_backlog(), 2u);
  ASSERT_TRUE(store->apply(update_document_op{a.id, 1, std::nullopt, std::string("giraffe"), {}}));
  EXPECT_EQ(store->fts_backlog(), 2u);  // still two documents behind
  EXPECT_EQ(store->search("giraffe")->size(), 1u);
  EXPECT_TRUE(store->search("zebra")->empty());  // the old text left the index
  EXPECT_EQ(store->fts_backlog(), 0u);

  // Backlog marks are durable: a reopen finds them and search still catches up.
  auto c = create("gamma", "okapi");
  ASSERT_TRUE(store->apply(rename_document_op{b.id, "beta renamed", std::nullopt, {}}).ok());
  reopen();
  EXPECT_EQ(store->fts_backlog(), 2u);
  auto one = store->index_pending(1);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, 1u);
  EXPECT_EQ(store->fts_backlog(), 1u);
  EXPECT_EQ(store->search("okapi")->size(), 1u);
  EXPECT_EQ(store->search("renamed")->size(), 1u);

  // Purge takes the entry out whether it is current or still behind.
  ASSERT_TRUE(store->apply(update_document_op{c.id, 1, std::nullopt, std::string("lynx"), {}}));
  EXPECT_EQ(store->fts_backlog(), 1u);
  ASSERT_TRUE(store->apply(purge_document_op{c.id}).ok());  // behind
  ASSERT_TRUE(store->apply(purge_document_op{b.id}).ok());  // current
  EXPECT_EQ(store->fts_backlog(), 0u);
  EXPECT_TRUE(store->search("lynx")->empty());
  EXPECT_TRUE(store->search("okapi")->empty());
  EXPECT_TRUE(store->search("renamed")->empty());
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(StoreTest, WriteBatchesKeepTheIndexBacklogBounded) {
  store_options opts;
  opts.fts_max_backlog = 3;
  reopen(opts);
  for (int i = 0; i < 20; ++i) {
    create("doc " + std::to_string(i), "word" + std::to_string(i));
    EXPECT_LE(store->fts_backlog(), 3u);
  }
  EXPECT_EQ(store->integrity_check(), "ok");
  EXPECT_EQ(store->search("word7")->size(), 1u);
}

// Most failing ops fail before writing and need no savepoint; one that fails after its
// first write (here: a trigger refuses its revision row) must still leave no trace and
// not fail its siblings, whether the group comes as one batch or is staged op by op.
class OpFailingAfterWrite : public StoreTest, public ::testing::WithParamInterface<bool> {
 protected:
  std::vector<result<write_outcome>> run(std::vector<write_op> ops) {
    if (!GetParam()) return store->apply_batch(std::move(ops));
    for (auto& op : ops) store->stage(std::move(op));
    return store->commit_staged();
  }
};

TEST_P(OpFailingAfterWrite, IsUndoneAndItsSiblingsKeepTheirResults) {
  auto existing = create("t", "v1");
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file("docs.db").c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "CREATE TRIGGER refuse_boom BEFORE INSERT ON revisions "
                           "WHEN new.title = 'boom' BEGIN SELECT RAISE(ABORT, 'no boom'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  std::vector<write_op> ops;
  ops.push_back(create_document_op{{}, "a", "first", "markdown", {}, {}});
  ops.push_back(update_document_op{existing.id, 1, std::string("boom"), std::string("v2"), {}});
  ops.push_back(update_document_op{existing.id, 1, std::nullopt, std::string("v2b"), {}});
  ops.push_back(create_document_op{{}, "boom", "never", "markdown", {}, {}});
  auto res = run(std::move(ops));
  ASSERT_EQ(res.size(), 4u);
  ASSERT_TRUE(res[0].ok()) << res[0].error().message;
  EXPECT_FALSE(res[1].ok());
  ASSERT_TRUE(res[2].ok()) << res[2].error().message;  // saw version 1: [1] left nothing
  EXPECT_EQ(res[2]->version, 2u);
  EXPECT_FALSE(res[3].ok());
  auto d = store->get(existing.id);
  EXPECT_EQ(d->title, "t");
  EXPECT_EQ(d->content, "v2b");
  EXPECT_EQ(store->history(existing.id)->size(), 2u);
  EXPECT_EQ(store->list({})->total, 2u);
  EXPECT_EQ(store->fts_backlog(), 2u);  // existing + the first create
  EXPECT_EQ(store->search("first")->size(), 1u);
  EXPECT_TRUE(store->search("never")->empty());
  EXPECT_EQ(store->integrity_check(), "ok");
}

INSTANTIATE_TEST_SUITE_P(BatchedOrStaged, OpFailingAfterWrite, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "staged" : "batched"; });

// The version another connection (any reader of the file) sees; 0: no such document.
uint64_t version_seen_from_outside(const std::string& path, const std::string& id) {
  sqlite3* raw = nullptr;
  uint64_t version = 0;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT version FROM documents WHERE id = ?1", -1, &st, nullptr);
    sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW)
      version = static_cast<uint64_t>(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(raw);
  return version;
}

TEST_F(StoreTest, StagedWritesAreNeitherDurableNorVisibleUntilCommitted) {
  auto d = create("t", "v1");
  const auto path = dir.file("docs.db");
  EXPECT_EQ(store->staged(), 0u);
  store->stage(update_document_op{d.id, 1, std::nullopt, std::string("v2"), {}});
  store->stage(update_document_op{d.id, 2, std::nullopt, std::string("v3"), {}});
  store->stage(update_document_op{d.id, 2, std::nullopt, std::string("stale"), {}});
  EXPECT_EQ(store->staged(), 3u);
  EXPECT_EQ(version_seen_from_outside(path, d.id), 1u);
  // The full-text catch-up runs in a transaction of its own: not inside an open group.
  auto refused = store->index_pending(10);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("committed first"), std::string::npos);

  auto res = store->commit_staged();
  ASSERT_EQ(res.size(), 3u);
  ASSERT_TRUE(res[0].ok() && res[1].ok());
  EXPECT_EQ(res[1]->version, 3u);
  EXPECT_EQ(res[2].error().code, errc::conflict);
  EXPECT_EQ(store->staged(), 0u);
  EXPECT_EQ(version_seen_from_outside(path, d.id), 3u);
  EXPECT_TRUE(store->commit_staged().empty());  // nothing staged: nothing to commit

  // Staged and never committed: gone when the store closes.
  store->stage(update_document_op{d.id, 3, std::nullopt, std::string("lost"), {}});
  reopen();
  EXPECT_EQ(store->get(d.id)->content, "v3");
  EXPECT_EQ(store->integrity_check(), "ok");
}

TEST_F(StoreTest, ListPagesByKeysetInEverySortOrder) {
  for (int i = 0; i < 7; ++i) create(std::string(1, static_cast<char>('g' - i)) + " doc", "x");
  for (auto sort :
       {document_sort::updated_desc, document_sort::created_desc, document_sort::title_asc}) {
    list_query all;
    all.sort = sort;
    all.limit = 100;
    auto whole = store->list(all);
    ASSERT_TRUE(whole.ok());
    std::vector<std::string> paged;
    list_query q = all;
    q.limit = 3;
    for (;;) {
      auto page = store->list(q);
      ASSERT_TRUE(page.ok()) << page.error().message;
      EXPECT_EQ(page->total, 7u);
      for (auto& d : page->items) paged.push_back(d.id);
      if (page->items.size() < q.limit) break;
      q.after_id = page->items.back().id;
    }
    std::vector<std::string> ids;
    for (auto& d : whole->items) ids.push_back(d.id);
    EXPECT_EQ(paged, ids);
  }
  list_query q;
  q.after_id = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(store->list(q).error().code, errc::not_found);
  q.after_id = "nope";
  EXPECT_EQ(store->list(q).error().code, errc::invalid_input);
}

}  // namespace
