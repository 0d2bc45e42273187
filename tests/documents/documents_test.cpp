// The documents service through real actors (router, document actors, store actor) on a
// real SQLite file: CRUD, optimistic concurrency, revisions, patches, search, stats,
// passivation, crash of a document actor, input errors, concurrency and restart.
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "adapters/sqlite/sha256.hpp"
#include "runtime/config/config.hpp"
#include "tests/documents/doc_node.hpp"
#include "tests/support/eventually.hpp"

namespace wm {
namespace {

using test::doc_node;
using test::quick_options;
using test::temp_dir;

class documents : public ::testing::Test {
 protected:
  temp_dir dir;
};

TEST_F(documents, create_get_update) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("First", "Hello world");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->version, 1u);
  EXPECT_EQ(d->title, "First");
  EXPECT_EQ(d->content_type, "markdown");
  EXPECT_EQ(d->id.size(), 36u);
  auto got = n.get(d->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content, "Hello world");
  EXPECT_EQ(got->content_hash, d->content_hash);
  auto up = n.update_content(d->id, 1, "Hello again");
  ASSERT_TRUE(up.ok()) << up.error().message;
  EXPECT_EQ(up->version, 2u);
  EXPECT_NE(up->content_hash, d->content_hash);
  // The digest the document actor computed is the one the store keeps.
  EXPECT_EQ(up->content_hash, sqlite::sha256_hex("Hello again"));
  update_document_cmd t;
  t.id = d->id;
  t.expected_version = 2;
  t.set_title = true;
  t.title = "Renamed";
  auto titled = n.ask<document>(update_atom::value, t);
  ASSERT_TRUE(titled.ok()) << titled.error().message;
  EXPECT_EQ(titled->version, 3u);
  EXPECT_EQ(titled->content, "Hello again");
  // Uppercase ids name the same document.
  std::string upper = d->id;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto again = n.get(upper);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->title, "Renamed");
  EXPECT_EQ(again->version, 3u);
  EXPECT_GE(n.metric("writemagic_store_writes_acknowledged_total"), 3);
}

TEST_F(documents, two_writers_on_one_version_exactly_one_wins) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("Race", "v1");
  ASSERT_TRUE(d.ok());
  caf::scoped_actor self{n.sys()};
  std::vector<result<document>> out;
  auto send = [&](std::string content) {
    update_document_cmd u;
    u.id = d->id;
    u.expected_version = 1;
    u.set_content = true;
    u.content = std::move(content);
    return self->request(n.docs(), std::chrono::seconds(30), update_atom::value, u);
  };
  auto a = send("writer A");
  auto b = send("writer B");
  for (auto* h : {&a, &b})
    h->receive([&](document& x) { out.emplace_back(std::move(x)); },
               [&](caf::error& e) { out.emplace_back(to_failure(e)); });
  ASSERT_EQ(out.size(), 2u);
  int wins = (out[0].ok() ? 1 : 0) + (out[1].ok() ? 1 : 0);
  ASSERT_EQ(wins, 1);
  auto& loser = out[0].ok() ? out[1] : out[0];
  auto& winner = out[0].ok() ? out[0] : out[1];
  EXPECT_EQ(loser.error().code, errc::conflict);
  EXPECT_NE(loser.error().message.find("version 2"), std::string::npos) << loser.error().message;
  EXPECT_EQ(winner->version, 2u);
  auto now = n.get(d->id);
  EXPECT_EQ(now->content, winner->content);
  EXPECT_GE(n.metric("writemagic_document_conflicts_total"), 1);
  // A stale version is refused, never silently applied.
  auto stale = n.update_content(d->id, 1, "late");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, errc::conflict);
  EXPECT_EQ(n.get(d->id)->content, winner->content);
}

