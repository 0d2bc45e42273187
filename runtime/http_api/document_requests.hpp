#pragma once
// What the document routes read from a request, as plain values: JSON bodies, query strings
// and the If-Match header. Pure (no request object, no actor), so fuzz targets drive them.
// Every failure is invalid_input naming the field, parameter or header. The routes add the
// id from the path.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/document.hpp"
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

// If-Match: "3", W/"3" or 3 (a document version, >= 1). nullopt when the header is absent.
result<std::optional<uint64_t>> read_if_match(std::optional<std::string_view> header);

// The version a write expects, from If-Match and/or the body's "version" (they must agree).
// 0 when neither gives one and it is not `required`.
result<uint64_t> expected_version(std::optional<uint64_t> if_match,
                                  std::optional<uint64_t> from_body, bool required);

// GET /v1/documents?offset=&limit=&project=&sort=&include_deleted=&after=
result<list_query> read_list_query(std::string_view query);

// GET /v1/documents/{id}/history?offset=&limit= (the route sets the id).
result<history_query> read_history_query(std::string_view query);

// GET /v1/search?q=&limit=
struct search_request {
  std::string text;
  uint32_t limit = 20;
};
result<search_request> read_search_query(std::string_view query);

}  // namespace wm::http_api
