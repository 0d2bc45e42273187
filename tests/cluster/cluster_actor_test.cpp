// Two real nodes in one process, joined over CAF's middleman on loopback, each with its
// own SQLite file: documents land on their owner whichever node is asked, owners' errors
// keep their codes across the wire, cluster-wide requests merge every member's answers,
// and a stopped member's documents fail fast with `unavailable` while the rest still work;
// an owner that never answers fails with `unavailable` once cluster.forward_timeout passes.
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>

#include "actors/cluster/hash_ring.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "messages/cluster.hpp"
#include "runtime/node/node.hpp"
#include "tests/cluster/in_process_member.hpp"
#include "tests/cluster/parked_nodes.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm {
namespace {

using namespace std::chrono_literals;
using testing::eventually;
namespace fs = std::filesystem;

constexpr auto timeout = 10s;

struct member {
  int port = 0;
  std::string address;
  std::unique_ptr<node> n;
};

class ClusterActor : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wm-cluster-" + std::to_string(::getpid()));
    // A free port can be taken before the member binds it (another test's outgoing connection
    // may get it as its source port): then both members start again on new ports.
    std::string last_error;
    for (int attempt = 0; attempt < 5 && !start_members(last_error); ++attempt) {
    }
    ASSERT_TRUE(members_[1].n) << last_error;
    ring_ = cluster::hash_ring{{members_[0].address, members_[1].address}, 64};
    ASSERT_TRUE(eventually([&] { return up_count(0) == 2 && up_count(1) == 2; }));
  }

  bool start_members(std::string& error) {
    for (auto& m : members_) testing::park(std::move(m.n));
    fs::remove_all(dir_);
    for (auto& m : members_) {
      m.port = testing::free_port();
      if (m.port <= 0) {
        error = "no free port";
        return false;
      }
      m.address = "127.0.0.1:" + std::to_string(m.port);
    }
    const auto seeds = members_[0].address + "," + members_[1].address;
    for (size_t i = 0; i < members_.size(); ++i) {
      auto started = testing::start_in_process_member(dir_ / std::to_string(i), members_[i].port,
                                                      seeds, overrides_);
      if (!started) {
        error = started.error().message;
        return false;
      }
      members_[i].n = std::move(started).value();
    }
    return true;
  }

  void TearDown() override {
    for (auto& m : members_) testing::park(std::move(m.n));
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  size_t up_count(size_t i) { return testing::members_up(*members_[i].n); }

  // A fresh id whose owner on the ring is member `i`.
  std::string id_owned_by(size_t i) {
    for (;;) {
      auto id = ids_.next();
      if (ring_.owner(id) == members_[i].address) return id;
    }
  }

  documents_actor front(size_t i) {
    return members_[i].n->service<documents_actor>(services::documents);
  }
  documents_actor local(size_t i) {
    return members_[i].n->service<documents_actor>(services::documents_local);
  }

  result<document> create_through(size_t via, const std::string& id, std::string title) {
    create_document_cmd cmd;
    cmd.id = id;
    cmd.title = std::move(title);
    cmd.content = "The quick brown fox " + cmd.title;
    return members_[via].n->ask<document>(front(via), timeout, create_atom::value, cmd);
  }

  // Forwards to member `to` that member `via` counted as failed; NaN if it has no such counter.
  double forward_failures(size_t via, size_t to) {
    auto text = members_[via].n->scrape();
    if (!text) return std::nan("");
    return testing::parse_prometheus_text(*text).value("writemagic_cluster_forward_failures_total",
                                                       {{"member", members_[to].address}});
  }

  std::vector<std::string> overrides_;  // further settings for both members
  fs::path dir_;
  std::array<member, 2> members_;
  cluster::hash_ring ring_;
  sqlite::uuid_generator ids_;
};

