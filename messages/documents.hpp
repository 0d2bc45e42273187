#pragma once
// Commands and replies of the documents service (the router the edges call) and of the
// store actor behind it. Plain values with inspect(), so they can cross nodes.
// Optional numbers use 0 for "not given": document and project versions start at 1.
#include <caf/meta/type_name.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "messages/document.hpp"

namespace wm {

// id empty: the service generates a UUID v4.
struct create_document_cmd {
  std::string id;
  std::string project_id;  // empty: no project
  std::string title;
  std::string content;
  std::string content_type = "markdown";
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, create_document_cmd& x) {
  return f(caf::meta::type_name("wm.create_document_cmd"), x.id, x.project_id, x.title, x.content,
           x.content_type, x.author);
}

// Full replacement of the content and/or the title, based on expected_version. any_version
// (the C facade's WM_ANY_VERSION) applies it on top of whatever version is current when the
// document actor takes it, so concurrent writers never conflict; expected_version is then 0.
struct update_document_cmd {
  std::string id;
  uint64_t expected_version = 0;
  bool any_version = false;
  bool set_title = false;
  std::string title;
  bool set_content = false;
  std::string content;
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, update_document_cmd& x) {
  return f(caf::meta::type_name("wm.update_document_cmd"), x.id, x.expected_version, x.any_version,
           x.set_title, x.title, x.set_content, x.content, x.author);
}

// Replaces `length` code points at `offset` (code points) with `replacement`. Edits of
// one patch apply in order, each to the result of the previous one.
struct text_edit {
  uint64_t offset = 0;
  uint64_t length = 0;
  std::string replacement;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, text_edit& x) {
  return f(caf::meta::type_name("wm.text_edit"), x.offset, x.length, x.replacement);
}

// At most this many edits per patch: each one scans the text from its start, so a patch
// costs edits x document size (a large rewrite is a PUT).
inline constexpr std::size_t max_patch_edits = 1'000;

struct patch_document_cmd {
  std::string id;
  uint64_t expected_version = 0;  // required
  std::vector<text_edit> edits;
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, patch_document_cmd& x) {
  return f(caf::meta::type_name("wm.patch_document_cmd"), x.id, x.expected_version, x.edits,
           x.author);
}

struct rename_document_cmd {
  std::string id;
  std::string title;
  uint64_t expected_version = 0;  // 0: no version check
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, rename_document_cmd& x) {
  return f(caf::meta::type_name("wm.rename_document_cmd"), x.id, x.title, x.expected_version,
           x.author);
}

// project_id empty: out of its project.
struct move_document_cmd {
  std::string id;
  std::string project_id;
  uint64_t expected_version = 0;  // 0: no version check
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, move_document_cmd& x) {
  return f(caf::meta::type_name("wm.move_document_cmd"), x.id, x.project_id, x.expected_version);
}

// Soft delete (delete_atom), undo (undelete_atom) and for-good removal (purge_atom).
struct delete_document_cmd {
  std::string id;
  uint64_t expected_version = 0;  // 0: no version check (ignored by undelete and purge)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delete_document_cmd& x) {
  return f(caf::meta::type_name("wm.delete_document_cmd"), x.id, x.expected_version);
}

struct history_query {
  std::string id;
  uint32_t offset = 0;  // 0..10000
  uint32_t limit = 50;  // 1..1000
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, history_query& x) {
  return f(caf::meta::type_name("wm.history_query"), x.id, x.offset, x.limit);
}

// Makes an old version current again, as a new version.
struct restore_cmd {
  std::string id;
  uint64_t version = 0;
  uint64_t expected_version = 0;  // 0: no version check
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, restore_cmd& x) {
  return f(caf::meta::type_name("wm.restore_cmd"), x.id, x.version, x.expected_version, x.author);
}

// Byte-exact find and replace within one document, as one new version.
struct find_replace_cmd {
  std::string id;
  uint64_t expected_version = 0;  // required
  std::string find;
  std::string replace;
  bool all = true;  // false: the first occurrence only
  std::string author;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, find_replace_cmd& x) {
  return f(caf::meta::type_name("wm.find_replace_cmd"), x.id, x.expected_version, x.find, x.replace,
           x.all, x.author);
}

struct find_replace_result {
  document doc;
  uint64_t replacements = 0;  // 0: nothing matched, no new version
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, find_replace_result& x) {
  return f(caf::meta::type_name("wm.find_replace_result"), x.doc, x.replacements);
}

struct create_project_cmd {
  std::string id;  // empty: generated
  std::string name;
  std::string description;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, create_project_cmd& x) {
  return f(caf::meta::type_name("wm.create_project_cmd"), x.id, x.name, x.description);
}

// What the store committed for one write (mirrors sqlite::write_outcome).
struct write_ack {
  std::string id;
  uint64_t version = 0;
  bool changed = false;
  uint64_t replacements = 0;
  std::string content_hash;
  timestamp_ms updated_at = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, write_ack& x) {
  return f(caf::meta::type_name("wm.write_ack"), x.id, x.version, x.changed, x.replacements,
           x.content_hash, x.updated_at);
}

// Sent to the listener of an import or export job after each file. An export's total is
// the live documents when it started (documents created meanwhile may make done exceed it).
struct file_progress {
  uint64_t done = 0;
  uint64_t total = 0;
  std::string current_file;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, file_progress& x) {
  return f(caf::meta::type_name("wm.file_progress"), x.done, x.total, x.current_file);
}

struct imported_file {
  std::string path;
  std::string document_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, imported_file& x) {
  return f(caf::meta::type_name("wm.imported_file"), x.path, x.document_id);
}

struct skipped_file {
  std::string path;
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, skipped_file& x) {
  return f(caf::meta::type_name("wm.skipped_file"), x.path, x.reason);
}

struct import_report {
  std::vector<imported_file> imported;
  std::vector<skipped_file> skipped;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, import_report& x) {
  return f(caf::meta::type_name("wm.import_report"), x.imported, x.skipped);
}

struct export_report {
  std::vector<std::string> files;  // paths written
  bool truncated = false;          // more documents than a listing can page through
  bool cancelled = false;          // the listener went away: files holds what was written
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, export_report& x) {
  return f(caf::meta::type_name("wm.export_report"), x.files, x.truncated, x.cancelled);
}

}  // namespace wm
