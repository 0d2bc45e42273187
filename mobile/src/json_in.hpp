#pragma once
// Parsing of the facade's JSON arguments into the core's commands. Strict: unknown keys,
// wrong types and out-of-range numbers are errc::invalid_input naming the key.
#include <string>
#include <string_view>

#include "messages/ai.hpp"
#include "messages/documents.hpp"
#include "messages/result.hpp"

namespace wm::mobile {

// {"title","content","contentType","projectId","author","id"}
result<create_document_cmd> parse_create_document(std::string_view json);
// {"title","content","author"}; at least one of title/content.
result<update_document_cmd> parse_document_patch(std::string_view json);
// {"name","description","id"}
result<create_project_cmd> parse_create_project(std::string_view json);
// {"offset","limit","projectId","sort","includeDeleted"}; empty: defaults.
result<list_query> parse_list_query(std::string_view json);
// {"prompt" | "messages":[{"role","content"}], "system","model","maxTokens","temperature",
//  "requestId","deadlineMs"}
result<completion_request> parse_completion_request(std::string_view json);

// A writing operation: on `text`, or on the current content of `document_id` (one of the
// two); `options` carries what a completion request may set besides its messages.
struct writing_request {
  writing_op op = writing_op::rewrite;
  std::string text;
  std::string document_id;
  completion_request options;
};
// {"operation": "continue"|"rewrite"|"summarize"|"proofread", "text" | "documentId", "model",
//  "maxTokens","temperature","requestId","deadlineMs"}
result<writing_request> parse_writing_request(std::string_view json);

}  // namespace wm::mobile
