// Three real `writemagic node` processes joined into one cluster on 127.0.0.1: 3,000
// documents written through node 1 are read through node 2; node 3 is killed with SIGKILL
// and its share fails fast with `unavailable` while the rest reads fine; node 3 restarts
// on the same ports and data dir and every acknowledged document is back.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "actors/cluster/hash_ring.hpp"
#include "tests/cluster/process_cluster.hpp"
#include "tests/shell/process.hpp"
#include "tests/support/eventually.hpp"

namespace wm::testing {
namespace {

constexpr size_t kDocuments = 3000;
constexpr size_t kClients = 4;
constexpr uint32_t kVnodes = 64;  // cluster.vnodes default

// The `code` of the one error body shape: {"error":{"code":...,"message":...}}.
std::string error_code(const std::string& body) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(body).get(doc) != simdjson::SUCCESS) return "<bad json>";
  std::string_view v;
  if (doc["error"]["code"].get_string().get(v) != simdjson::SUCCESS) return "<missing>";
  return std::string{v};
}

// A member's log without the per-request access lines, last lines only.
std::string log_tail(const cluster_member& m) {
  std::istringstream in{m.log()};
  std::deque<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    if (line.find(" debug [") != std::string::npos) continue;
    kept.push_back(line);
    if (kept.size() > 40) kept.pop_front();
  }
  std::string out = "\n--- " + m.name() + " (run " + std::to_string(m.run) + ") ---\n";
  for (const auto& l : kept) out += l + "\n";
  return out;
}

struct stored {
  std::string id;
  std::string content;
};

// Runs `work(i, session)` for i in [0, n) over kClients threads, each with its own
// keep-alive connection.
template <class Work>
void fan_out(size_t n, Work work) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> clients;
  for (size_t c = 0; c < kClients; ++c)
    clients.emplace_back([&] {
      http_session session;
      for (size_t i = next++; i < n; i = next++) work(i, session);
    });
  for (auto& t : clients) t.join();
}

bool sees_all(const cluster_member& observer, const std::vector<cluster_member>& members,
              double up) {
  for (const auto& m : members)
    if (scrape_value(observer.base(), "writemagic_cluster_member_up", {{"member", m.name()}}) != up)
      return false;
  return true;
}

bool everyone_sees_everyone_up(const std::vector<cluster_member>& members) {
  for (const auto& observer : members)
    if (scrape_value(observer.base(), "writemagic_cluster_members", {{"state", "up"}}) !=
            static_cast<double>(members.size()) ||
        !sees_all(observer, members, 1))
      return false;
  return true;
}

// Reads every document through `via`; counts answers that are right, and collects the
// rest (first few) as messages.
struct read_tally {
  std::atomic<size_t> ok{0};
  std::atomic<size_t> unavailable{0};
  std::mutex mu;
  std::vector<std::string> wrong;
  void note(std::string what) {
    std::lock_guard lock{mu};
    if (wrong.size() < 10) wrong.push_back(std::move(what));
  }
};