TEST_F(ClusterActor, PlacesDocumentsOnTheirOwnerWhicheverNodeIsAsked) {
  const auto on_b = id_owned_by(1);
  auto created = create_through(0, on_b, "owned by b");
  ASSERT_TRUE(created) << created.error().message;
  // Stored in B's own store, not in A's.
  auto& a = *members_[0].n;
  auto& b = *members_[1].n;
  EXPECT_TRUE(b.ask<document>(local(1), timeout, get_atom::value, on_b));
  auto on_a_store = a.ask<document>(local(0), timeout, get_atom::value, on_b);
  ASSERT_FALSE(on_a_store);
  EXPECT_EQ(on_a_store.error().code, errc::not_found);
  // Readable through either node; the owner's errors keep their code across the wire.
  auto via_a = a.ask<document>(front(0), timeout, get_atom::value, on_b);
  ASSERT_TRUE(via_a);
  EXPECT_EQ(via_a->title, "owned by b");
  update_document_cmd stale;
  stale.id = on_b;
  stale.expected_version = via_a->version + 5;
  stale.set_content = true;
  stale.content = "lost?";
  auto conflict = a.ask<document>(front(0), timeout, update_atom::value, stale);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code, errc::conflict);
  auto missing = a.ask<document>(front(0), timeout, get_atom::value, id_owned_by(1));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, errc::not_found);
}

TEST_F(ClusterActor, ListingSearchAndProjectsSpanEveryMember) {
  ASSERT_TRUE(create_through(0, id_owned_by(0), "alpha fox"));
  ASSERT_TRUE(create_through(0, id_owned_by(1), "beta fox"));
  auto& b = *members_[1].n;
  list_query q;
  q.sort = document_sort::title_asc;
  auto page = b.ask<document_page>(front(1), timeout, list_atom::value, q);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->total, 2u);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "alpha fox");
  EXPECT_EQ(page->items[1].title, "beta fox");
  auto hits = b.ask<std::vector<search_hit>>(front(1), timeout, search_atom::value,
                                             std::string{"fox"}, uint32_t{10});
  ASSERT_TRUE(hits) << hits.error().message;
  EXPECT_EQ(hits->size(), 2u);
  create_project_cmd p;
  p.name = "Novel";
  auto made = b.ask<project>(front(1), timeout, project_atom::value, create_atom::value, p);
  ASSERT_TRUE(made) << made.error().message;
  for (size_t i = 0; i < 2; ++i) {
    auto there = members_[i].n->ask<project>(local(i), timeout, project_atom::value,
                                             get_atom::value, made->id);
    EXPECT_TRUE(there) << "project missing on member " << i;
  }
}

// Export through one member: each member writes its own documents under
// <folder>/<member>/ and reports its progress to the caller's listener across the wire.
TEST_F(ClusterActor, ExportWritesEachMembersDocumentsAndBothReportProgress) {
  for (size_t i = 0; i < 2; ++i)
    for (int k = 0; k < 2; ++k)
      ASSERT_TRUE(
          create_through(0, id_owned_by(i), "doc " + std::to_string(i) + std::to_string(k)));
  struct seen_progress {
    std::mutex mu;
    std::map<caf::actor_addr, file_progress> last;  // by sender: one job per member
    int messages = 0;
  };
  auto seen = std::make_shared<seen_progress>();
  auto& a = *members_[0].n;
  auto listener = a.system().spawn(
      [seen](progress_listener_actor::pointer self) -> progress_listener_actor::behavior_type {
        return {[seen, self](file_progress& p) {
          std::lock_guard<std::mutex> lock(seen->mu);
          seen->last[caf::actor_cast<caf::actor_addr>(self->current_sender())] = p;
          ++seen->messages;
        }};
      });
  const auto folder = (dir_ / "export").string();
  auto report = a.ask<export_report>(front(0), timeout, export_atom::value, folder, listener);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->cancelled);
  ASSERT_EQ(report->files.size(), 4u);
  std::map<std::string, int> per_member_folder;
  for (const auto& f : report->files) {
    EXPECT_TRUE(fs::exists(f)) << f;
    ++per_member_folder[fs::path(f).parent_path().filename().string()];
  }
  EXPECT_EQ(per_member_folder.size(), 2u);
  for (const auto& [name, n] : per_member_folder) EXPECT_EQ(n, 2) << name;
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(seen->mu);
    return seen->messages == 4;
  }));
  std::lock_guard<std::mutex> lock(seen->mu);
  ASSERT_EQ(seen->last.size(), 2u);
  for (const auto& [sender, p] : seen->last) {
    EXPECT_EQ(p.done, 2u);
    EXPECT_EQ(p.total, 2u);
  }
  caf::anon_send_exit(listener, caf::exit_reason::user_shutdown);
}

