#pragma once
// Merging the answers of every member for the requests that span the cluster (listing,
// search, projects). Pure functions: the cluster actor gathers, these combine.
#include <cstdint>
#include <vector>

#include "messages/document.hpp"
#include "messages/documents.hpp"
#include "messages/result.hpp"

namespace wm::cluster {

// What each member is asked for a listing: the first offset+limit of its own documents
// in the query's order. Fails (invalid_input) when offset+limit exceeds one member's page
// limit, since a member can only be asked for one page.
result<list_query> member_list_query(const list_query& q, uint32_t max_page);

// The page the query asked for, out of every member's first offset+limit documents, in
// the store's orders (ties by id, which is unique cluster-wide); total is the sum.
document_page merge_pages(std::vector<document_page> pages, const list_query& q);

// The best `limit` hits across members by bm25 rank (lower is better; each member's
// ranks come from its own index statistics, so the merge is close, not exact).
std::vector<search_hit> merge_hits(std::vector<std::vector<search_hit>> per_member, uint32_t limit);

// Projects are on every member; the union by id, sorted by name then id.
std::vector<project> merge_projects(std::vector<std::vector<project>> per_member);

// One export report out of each member's (each wrote its own documents); cancelled when
// any member's was.
export_report merge_exports(std::vector<export_report> reports);

}  // namespace wm::cluster