// any_version (the facade's WM_ANY_VERSION) is taken by the document actor against its
// current version: 20 writers sent at once all land, as versions 2..21, none conflicts.
TEST_F(documents, any_version_updates_sent_at_once_all_land_in_turn) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("Shared", "v1");
  ASSERT_TRUE(d.ok());
  caf::scoped_actor self{n.sys()};
  constexpr int writers = 20;
  std::vector<decltype(self->request(n.docs(), std::chrono::seconds(30), update_atom::value,
                                     update_document_cmd{}))>
      pending;
  for (int i = 0; i < writers; ++i) {
    update_document_cmd u;
    u.id = d->id;
    u.any_version = true;
    u.set_content = true;
    u.content = "writer " + std::to_string(i);
    pending.push_back(self->request(n.docs(), std::chrono::seconds(30), update_atom::value, u));
  }
  std::set<uint64_t> versions;
  for (auto& h : pending)
    h.receive([&](document& x) { versions.insert(x.version); },
              [&](caf::error& e) { ADD_FAILURE() << to_failure(e).message; });
  ASSERT_EQ(versions.size(), static_cast<size_t>(writers));
  EXPECT_EQ(*versions.begin(), 2u);
  EXPECT_EQ(*versions.rbegin(), static_cast<uint64_t>(writers + 1));
  EXPECT_EQ(n.get(d->id)->version, static_cast<uint64_t>(writers + 1));
  EXPECT_EQ(n.metric("writemagic_document_conflicts_total"), 0);

  // Exactly one of the two: a version to check, or any_version.
  update_document_cmd both;
  both.id = d->id;
  both.any_version = true;
  both.expected_version = 3;
  both.set_title = true;
  both.title = "x";
  auto refused = n.ask<document>(update_atom::value, both);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, errc::invalid_input);
  EXPECT_NE(refused.error().message.find("any_version"), std::string::npos);
}

TEST_F(documents, revisions_list_and_restore) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("History", "one");
  ASSERT_TRUE(n.update_content(d->id, 1, "two").ok());
  ASSERT_TRUE(n.update_content(d->id, 2, "three").ok());
  auto h = n.ask<std::vector<revision>>(history_atom::value, history_query{d->id, 0, 50});
  ASSERT_TRUE(h.ok()) << h.error().message;
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].version, 3u);
  EXPECT_EQ((*h)[2].content, "one");
  auto paged = n.ask<std::vector<revision>>(history_atom::value, history_query{d->id, 1, 1});
  ASSERT_EQ(paged->size(), 1u);
  EXPECT_EQ((*paged)[0].content, "two");
  auto restored = n.ask<document>(restore_atom::value, restore_cmd{d->id, 1, 3, "test"});
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(restored->version, 4u);
  EXPECT_EQ(restored->content, "one");
  EXPECT_EQ(n.get(d->id)->content, "one");
  auto missing = n.ask<document>(restore_atom::value, restore_cmd{d->id, 99, 0, "test"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::not_found);
}

TEST_F(documents, patch_edits_in_code_points) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("Patch", "h\xC3\xA9llo world");
  patch_document_cmd p;
  p.id = d->id;
  p.expected_version = 1;
  p.edits = {{1, 4, "ey"}, {9, 0, "!"}};
  auto out = n.ask<document>(patch_atom::value, p);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->content, "hey world!");
  EXPECT_EQ(out->version, 2u);
  EXPECT_EQ(n.get(d->id)->content, "hey world!");
  p.expected_version = 1;  // stale
  auto stale = n.ask<document>(patch_atom::value, p);
  EXPECT_EQ(stale.error().code, errc::conflict);
  p.expected_version = 2;
  p.edits = {{50, 1, "x"}};
  EXPECT_EQ(n.ask<document>(patch_atom::value, p).error().code, errc::invalid_input);
  p.edits = {{0, 0, "\xC3"}};  // a replacement that breaks UTF-8
  EXPECT_EQ(n.ask<document>(patch_atom::value, p).error().code, errc::invalid_input);
  EXPECT_EQ(n.get(d->id)->version, 2u);
}

