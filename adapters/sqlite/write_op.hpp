#pragma once
// The store's write model. Writes are values so an owner (the store actor) can queue
// the ones that arrive together and commit them as one group through apply_batch().
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "messages/content_digest.hpp"

namespace wm::sqlite {

// id empty: the store generates a UUID v4. A caller-chosen id (a valid UUID) lets a
// later op in the same batch refer to the new document; an existing id is a conflict.
struct create_document_op {
  std::string id;
  std::string title;
  std::string content;
  std::string content_type = "markdown";
  std::string project_id;  // empty: no project
  std::string author;
};

// Full replacement of content and/or title (at least one). expected_version must equal
// the current version, else errc::conflict. `digest`, when given with a content, must be
// digest_content(*content): the caller computed it off the store's thread.
struct update_document_op {
  std::string id;
  uint64_t expected_version = 0;
  std::optional<std::string> title;
  std::optional<std::string> content;
  std::string author;
  std::optional<content_digest> digest = std::nullopt;
};

struct rename_document_op {
  std::string id;
  std::string title;
  std::optional<uint64_t> expected_version;  // nullopt: no version check
  std::string author;
};

// project_id empty: take the document out of its project. Membership is not part of the
// content, so a move keeps the version.
struct move_document_op {
  std::string id;
  std::string project_id;
  std::optional<uint64_t> expected_version;
};

// Soft delete: the document disappears from get/list/search unless asked for.
struct delete_document_op {
  std::string id;
  std::optional<uint64_t> expected_version;
};

// Undoes a soft delete.
struct undelete_document_op {
  std::string id;
};

// Removes the document and all of its revisions for good.
struct purge_document_op {
  std::string id;
};

// Makes the title and content of an old version current again, as a new version.
struct restore_revision_op {
  std::string id;
  uint64_t version = 0;
  std::optional<uint64_t> expected_version;
  std::string author;
};

// Replaces the first (or every) occurrence of find, byte-exact, as one new version.
struct find_replace_op {
  std::string id;
  uint64_t expected_version = 0;
  std::string find;
  std::string replace;
  bool all = true;
  std::string author;
};

struct create_project_op {
  std::string id;  // empty: generated
  std::string name;
  std::string description;
};

struct update_project_op {
  std::string id;
  std::optional<uint64_t> expected_version;
  std::optional<std::string> name;
  std::optional<std::string> description;
};

// Deletes a project; its documents stay, outside any project.
struct delete_project_op {
  std::string id;
};

using write_op =
    std::variant<create_document_op, update_document_op, rename_document_op, move_document_op,
                 delete_document_op, undelete_document_op, purge_document_op, restore_revision_op,
                 find_replace_op, create_project_op, update_project_op, delete_project_op>;

// What a committed op did.
struct write_outcome {
  std::string id;             // the document or project written
  uint64_t version = 0;       // its version after the op (0 after a purge or project delete)
  bool changed = false;       // false: the op was a no-op (nothing new stored)
  uint64_t replacements = 0;  // find_replace_op: occurrences replaced
  std::string content_hash;   // document ops: hash of the current content
  int64_t updated_at = 0;     // ms since epoch
};

}  // namespace wm::sqlite
