// Documents over HTTP through the real node: CRUD with expected versions, list, history,
// restore, search, stats, strict bodies; and SIGTERM while writes and slow AI streams are in
// flight: exit 0, and every write that got a 2xx is there after a restart on the same data.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/http_api/node_harness.hpp"

namespace wm::testing {
namespace {

uint64_t json_u64(const std::string& body, const char* key) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(body).get(doc) != simdjson::SUCCESS) return 0;
  uint64_t v = 0;
  if (doc[key].get_uint64().get(v) != simdjson::SUCCESS) return 0;
  return v;
}

TEST(HttpNodeDocuments, CrudWithVersionsHistorySearchAndStats) {
  node_run n;
  start_node(n);
  const std::string docs = n.base + "/v1/documents";
  auto created = http_send(
      "POST", docs, R"({"title":"Walrus notes","content":"The walrus sleeps. It snores loudly."})");
  ASSERT_EQ(created.status, 201) << created.body << n.log();
  const std::string id = json_string(created.body, "id");
  EXPECT_EQ(created.headers["location"], "/v1/documents/" + id);
  EXPECT_EQ(created.headers["etag"], "\"1\"");
  EXPECT_EQ(json_u64(created.body, "version"), 1u);

  auto got = http_get(docs + "/" + id);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(json_string(got.body, "title"), "Walrus notes");

  // PUT needs the expected version; a stale one is a conflict.
  EXPECT_EQ(http_send("PUT", docs + "/" + id, R"({"content":"x"})").status, 400);
  auto put = http_send("PUT", docs + "/" + id, R"({"content":"The walrus swims."})",
                       {"Content-Type: application/json", "If-Match: \"1\""});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(json_u64(put.body, "version"), 2u);
  auto stale = http_send("PUT", docs + "/" + id, R"({"content":"lost update","version":1})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(json_string(stale.body, "error"), "<missing>");  // an object, checked below
  EXPECT_NE(stale.body.find(R"("code":"conflict")"), std::string::npos);

  auto patched =
      http_send("PATCH", docs + "/" + id,
                R"({"version":2,"edits":[{"offset":4,"length":6,"replacement":"seal"}]})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_string(patched.body, "content"), "The seal swims.");
  EXPECT_EQ(http_send("PATCH", docs + "/" + id, R"({"version":3,"edits":[{"offset":"4"}]})").status,
            400);
  // Unsigned fields take values past INT64_MAX as given (they were read through an empty
  // optional before: stack garbage in the message, or as the version to restore).
  auto far = http_send(
      "PATCH", docs + "/" + id,
      R"({"version":3,"edits":[{"offset":18446744073709551615,"length":0,"replacement":"x"}]})");
  EXPECT_EQ(far.status, 400) << far.body;
  EXPECT_NE(far.body.find("offset 18446744073709551615,"), std::string::npos) << far.body;
  auto no_such =
      http_send("POST", docs + "/" + id + "/restore", R"({"version":18446744073709551615})");
  EXPECT_EQ(no_such.status, 404) << no_such.body;
  EXPECT_NE(no_such.body.find("no version 18446744073709551615"), std::string::npos)
      << no_such.body;

  auto history = http_get(docs + "/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_NE(history.body.find("The walrus sleeps."), std::string::npos) << history.body;

  auto restored = http_send("POST", docs + "/" + id + "/restore", R"({"version":1})");
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(json_string(restored.body, "content"), "The walrus sleeps. It snores loudly.");
  EXPECT_EQ(json_u64(restored.body, "version"), 4u);

  auto stats = http_get(docs + "/" + id + "/stats");
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(json_u64(stats.body, "words"), 6u);
  EXPECT_EQ(json_u64(stats.body, "sentences"), 2u);

  auto other = http_send("POST", docs, R"({"title":"Other","content":"penguins only"})");
  ASSERT_EQ(other.status, 201) << other.body;
  auto list = http_get(docs + "?limit=1&sort=title_asc");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(json_u64(list.body, "total"), 2u);
  EXPECT_NE(list.body.find("\"Other\""), std::string::npos) << list.body;
  // The next page by keyset: the documents after the last one seen, in the same order.
  auto next = http_get(docs + "?limit=1&sort=title_asc&after=" + json_string(other.body, "id"));
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_NE(next.body.find(id), std::string::npos) << next.body;
  EXPECT_EQ(next.body.find("\"Other\""), std::string::npos) << next.body;
  EXPECT_EQ(http_get(docs + "?after=00000000-0000-4000-8000-000000000000").status, 404);
  EXPECT_EQ(http_get(docs + "?limit=0").status, 400);
  EXPECT_EQ(http_get(docs + "?sort=sideways").status, 400);
  EXPECT_EQ(http_get(docs + "?project=a%00b").status, 400);

  auto search = http_get(n.base + "/v1/search?q=walrus");
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_NE(search.body.find(id), std::string::npos) << search.body;
  EXPECT_EQ(http_get(n.base + "/v1/search").status, 400);

  EXPECT_EQ(http_send("POST", docs, R"({"title":7})").status, 400);
  EXPECT_EQ(http_send("POST", docs, R"({"title":"t","colour":"red"})").status, 400);
  EXPECT_EQ(http_get(docs + "/00000000-0000-4000-8000-000000000000").status, 404);

  auto deleted = http_send("DELETE", docs + "/" + id, "", {"If-Match: \"4\""});
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(http_get(docs + "/" + id).status, 404);
  // A soft delete can be undone: the document is back as it was, at the same version.
  EXPECT_EQ(http_send("POST", docs + "/" + id + "/undelete", "{}").status, 400);
  auto undeleted = http_send("POST", docs + "/" + id + "/undelete", "");
  ASSERT_EQ(undeleted.status, 200) << undeleted.body;
  EXPECT_EQ(json_u64(undeleted.body, "version"), 4u);
  EXPECT_EQ(json_string(http_get(docs + "/" + id).body, "content"),
            "The walrus sleeps. It snores loudly.");
  EXPECT_EQ(http_send("POST", docs + "/00000000-0000-4000-8000-000000000000/undelete", "").status,
            404);
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

TEST(HttpNodeDocuments, SigtermDuringWritesAndStreamsLosesNoAcknowledgedWrite) {
  auto dir = make_temp_dir("wm_http_sigterm_");
  fake_provider_process fake{dir};
  ASSERT_GT(fake.port(), 0);
  fake.queue_slow(3);
  node_run n;
  n.dir = dir;
  const std::vector<std::string> ai = {"--set", "provider.fake.kind=openai",
                                       "--set", "provider.fake.base_url=" + fake.base() + "/v1",
                                       "--set", "provider.fake.api_key_env=WM_TEST_FAKE_KEY"};
  const std::map<std::string, std::string> env{{"WM_TEST_FAKE_KEY", "sk-test"}};
  start_node(n, ai, env);
  const std::string docs = n.base + "/v1/documents";

  // Slow AI streams in flight.
  std::atomic<int> stream_chunks{0};
  std::vector<std::thread> streams;
  for (int i = 0; i < 3; ++i)
    streams.emplace_back([&] {
      http_call c;
      c.method = "POST";
      c.url = n.base + "/v1/ai/complete";
      c.body = R"({"prompt":"slow","stream":true})";
      c.headers = {"Content-Type: application/json"};
      c.on_data = [&](const std::string& piece) {
        if (piece.find("event: chunk") != std::string::npos) stream_chunks.fetch_add(1);
        return true;
      };
      perform(c);
    });

  // Writers: create, then update what they created; record every acknowledged write.
  struct acked {
    std::string id, content;
    uint64_t version;
  };
  std::mutex mu;
  std::map<std::string, acked> latest;  // id -> last acknowledged state
  std::atomic<bool> stop_writing{false};
  std::atomic<int> acks{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; !stop_writing; ++i) {
        const std::string content = "writer " + std::to_string(w) + " item " + std::to_string(i);
        auto r = http_send("POST", docs,
                           R"({"title":"t)" + std::to_string(w) + "-" + std::to_string(i) +
                               R"(","content":")" + content + "\"}");
        if (r.status == 0) break;  // the server is gone
        if (r.status != 201) continue;
        const std::string id = json_string(r.body, "id");
        {
          std::lock_guard<std::mutex> lock(mu);
          latest[id] = {id, content, 1};
        }
        acks.fetch_add(1);
        const std::string updated = content + " (edited)";
        auto u = http_send("PUT", docs + "/" + id, R"({"version":1,"content":")" + updated + "\"}");
        if (u.status == 200) {
          std::lock_guard<std::mutex> lock(mu);
          latest[id] = {id, updated, 2};
          acks.fetch_add(1);
        }
      }
    });
  ASSERT_TRUE(eventually([&] { return acks.load() >= 100 && stream_chunks.load() >= 3; }));
  n.proc->signal(SIGTERM);
  const int code = n.proc->wait();
  stop_writing = true;
  for (auto& t : writers) t.join();
  for (auto& t : streams) t.join();
  ASSERT_EQ(code, 0) << n.log();

  // Same data dir, new process: every acknowledged write is there.
  start_node(n, ai, env);
  const std::string docs2 = n.base + "/v1/documents";  // a new port
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_GE(latest.size(), 50u);
  for (const auto& [id, a] : latest) {
    auto r = http_get(docs2 + "/" + id);
    ASSERT_EQ(r.status, 200) << id << " " << r.body;
    EXPECT_EQ(json_string(r.body, "content"), a.content) << id;
    EXPECT_EQ(json_u64(r.body, "version"), a.version) << id;
  }
  EXPECT_EQ(stop_node(n), 0) << n.log();
}

}  // namespace
}  // namespace wm::testing