TEST_F(documents, find_and_replace_within_a_document) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("Replace", "the cat and the other cat");
  find_replace_cmd f{d->id, 1, "cat", "dog", true, "test"};
  auto r = n.ask<find_replace_result>(replace_atom::value, f);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->replacements, 2u);
  EXPECT_EQ(r->doc.content, "the dog and the other dog");
  EXPECT_EQ(r->doc.version, 2u);
  auto none = n.ask<find_replace_result>(replace_atom::value,
                                         find_replace_cmd{d->id, 2, "zebra", "x", true, "t"});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->replacements, 0u);
  EXPECT_EQ(none->doc.version, 2u);
  auto first = n.ask<find_replace_result>(replace_atom::value,
                                          find_replace_cmd{d->id, 2, "the", "a", false, "t"});
  EXPECT_EQ(first->doc.content, "a dog and the other dog");
  EXPECT_EQ(n.ask<find_replace_result>(replace_atom::value,
                                       find_replace_cmd{d->id, 1, "dog", "x", true, "t"})
                .error()
                .code,
            errc::conflict);
}

TEST_F(documents, search_ranks_and_snippets_through_the_actors) {
  doc_node n(quick_options(dir.path().string()));
  auto strong = n.create("Actors everywhere", "actor model: an actor sends messages to an actor");
  auto weak = n.create("Notes",
                       "a long note that mentions the actor once among many other words "
                       "about gardening, cooking, travel and weather");
  auto none = n.create("Other", "nothing relevant here");
  ASSERT_TRUE(strong.ok() && weak.ok() && none.ok());
  auto hits =
      n.ask<std::vector<search_hit>>(search_atom::value, std::string{"actor"}, uint32_t{10});
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].document_id, strong->id);
  EXPECT_EQ((*hits)[1].document_id, weak->id);
  EXPECT_LE((*hits)[0].rank, (*hits)[1].rank);
  EXPECT_NE((*hits)[1].snippet.find("[actor]"), std::string::npos) << (*hits)[1].snippet;
  // An edit is searchable as soon as it is acknowledged.
  ASSERT_TRUE(n.update_content(none->id, 1, "now about actor systems").ok());
  auto after =
      n.ask<std::vector<search_hit>>(search_atom::value, std::string{"systems"}, uint32_t{10});
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].document_id, none->id);
  EXPECT_EQ(n.ask<std::vector<search_hit>>(search_atom::value, std::string{"\xFF"}, uint32_t{10})
                .error()
                .code,
            errc::invalid_input);
}

TEST_F(documents, stats_of_a_document) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("Stats", "One two three. Four five.\n\nSecond paragraph here.");
  auto s = n.ask<text_stats>(stats_atom::value, d->id);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->words, 8u);
  EXPECT_EQ(s->sentences, 3u);
  EXPECT_EQ(s->paragraphs, 2u);
  ASSERT_TRUE(n.update_content(d->id, 1, "Just four words here.").ok());
  EXPECT_EQ(n.ask<text_stats>(stats_atom::value, d->id)->words, 4u);
}

TEST_F(documents, passivation_then_reactivation_keeps_data) {
  auto opts = quick_options(dir.path().string());
  opts.idle_passivation = std::chrono::milliseconds(50);
  doc_node n(opts);
  auto d = n.create("Sleepy", "first");
  ASSERT_TRUE(n.update_content(d->id, 1, "second").ok());
  EXPECT_GE(n.metric("writemagic_documents_open"), 0);
  ASSERT_TRUE(testing::eventually([&] { return n.metric("writemagic_documents_open") == 0; }));
  EXPECT_GE(n.metric("writemagic_document_passivations_total"), 1);
  auto back = n.get(d->id);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->version, 2u);
  EXPECT_EQ(back->content, "second");
  EXPECT_EQ(back->created_at, d->created_at);
  // And it accepts the next edit based on what it re-read.
  EXPECT_TRUE(n.update_content(d->id, 2, "third").ok());
}