TEST_F(ClusterActor, StoppedMembersDocumentsFailFastAndTheRestStillWork) {
  const auto on_a = id_owned_by(0);
  const auto on_b = id_owned_by(1);
  ASSERT_TRUE(create_through(0, on_a, "stays"));
  ASSERT_TRUE(create_through(0, on_b, "goes away"));
  testing::park(std::move(members_[1].n));
  ASSERT_TRUE(eventually([&] { return up_count(0) == 1; }));
  auto& a = *members_[0].n;
  auto gone = a.ask<document>(front(0), timeout, get_atom::value, on_b);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, errc::unavailable);
  EXPECT_NE(gone.error().message.find(members_[1].address), std::string::npos)
      << gone.error().message;
  EXPECT_TRUE(a.ask<document>(front(0), timeout, get_atom::value, on_a));
  auto listing = a.ask<document_page>(front(0), timeout, list_atom::value, list_query{});
  ASSERT_FALSE(listing);
  EXPECT_EQ(listing.error().code, errc::unavailable);
}

class ClusterActorShortForwardTimeout : public ClusterActor {
 protected:
  ClusterActorShortForwardTimeout() { overrides_ = {"cluster.forward_timeout=300ms"}; }
};

// Takes the messages of the documents interface and never answers them (they stay in its
// mailbox, skipped).
caf::behavior black_hole(caf::event_based_actor* self) {
  self->set_default_handler(caf::skip);
  return {[](cancel_atom) {}};  // a behavior needs one handler to keep the actor alive
}

void replace_service(node& n, caf::atom_value name, const caf::actor& handle) {
  n.system().registry().erase(name);
  n.system().registry().put(name, caf::actor_cast<caf::strong_actor_ptr>(handle));
}

TEST_F(ClusterActorShortForwardTimeout, OwnerThatNeverAnswersFailsUnavailableAfterTheTimeout) {
  const auto on_b = id_owned_by(1);
  ASSERT_TRUE(create_through(0, on_b, "owned by b"));
  auto& a = *members_[0].n;
  auto& b = *members_[1].n;
  const double failures_before = forward_failures(0, 1);
  ASSERT_FALSE(std::isnan(failures_before));

  // B's cluster actor hands A's forwards to a documents router that never answers.
  auto router = b.service<caf::actor>(services::documents_local);
  ASSERT_TRUE(router);
  auto hole = b.system().spawn(black_hole);
  replace_service(b, services::documents_local, hole);

  auto silent = a.ask<document>(front(0), timeout, get_atom::value, on_b);
  ASSERT_FALSE(silent);
  EXPECT_EQ(silent.error().code, errc::unavailable) << silent.error().message;
  EXPECT_NE(silent.error().message.find(members_[1].address), std::string::npos)
      << silent.error().message;
  EXPECT_NE(silent.error().message.find("did not answer"), std::string::npos)
      << silent.error().message;
  EXPECT_EQ(forward_failures(0, 1), failures_before + 1);

  // B answers again once its router is back; the request the hole swallowed stays failed
  // (killing the hole answers it with an error that A no longer waits for).
  replace_service(b, services::documents_local, router);
  caf::anon_send_exit(hole, caf::exit_reason::kill);
  auto back = a.ask<document>(front(0), timeout, get_atom::value, on_b);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->title, "owned by b");
  EXPECT_EQ(forward_failures(0, 1), failures_before + 1);
}

}  // namespace
}  // namespace wm
