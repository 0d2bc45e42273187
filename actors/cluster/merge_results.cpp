#include "actors/cluster/merge_results.hpp"

#include <strings.h>
#include <algorithm>
#include <map>

namespace wm::cluster {

namespace {

// SQLite's NOCASE folds ASCII only; so does strcasecmp in the C locale.
int compare_nocase(const std::string& a, const std::string& b) {
  return ::strcasecmp(a.c_str(), b.c_str());
}

bool comes_first(const document_summary& a, const document_summary& b, document_sort sort) {
  switch (sort) {
    case document_sort::created_desc:
      if (a.created_at != b.created_at) return a.created_at > b.created_at;
      break;
    case document_sort::title_asc:
      if (int c = compare_nocase(a.title, b.title); c != 0) return c < 0;
      break;
    case document_sort::updated_desc:
    default:
      if (a.updated_at != b.updated_at) return a.updated_at > b.updated_at;
      break;
  }
  return a.id < b.id;
}

}  // namespace

result<list_query> member_list_query(const list_query& q, uint32_t max_page) {
  const uint64_t wanted = uint64_t{q.offset} + q.limit;
  if (wanted > max_page)
    return failure{errc::invalid_input,
                   "in a cluster a listing reaches at most " + std::to_string(max_page) +
                       " documents deep (offset + limit); got " + std::to_string(wanted)};
  list_query out = q;
  out.offset = 0;
  out.limit = static_cast<uint32_t>(wanted);
  return out;
}

document_page merge_pages(std::vector<document_page> pages, const list_query& q) {
  document_page out;
  std::vector<document_summary> all;
  for (auto& page : pages) {
    out.total += page.total;
    std::move(page.items.begin(), page.items.end(), std::back_inserter(all));
  }
  std::sort(all.begin(), all.end(), [&](const document_summary& a, const document_summary& b) {
    return comes_first(a, b, q.sort);
  });
  const size_t begin = std::min<size_t>(q.offset, all.size());
  const size_t end = std::min<size_t>(begin + q.limit, all.size());
  out.items.assign(std::make_move_iterator(all.begin() + static_cast<ptrdiff_t>(begin)),
                   std::make_move_iterator(all.begin() + static_cast<ptrdiff_t>(end)));
  return out;
}

std::vector<search_hit> merge_hits(std::vector<std::vector<search_hit>> per_member,
                                   uint32_t limit) {
  std::vector<search_hit> all;
  for (auto& hits : per_member) std::move(hits.begin(), hits.end(), std::back_inserter(all));
  std::sort(all.begin(), all.end(), [](const search_hit& a, const search_hit& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.document_id < b.document_id;
  });
  if (all.size() > limit) all.resize(limit);
  return all;
}

std::vector<project> merge_projects(std::vector<std::vector<project>> per_member) {
  std::map<std::string, project> by_id;
  for (auto& projects : per_member) {
    for (auto& p : projects) {
      auto [it, fresh] = by_id.try_emplace(p.id, p);
      if (fresh) continue;
      // Each member lists only its own documents of the project; the newest metadata wins.
      auto& merged = it->second;
      merged.document_ids.insert(merged.document_ids.end(), p.document_ids.begin(),
                                 p.document_ids.end());
      if (p.updated_at > merged.updated_at) {
        merged.name = p.name;
        merged.description = p.description;
        merged.version = p.version;
        merged.updated_at = p.updated_at;
      }
    }
  }
  std::vector<project> out;
  out.reserve(by_id.size());
  for (auto& [id, p] : by_id) out.push_back(std::move(p));
  std::sort(out.begin(), out.end(), [](const project& a, const project& b) {
    if (int c = compare_nocase(a.name, b.name); c != 0) return c < 0;
    return a.id < b.id;
  });
  return out;
}

export_report merge_exports(std::vector<export_report> reports) {
  export_report out;
  for (auto& r : reports) {
    std::move(r.files.begin(), r.files.end(), std::back_inserter(out.files));
    out.truncated = out.truncated || r.truncated;
    out.cancelled = out.cancelled || r.cancelled;
  }
  return out;
}

}  // namespace wm::cluster