TEST_F(documents, max_open_passivates_the_least_recently_used) {
  auto opts = quick_options(dir.path().string());
  opts.max_open = 2;
  doc_node n(opts);
  std::vector<document> made;
  for (int i = 0; i < 5; ++i) made.push_back(*n.create("doc " + std::to_string(i), "body"));
  EXPECT_LE(n.metric("writemagic_documents_open"), 2);
  EXPECT_GE(n.metric("writemagic_document_passivations_total"), 3);
  for (auto& d : made) {
    auto got = n.get(d.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->title, d.title);
  }
}

TEST_F(documents, a_killed_document_actor_loses_no_acknowledged_write) {
  doc_node n(quick_options(dir.path().string()));
  auto d = n.create("Fragile", "v1");
  for (uint64_t v = 1; v <= 5; ++v)
    ASSERT_TRUE(n.update_content(d->id, v, "v" + std::to_string(v + 1)).ok());
  auto actor = n.ask<caf::actor>(open_atom::value, d->id);
  ASSERT_TRUE(actor.ok());
  {
    caf::scoped_actor self{n.sys()};
    self->monitor(*actor);
    self->send_exit(*actor, caf::exit_reason::kill);
    self->receive([](caf::down_msg&) {});
  }
  // The router drops the dead actor when its down message arrives; from then on the
  // document is re-activated from the store.
  ASSERT_TRUE(testing::eventually([&] {
    auto again = n.ask<caf::actor>(open_atom::value, d->id);
    return again.ok() && *again != *actor;
  }));
  auto got = n.get(d->id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->version, 6u);
  EXPECT_EQ(got->content, "v6");
  EXPECT_TRUE(n.update_content(d->id, 6, "v7").ok());
}

TEST_F(documents, invalid_input_gets_clear_errors) {
  auto opts = quick_options(dir.path().string());
  opts.store.max_content_bytes = 1024;
  doc_node n(opts);
  auto bad_utf8 = n.create("Bad", "ok \xC3\x28 not");
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_EQ(bad_utf8.error().code, errc::invalid_input);
  EXPECT_NE(bad_utf8.error().message.find("UTF-8"), std::string::npos) << bad_utf8.error().message;
  EXPECT_EQ(n.create("\xFF", "body").error().code, errc::invalid_input);
  auto big = n.create("Big", std::string(1025, 'x'));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, errc::payload_too_large);
  EXPECT_NE(big.error().message.find("1024"), std::string::npos);
  EXPECT_EQ(n.create("", "empty title").error().code, errc::invalid_input);
  EXPECT_EQ(n.create("t", "x", "pdf").error().code, errc::invalid_input);
  auto unknown = n.get("0b7e3c52-5b7a-4c7e-9d8c-6a1d1f2e3a4b");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, errc::not_found);
  EXPECT_EQ(n.update_content("0b7e3c52-5b7a-4c7e-9d8c-6a1d1f2e3a4b", 1, "x").error().code,
            errc::not_found);
  auto not_uuid = n.get("not-a-uuid");
  ASSERT_FALSE(not_uuid.ok());
  EXPECT_EQ(not_uuid.error().code, errc::invalid_input);
  list_query q;
  q.limit = 0;
  EXPECT_EQ(n.ask<document_page>(list_atom::value, q).error().code, errc::invalid_input);
  q.limit = 10;
  q.offset = 20000;
  EXPECT_EQ(n.ask<document_page>(list_atom::value, q).error().code, errc::invalid_input);
  auto d = n.create("Fine", "fine");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(n.update_content(d->id, 0, "no version").error().code, errc::invalid_input);
  EXPECT_EQ(n.update_content(d->id, 1, std::string(2000, 'y')).error().code,
            errc::payload_too_large);
  EXPECT_EQ(n.update_content(d->id, 1, "\xED\xA0\x80").error().code, errc::invalid_input);
  EXPECT_EQ(n.get(d->id)->version, 1u);
}

