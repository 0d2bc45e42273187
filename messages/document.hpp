#pragma once
// Document and project records as they travel between actors, the store and the
// edges. inspect() makes each one serializable so it can cross nodes.
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace wm {

// Milliseconds since the Unix epoch (UTC).
using timestamp_ms = int64_t;

struct document {
  std::string id;            // UUID v4
  std::string project_id;    // empty: not in a project
  std::string title;         // 1..255 code points
  std::string content;       // UTF-8, validated
  std::string content_type;  // markdown | plain_text | html | json | yaml | code:<lang>
  std::string content_hash;  // hex SHA-256 of content
  uint64_t version = 0;      // from 1, bumped only on a real change
  timestamp_ms created_at = 0;
  timestamp_ms updated_at = 0;
  std::string created_by;
  std::string updated_by;
  bool deleted = false;  // soft delete
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, document& x) {
  return f(caf::meta::type_name("wm.document"), x.id, x.project_id, x.title, x.content,
           x.content_type, x.content_hash, x.version, x.created_at, x.updated_at, x.created_by,
           x.updated_by, x.deleted);
}

// A document without its content, as lists return it.
struct document_summary {
  std::string id;
  std::string project_id;
  std::string title;
  std::string content_type;
  uint64_t version = 0;
  timestamp_ms created_at = 0;
  timestamp_ms updated_at = 0;
  uint64_t word_count = 0;
  uint64_t character_count = 0;
  bool deleted = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, document_summary& x) {
  return f(caf::meta::type_name("wm.document_summary"), x.id, x.project_id, x.title, x.content_type,
           x.version, x.created_at, x.updated_at, x.word_count, x.character_count, x.deleted);
}

// One stored revision: the full content at a version (history and restore).
struct revision {
  std::string document_id;
  uint64_t version = 0;
  std::string title;
  std::string content;
  timestamp_ms created_at = 0;
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, revision& x) {
  return f(caf::meta::type_name("wm.revision"), x.document_id, x.version, x.title, x.content,
           x.created_at, x.author);
}

struct project {
  std::string id;
  std::string name;  // 1..100
  std::string description;
  std::vector<std::string> document_ids;
  uint64_t version = 0;
  timestamp_ms created_at = 0;
  timestamp_ms updated_at = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, project& x) {
  return f(caf::meta::type_name("wm.project"), x.id, x.name, x.description, x.document_ids,
           x.version, x.created_at, x.updated_at);
}

enum class document_sort : uint8_t { updated_desc = 0, created_desc = 1, title_asc = 2 };

struct list_query {
  std::string project_id;  // empty: all documents
  uint32_t offset = 0;     // 0..10000
  uint32_t limit = 50;     // 1..1000
  document_sort sort = document_sort::updated_desc;
  bool include_deleted = false;
  // Keyset paging past the offset cap: only documents after this one (any state, must
  // still exist) in the sort order. Empty: from the start.
  std::string after_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, list_query& x) {
  return f(caf::meta::type_name("wm.list_query"), x.project_id, x.offset, x.limit, x.sort,
           x.include_deleted, x.after_id);
}

struct document_page {
  std::vector<document_summary> items;
  uint64_t total = 0;  // matching documents, before paging
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, document_page& x) {
  return f(caf::meta::type_name("wm.document_page"), x.items, x.total);
}

struct search_hit {
  std::string document_id;
  std::string title;
  std::string snippet;  // matched terms wrapped in [ ]
  double rank = 0;      // bm25: lower is better
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, search_hit& x) {
  return f(caf::meta::type_name("wm.search_hit"), x.document_id, x.title, x.snippet, x.rank);
}

}  // namespace wm
