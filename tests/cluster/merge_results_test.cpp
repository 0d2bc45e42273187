// Merging cluster-wide answers: a listing split across members and merged equals the
// listing of all documents on one node; search keeps the best ranks; projects union.
#include "actors/cluster/merge_results.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace wm::cluster {
namespace {

document_summary summary(std::string id, std::string title, int64_t created, int64_t updated) {
  document_summary s;
  s.id = std::move(id);
  s.title = std::move(title);
  s.created_at = created;
  s.updated_at = updated;
  return s;
}

// What one node holding every document would answer for the query.
std::vector<std::string> single_node_ids(std::vector<document_summary> all, const list_query& q) {
  document_page one{all, all.size()};
  auto page = merge_pages({one}, q);
  std::vector<std::string> ids;
  for (const auto& s : page.items) ids.push_back(s.id);
  return ids;
}

TEST(MergePages, OrdersByTheQuerysSortAndSlices) {
  list_query q;
  q.sort = document_sort::title_asc;
  q.offset = 1;
  q.limit = 2;
  document_page a{{summary("1", "beta", 1, 1), summary("2", "Delta", 2, 2)}, 2};
  document_page b{{summary("3", "alpha", 3, 3), summary("4", "Charlie", 4, 4)}, 2};
  auto page = merge_pages({a, b}, q);
  EXPECT_EQ(page.total, 4u);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].title, "beta");  // NOCASE: alpha, beta, Charlie, Delta
  EXPECT_EQ(page.items[1].title, "Charlie");
}

TEST(MemberListQuery, AsksEachMemberForTheFirstOffsetPlusLimit) {
  list_query q;
  q.offset = 40;
  q.limit = 10;
  auto mq = member_list_query(q, 1000);
  ASSERT_TRUE(mq);
  EXPECT_EQ(mq->offset, 0u);
  EXPECT_EQ(mq->limit, 50u);
  q.offset = 995;
  auto too_deep = member_list_query(q, 1000);
  ASSERT_FALSE(too_deep);
  EXPECT_EQ(too_deep.error().code, errc::invalid_input);
}

RC_GTEST_PROP(MergePagesProperty, SplitThenMergeEqualsOneNode,
              (uint8_t doc_count, uint8_t members, uint8_t offset, uint8_t limit, uint8_t sort)) {
  std::vector<document_summary> all;
  for (int i = 0; i < doc_count; ++i)
    all.push_back(
        summary("id" + std::to_string(i), std::string(1, char('a' + i % 7)), i % 5, (i * 7) % 11));
  list_query q;
  q.sort = static_cast<document_sort>(sort % 3);
  q.offset = offset % 40;
  q.limit = 1 + limit % 40;
  // Each member answers its first offset+limit documents in order, like the store.
  const size_t n = 1 + members % 4;
  std::vector<std::vector<document_summary>> shares(n);
  for (size_t i = 0; i < all.size(); ++i) shares[i % n].push_back(all[i]);
  auto mq = *member_list_query(q, 1000);
  std::vector<document_page> pages;
  for (auto& share : shares) {
    document_page full{share, share.size()};
    auto first = merge_pages({full}, mq);
    first.total = share.size();
    pages.push_back(first);
  }
  auto merged = merge_pages(pages, q);
  std::vector<std::string> ids;
  for (const auto& s : merged.items) ids.push_back(s.id);
  RC_ASSERT(ids == single_node_ids(all, q));
  RC_ASSERT(merged.total == all.size());
}

TEST(MergeHits, KeepsTheBestRanksAcrossMembers) {
  std::vector<search_hit> a{{"a1", "", "", -3.0}, {"a2", "", "", -1.0}};
  std::vector<search_hit> b{{"b1", "", "", -2.0}};
  auto hits = merge_hits({a, b}, 2);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].document_id, "a1");
  EXPECT_EQ(hits[1].document_id, "b1");
}

TEST(MergeProjects, UnionsDocumentsOfTheSameProject) {
  project p1{"p", "Novel", "", {"d1"}, 1, 1, 1};
  project p2{"p", "Novel", "", {"d2"}, 1, 1, 1};
  project q{"q", "alpha", "", {}, 1, 1, 1};
  auto merged = merge_projects({{p1, q}, {p2}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].id, "q");  // alpha before Novel, case-insensitively
  EXPECT_EQ(merged[1].document_ids, (std::vector<std::string>{"d1", "d2"}));
}

TEST(MergeExports, ConcatenatesFilesAndKeepsTruncationAndCancellation) {
  auto r = merge_exports({{{"a/x.md"}, false, false}, {{"b/y.md"}, true, false}});
  EXPECT_EQ(r.files.size(), 2u);
  EXPECT_TRUE(r.truncated);
  EXPECT_FALSE(r.cancelled);
  // One member's export cancelled is the whole export cancelled.
  auto c = merge_exports({{{"a/x.md"}, false, true}, {{"b/y.md"}, false, false}});
  EXPECT_TRUE(c.cancelled);
  EXPECT_FALSE(c.truncated);
}

}  // namespace
}  // namespace wm::cluster