TEST_F(documents, delete_undelete_purge_rename_move_and_projects) {
  doc_node n(quick_options(dir.path().string()));
  auto p = n.ask<project>(project_atom::value, create_atom::value,
                          create_project_cmd{"", "Novel", "a book"});
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->name, "Novel");
  EXPECT_EQ(p->version, 1u);
  create_document_cmd c;
  c.title = "Chapter 1";
  c.content = "It was a dark night.";
  c.project_id = p->id;
  auto d = n.ask<document>(create_atom::value, c);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->project_id, p->id);
  auto got_p = n.ask<project>(project_atom::value, get_atom::value, p->id);
  ASSERT_TRUE(got_p.ok());
  EXPECT_EQ(got_p->document_ids, std::vector<std::string>{d->id});
  auto projects = n.ask<std::vector<project>>(project_atom::value, list_atom::value);
  ASSERT_EQ(projects->size(), 1u);
  list_query in_project;
  in_project.project_id = p->id;
  EXPECT_EQ(n.ask<document_page>(list_atom::value, in_project)->total, 1u);

  auto renamed = n.ask<document>(rename_atom::value, rename_document_cmd{d->id, "Ch. 1", 1, "t"});
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(renamed->title, "Ch. 1");
  EXPECT_EQ(renamed->version, 2u);
  auto moved = n.ask<document>(move_atom::value, move_document_cmd{d->id, "", 0});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->project_id, "");
  EXPECT_EQ(n.ask<document_page>(list_atom::value, in_project)->total, 0u);

  auto deleted = n.ask<document>(delete_atom::value, delete_document_cmd{d->id, 0});
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_TRUE(deleted->deleted);
  EXPECT_EQ(n.get(d->id).error().code, errc::not_found);
  EXPECT_EQ(n.ask<document_page>(list_atom::value, list_query{})->total, 0u);
  auto back = n.ask<document>(undelete_atom::value, delete_document_cmd{d->id, 0});
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_FALSE(back->deleted);
  EXPECT_EQ(n.get(d->id)->title, "Ch. 1");
  auto purged = n.ask<bool>(purge_atom::value, delete_document_cmd{d->id, 0});
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(n.get(d->id).error().code, errc::not_found);
  EXPECT_EQ(
      n.ask<std::vector<revision>>(history_atom::value, history_query{d->id, 0, 10}).error().code,
      errc::not_found);
}

// The group commit waits for a group it expects (the writers its last commit answered),
// never for writes nobody is sending: one writer after another, each write is committed
// as soon as it is queued, even with a group delay far beyond the request timeout.
TEST(document_services_config, store_keys_reach_the_store_options) {
  config_sources sources;
  sources.environment = config_env::env_map{};
  auto defaults = load_config(sources);
  ASSERT_TRUE(defaults) << defaults.error().message;
  EXPECT_EQ(document_services_options_from(*defaults).store.wal_autocheckpoint_pages, 4000);

  sources.overrides = {"store.wal_autocheckpoint=123", "store.group_commit_max_batch=7"};
  auto set = load_config(sources);
  ASSERT_TRUE(set) << set.error().message;
  auto o = document_services_options_from(*set);
  EXPECT_EQ(o.store.wal_autocheckpoint_pages, 123);
  EXPECT_EQ(o.group_commit_max_batch, 7u);

  sources.overrides = {"store.wal_autocheckpoint=-5"};
  auto bad = load_config(sources);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("store.wal_autocheckpoint"), std::string::npos)
      << bad.error().message;
}

TEST_F(documents, a_lone_writer_is_never_held_for_the_group_commit_delay) {
  auto opts = quick_options(dir.path().string());
  opts.group_commit_max_delay = std::chrono::hours(1);
  doc_node n(opts);
  auto d = n.create("Lone", "v1");
  ASSERT_TRUE(d.ok()) << d.error().message;
  uint64_t version = d->version;
  for (int i = 0; i < 30; ++i) {
    auto up = n.update_content(d->id, version, "v" + std::to_string(i + 2));
    ASSERT_TRUE(up.ok()) << up.error().message;
    version = up->version;
  }
  EXPECT_EQ(version, 31u);
  EXPECT_EQ(n.metric("writemagic_store_batch_size_count"), 31);
}