TEST(ClusterProcess, ThreeNodesShardSurviveSigkillOfOneAndRecoverAllAcknowledgedDocuments) {
  auto members = plan_members(3);
  const std::string seeds = seed_list(members);
  const std::string binary = WM_WRITEMAGIC_BINARY;
  for (auto& m : members) {
    std::string why;
    ASSERT_TRUE(start_member(binary, m, seeds, why)) << why;
  }
  auto logs = [&] {
    std::string all;
    for (const auto& m : members) all += log_tail(m);
    return all;
  };
  ASSERT_TRUE(
      eventually([&] { return everyone_sees_everyone_up(members); }, std::chrono::seconds(60)))
      << "the members never all saw each other up" << logs();

  auto& n1 = members[0];
  auto& n2 = members[1];
  auto& n3 = members[2];

  // -- 3,000 documents through node 1 ---------------------------------------------------
  std::vector<stored> docs(kDocuments);
  std::atomic<size_t> created{0};
  std::mutex mu;
  std::vector<std::string> create_errors;
  fan_out(kDocuments, [&](size_t i, http_session& s) {
    const std::string content = "Document " + std::to_string(i) +
                                " of the cluster test. The walrus counts to " +
                                std::to_string(i * 7919 % 10007) + ".";
    auto r =
        s.post_json(n1.base() + "/v1/documents", R"({"title":"cluster doc )" + std::to_string(i) +
                                                     R"(","content":")" + content + R"("})");
    if (r.status == 201) {
      docs[i] = {json_string(r.body, "id"), content};
      ++created;
    } else {
      std::lock_guard lock{mu};
      if (create_errors.size() < 10)
        create_errors.push_back(std::to_string(r.status) + " " + r.error + " " + r.body);
    }
  });
  ASSERT_EQ(created.load(), kDocuments) << ::testing::PrintToString(create_errors) << logs();

  // Owners as every node computes them: the ring over the members' advertised names.
  const wm::cluster::hash_ring ring{{n1.name(), n2.name(), n3.name()}, kVnodes};
  std::vector<size_t> owned_by(3, 0);
  std::vector<bool> on_n3(kDocuments);
  for (size_t i = 0; i < kDocuments; ++i) {
    const auto& owner = ring.owner(docs[i].id);
    on_n3[i] = owner == n3.name();
    for (size_t m = 0; m < 3; ++m) owned_by[m] += owner == members[m].name();
  }
  // Every member holds a real share (64 vnodes each: far from empty).
  for (size_t m = 0; m < 3; ++m) EXPECT_GT(owned_by[m], kDocuments / 10) << members[m].name();

  auto read_all_through = [&](const cluster_member& via, bool n3_down, read_tally& t) {
    fan_out(kDocuments, [&](size_t i, http_session& s) {
      auto r = s.get(via.base() + "/v1/documents/" + docs[i].id);
      if (n3_down && on_n3[i]) {
        if (r.status == 503 && error_code(r.body) == "unavailable")
          ++t.unavailable;
        else
          t.note("n3's " + docs[i].id + ": " + std::to_string(r.status) + " " + r.error + " " +
                 r.body);
        return;
      }
      if (r.status == 200 && json_string(r.body, "content") == docs[i].content)
        ++t.ok;
      else
        t.note(docs[i].id + ": " + std::to_string(r.status) + " " + r.error + " " +
               r.body.substr(0, 300));
    });
  };

  // -- all of them through node 2 -------------------------------------------------------
  {
    read_tally t;
    read_all_through(n2, false, t);
    ASSERT_EQ(t.ok.load(), kDocuments) << ::testing::PrintToString(t.wrong) << logs();
  }

  // -- SIGKILL node 3: its share fails fast with unavailable, the rest reads fine ------
  // A reader keeps reads of node 3's share going through node 2 across the kill: each
  // answer is the document or `unavailable` (requests in flight fail when the connection
  // drops), never anything else and never a timeout.
  std::vector<size_t> n3_share;
  for (size_t i = 0; i < kDocuments; ++i)
    if (on_n3[i]) n3_share.push_back(i);
  read_tally across;
  std::atomic<bool> killed{false};
  std::atomic<size_t> answered{0};
  std::thread reader{[&] {
    http_session s;
    size_t after_kill = 0;
    for (size_t k = 0; after_kill < 50 && k < 20 * kDocuments; ++k) {
      const bool was_killed = killed.load();
      const auto& d = docs[n3_share[k % n3_share.size()]];
      auto r = s.get(n2.base() + "/v1/documents/" + d.id);
      if (r.status == 200 && json_string(r.body, "content") == d.content)
        ++across.ok;
      else if (r.status == 503 && error_code(r.body) == "unavailable")
        ++across.unavailable;
      else
        across.note(d.id + ": " + std::to_string(r.status) + " " + r.error + " " + r.body);
      after_kill += was_killed ? 1 : 0;
      ++answered;
    }
    answered = SIZE_MAX;  // done
  }};
  while (answered.load() < 20) std::this_thread::yield();
  n3.proc->signal(SIGKILL);
  EXPECT_EQ(n3.proc->wait(), 128 + SIGKILL);
  killed = true;
  reader.join();
  EXPECT_TRUE(across.wrong.empty()) << ::testing::PrintToString(across.wrong);
  EXPECT_GE(across.unavailable.load(), 50u);
  {
    read_tally t;
    read_all_through(n2, true, t);
    EXPECT_EQ(t.unavailable.load(), owned_by[2]) << ::testing::PrintToString(t.wrong) << logs();
    EXPECT_EQ(t.ok.load(), kDocuments - owned_by[2]) << ::testing::PrintToString(t.wrong);
  }
  // Node 1 forwarded the creates it did not own, and shows node 3 down.
  EXPECT_TRUE(eventually([&] {
    return scrape_value(n1.base(), "writemagic_cluster_member_up", {{"member", n3.name()}}) == 0 &&
           scrape_value(n1.base(), "writemagic_cluster_members", {{"state", "up"}}) == 2;
  })) << logs();
  for (const auto* m : {&n2, &n3})
    EXPECT_GE(scrape_value(n1.base(), "writemagic_cluster_forwarded_requests_total",
                           {{"member", m->name()}}),
              static_cast<double>(owned_by[m == &n2 ? 1 : 2]))
        << m->name();
  // Node 2 counted the reads of node 3's share it could not forward.
  EXPECT_GE(
      scrape_value(n2.base(), "writemagic_cluster_forward_failures_total", {{"member", n3.name()}}),
      static_cast<double>(owned_by[2]));
  // Node 2 served the creates node 1 forwarded to it.
  EXPECT_GE(scrape_value(n2.base(), "writemagic_cluster_served_forwards_total", {}),
            static_cast<double>(owned_by[1]));

  // The shell, connected to node 2, sees the membership as node 2 does.
  {
    const auto out = shell_test::run_sh(binary + " shell --connect " + n2.name() +
                                        " -c 'send cluster members' 2>&1");
    EXPECT_NE(out.find(n3.name() + " down"), std::string::npos) << out;
    EXPECT_NE(out.find(n2.name() + " up (this node)"), std::string::npos) << out;
    EXPECT_NE(out.find(n1.name() + " up"), std::string::npos) << out;
  }

  // -- node 3 back on the same ports and data dir ---------------------------------------
  {
    std::string why;
    ASSERT_TRUE(start_member(binary, n3, seeds, why)) << why;
  }
  ASSERT_TRUE(
      eventually([&] { return everyone_sees_everyone_up(members); }, std::chrono::seconds(60)))
      << "node 3 did not rejoin" << logs();
  {
    read_tally t;
    read_all_through(n2, false, t);
    EXPECT_EQ(t.ok.load(), kDocuments) << ::testing::PrintToString(t.wrong) << logs();
  }

  // -- SIGTERM: each member drains and exits 0 ------------------------------------------
  for (auto& m : members) m.proc->signal(SIGTERM);
  for (auto& m : members) EXPECT_EQ(m.proc->wait(), 0) << log_tail(m);
}

}  // namespace
}  // namespace wm::testing
