#pragma once
// The JSON bodies of the document routes read into plain values: pure (no request, no actor),
// so a fuzz target drives them. Every failure is invalid_input naming the field. The routes
// add what comes from elsewhere: the id from the path, the expected version from If-Match.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/documents.hpp"
#include "messages/result.hpp"

namespace wm::http_api {

// POST /v1/documents: {title, content?, content_type?, id?, project_id?, author?}.
result<create_document_cmd> read_create_document_body(std::string_view body);

// PUT /v1/documents/{id}: {title?, content?, version?, author?}, title and/or content.
struct update_document_body {
  std::optional<std::string> title;
  std::optional<std::string> content;
  std::optional<uint64_t> version;
  std::string author;
};
result<update_document_body> read_update_document_body(std::string_view body);

// PATCH /v1/documents/{id}: {edits: [{offset, length, replacement}, ...], version?, author?}.
struct patch_document_body {
  std::vector<text_edit> edits;  // never empty
  std::optional<uint64_t> version;
  std::string author;
};
result<patch_document_body> read_patch_document_body(std::string_view body);

// POST /v1/documents/{id}/restore: {version, expected_version?, author?}.
struct restore_document_body {
  uint64_t version = 0;
  std::optional<uint64_t> expected_version;
  std::string author;
};
result<restore_document_body> read_restore_document_body(std::string_view body);

}  // namespace wm::http_api