// The same lone writer while something probes the store's mailbox all the time (as the
// metrics sampler does, only faster): a probe that landed during a commit once counted as a
// coming write, and a probe queued behind each flush once sent the group round after round
// to "gather what is arriving"; either way the write waited the whole max_delay (here an
// hour). Eight probes in flight keep one queued nearly always.
TEST_F(documents, mailbox_probes_do_not_hold_a_lone_writer) {
  auto opts = quick_options(dir.path().string());
  opts.group_commit_max_delay = std::chrono::hours(1);
  doc_node n(opts);
  auto d = n.create("Lone", "v1");
  ASSERT_TRUE(d.ok()) << d.error().message;
  auto store = caf::actor_cast<mailbox_probe_actor>(n.sys().registry().get(services::store));
  ASSERT_TRUE(store);
  std::atomic<bool> done{false};
  std::thread prober([&] {
    caf::scoped_actor self{n.sys()};
    constexpr int in_flight = 8;
    for (int i = 1; i < in_flight; ++i) self->send(store, mailbox_atom::value);
    while (!done.load()) {
      self->send(store, mailbox_atom::value);
      self->receive([](uint64_t) {});
    }
    for (int i = 1; i < in_flight; ++i) self->receive([](uint64_t) {});
  });
  uint64_t version = d->version;
  for (int i = 0; i < 200; ++i) {
    update_document_cmd u;
    u.id = d->id;
    u.expected_version = version;
    u.set_content = true;
    u.content = "v" + std::to_string(i + 2);
    // Bounded: with the old count the write waited an hour, and this fails as a timeout.
    auto up = n.n().ask<document>(n.docs(), std::chrono::seconds(20), update_atom::value, u);
    if (!up.ok()) {
      done = true;
      prober.join();
      FAIL() << "update " << i << ": " << up.error().message;
    }
    version = up->version;
  }
  done = true;
  prober.join();
  EXPECT_EQ(version, 201u);
}

// One write sent straight to the store; its answer lands here, off the test thread.
struct store_answer {
  std::mutex mu;
  bool acked = false;
  std::optional<failure> error;
  bool done() {
    std::lock_guard<std::mutex> lock(mu);
    return acked || error.has_value();
  }
};

// A rename without a version check: it succeeds whatever the document's version is.
std::shared_ptr<store_answer> write_to_store(caf::actor_system& sys, store_actor store,
                                             const std::string& id, const std::string& title) {
  auto answer = std::make_shared<store_answer>();
  rename_document_cmd r;
  r.id = id;
  r.title = title;
  sys.spawn([store, r, answer](caf::event_based_actor* self) {
    self->request(store, caf::infinite, rename_atom::value, r)
        .then(
            [answer](write_ack&) {
              std::lock_guard<std::mutex> lock(answer->mu);
              answer->acked = true;
            },
            [answer](caf::error& err) {
              std::lock_guard<std::mutex> lock(answer->mu);
              answer->error = to_failure(err);
            });
  });
  return answer;
}

// The store actor registered now (a restart registers a new one under the same name).
store_actor registered_store(doc_node& n) {
  return caf::actor_cast<store_actor>(n.sys().registry().get(services::store));
}

// The document as the store has it (not a document actor's cache). Commits the staged
// group first (reads see committed data only).
result<document> get_from_store(doc_node& n, const std::string& id) {
  auto store = registered_store(n);
  if (!store) return failure{errc::unavailable, "no store registered"};
  return n.n().ask<document>(store, std::chrono::seconds(10), get_atom::value, id, true);
}

// A write the store holds back for its group commit (staged, not committed): after a
// burst the store expects groups of about its size, so a lone write that follows waits
// (up to the group commit delay, `window`) for company. Whether a burst lands as one group
// depends on timing (split, its tail itself waits up to `window`, so a read commits it):
// tries until a lone write is seen waiting; nullptr if none ever was.
std::shared_ptr<store_answer> hold_a_lone_write(doc_node& n, const std::string& id,
                                                std::chrono::milliseconds window) {
  auto store = registered_store(n);
  if (!store) return nullptr;
  for (int attempt = 0; attempt < 20; ++attempt) {
    std::vector<std::shared_ptr<store_answer>> burst;
    for (int i = 0; i < 4; ++i) burst.push_back(write_to_store(n.sys(), store, id, "burst"));
    auto burst_answered = [&] {
      return std::all_of(burst.begin(), burst.end(), [](auto& a) { return a->done(); });
    };
    if (!testing::eventually(burst_answered, std::chrono::seconds(1))) (void)get_from_store(n, id);
    if (!testing::eventually(burst_answered, window + std::chrono::seconds(20))) return nullptr;
    auto lone = write_to_store(n.sys(), store, id, "lone");
    if (!testing::eventually(
            [&] { return lone->done() || n.metric("writemagic_store_writes_waiting") == 1; }))
      return nullptr;
    if (!lone->done()) return lone;
  }
  return nullptr;
}

// Document actors wait for the store without a CAF timeout, so a store killed outright must
// still answer the writes it was holding, and none of them may be stored.
TEST_F(documents, a_killed_store_answers_the_writes_it_was_holding) {
  auto opts = quick_options(dir.path().string());
  opts.group_commit_max_delay = std::chrono::seconds(2);
  doc_node n(opts);
  auto d = n.create("Held", "v1");
  ASSERT_TRUE(d.ok()) << d.error().message;
  auto store = registered_store(n);
  ASSERT_TRUE(store);
  auto held = hold_a_lone_write(n, d->id, opts.group_commit_max_delay);
  ASSERT_TRUE(held) << "no lone write was ever held for a group commit";
  caf::anon_send_exit(store, caf::exit_reason::kill);

  ASSERT_TRUE(testing::eventually([&] { return held->done(); }));
  {
    std::lock_guard<std::mutex> lock(held->mu);
    ASSERT_FALSE(held->acked) << "the held write was acknowledged although the store was killed";
    EXPECT_EQ(held->error->code, errc::unavailable) << held->error->message;
    EXPECT_NE(held->error->message.find("stopped before this write was committed"),
              std::string::npos)
        << held->error->message;
  }
  // The supervisor restarts the store; the held write was staged, never committed.
  std::optional<document> after;
  ASSERT_TRUE(testing::eventually([&] {
    auto got = get_from_store(n, d->id);
    if (got.ok()) after = *got;
    return got.ok();
  }));
  EXPECT_EQ(after->title, "burst");
  // The document actor had the dead store's handle cached: its next write goes to the new one.
  rename_document_cmd rename;
  rename.id = d->id;
  rename.title = "after restart";
  auto renamed = n.ask<document>(rename_atom::value, rename);
  ASSERT_TRUE(renamed.ok()) << renamed.error().message;
  EXPECT_EQ(renamed->title, "after restart");
  EXPECT_EQ(get_from_store(n, d->id)->title, "after restart");
}

// A read never sees a write that could still be lost, and never waits for the gather
// window either: the staged group commits (and its writers hear back) first.
TEST_F(documents, a_read_commits_the_held_writes_before_it_runs) {
  auto opts = quick_options(dir.path().string());
  // Longer than the 20 s the acknowledgement below is waited for, so only the read's
  // commit can deliver it in time.
  opts.group_commit_max_delay = std::chrono::seconds(60);
  doc_node n(opts);
  auto d = n.create("Read me", "v1");
  ASSERT_TRUE(d.ok()) << d.error().message;
  auto held = hold_a_lone_write(n, d->id, opts.group_commit_max_delay);
  ASSERT_TRUE(held) << "no lone write was ever held for a group commit";
  auto got = get_from_store(n, d->id);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->title, "lone");
  // Acknowledged by the same commit (the gather window alone would hold it for a minute).
  ASSERT_TRUE(testing::eventually([&] { return held->done(); }));
  std::lock_guard<std::mutex> lock(held->mu);
  EXPECT_TRUE(held->acked);
}

TEST_F(documents, an_overloaded_store_refuses_writes_and_still_serves_reads) {
  auto opts = quick_options(dir.path().string());
  opts.max_pending_writes = 0;  // every write finds the intake full
  doc_node n(opts);
  auto refused = n.create("Too much", "body");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, errc::unavailable);
  EXPECT_NE(refused.error().message.find("store overloaded"), std::string::npos)
      << refused.error().message;
  auto page = n.ask<document_page>(list_atom::value, list_query{});
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 0u);
}

// An app may move or delete its data directory once stop() returns: the store has closed
// the database by then (SQLite removes the -wal and -shm files as the last connection
// closes), not somewhere on its own thread afterwards.
TEST_F(documents, stop_returns_after_the_store_has_closed_the_database) {
  const auto options = quick_options(dir.path().string());
  const auto db = options.db_path;
  doc_node n(options);
  ASSERT_TRUE(n.create("kept", "written before the stop"));
  ASSERT_TRUE(std::filesystem::exists(db + "-wal"));
  n.stop();
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(db + "-shm"));
  n.start();
  list_query all;
  EXPECT_EQ(n.ask<document_page>(list_atom::value, all)->total, 1u);
}

TEST_F(documents, concurrent_writes_are_all_acknowledged_and_survive_a_restart) {
  doc_node n(quick_options(dir.path().string()));
  constexpr int creates = 2000;
  constexpr int docs = 200;
  constexpr int renames_per_doc = 10;
  std::vector<std::string> ids;
  {
    caf::scoped_actor self{n.sys()};
    using handle_t = decltype(self->request(n.docs(), std::chrono::seconds(60), create_atom::value,
                                            create_document_cmd{}));
    std::vector<handle_t> pending;
    for (int i = 0; i < creates; ++i) {
      create_document_cmd c;
      c.title = "bulk " + std::to_string(i);
      c.content = "content " + std::to_string(i);
      pending.push_back(
          self->request(n.docs(), std::chrono::seconds(60), create_atom::value, std::move(c)));
    }
    int errors = 0;
    for (auto& h : pending)
      h.receive([&](document& d) { ids.push_back(d.id); }, [&](caf::error&) { ++errors; });
    ASSERT_EQ(errors, 0);
    ASSERT_EQ(ids.size(), static_cast<std::size_t>(creates));
    // Then 10 concurrent renames on each of 200 of them (no version check: all apply).
    using rename_t = decltype(self->request(n.docs(), std::chrono::seconds(60), rename_atom::value,
                                            rename_document_cmd{}));
    std::vector<rename_t> renames;
    for (int r = 0; r < renames_per_doc; ++r)
      for (int i = 0; i < docs; ++i)
        renames.push_back(
            self->request(n.docs(), std::chrono::seconds(60), rename_atom::value,
                          rename_document_cmd{ids[i], "renamed " + std::to_string(r), 0, "bulk"}));
    for (auto& h : renames) h.receive([](document&) {}, [&](caf::error&) { ++errors; });
    ASSERT_EQ(errors, 0);
  }
  EXPECT_GT(n.metric("writemagic_store_batch_size_count"), 0);
  EXPECT_EQ(n.metric("writemagic_store_writes_acknowledged_total"),
            creates + docs * renames_per_doc);
  auto report = n.stop();
  EXPECT_TRUE(report.clean);
  bool store_flushed = false;
  for (auto& step : report.steps)
    if (step.subscriber == "store" && step.phase == shutdown_phase::flush &&
        step.outcome == shutdown_outcome::acked)
      store_flushed = true;
  EXPECT_TRUE(store_flushed);
  n.start();
  list_query all;
  all.limit = 1000;
  EXPECT_EQ(n.ask<document_page>(list_atom::value, all)->total, static_cast<uint64_t>(creates));
  std::set<std::string> seen;
  for (int i = 0; i < creates; ++i) {
    auto d = n.get(ids[i]);
    ASSERT_TRUE(d.ok()) << ids[i];
    EXPECT_EQ(d->version, i < docs ? 1u + renames_per_doc : 1u);
    seen.insert(d->id);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(creates));
}

}  // namespace
}  // namespace wm
