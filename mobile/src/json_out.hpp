#pragma once
// JSON the facade returns (camelCase keys). Written with wm::codecs::json_writer, the one
// JSON writer of the project.
#include <string>
#include <vector>

#include "messages/ai.hpp"
#include "messages/document.hpp"
#include "messages/text_stats.hpp"

namespace wm::mobile {

// Full document: id, projectId, title, content, contentType, contentHash, wordCount,
// characterCount (code points), createdAt, updatedAt (ms since epoch), createdBy, updatedBy,
// version, isDeleted.
std::string document_json(const document& d);
std::string page_json(const document_page& p);
std::string revisions_json(const std::vector<revision>& revs);
std::string hits_json(const std::vector<search_hit>& hits);
std::string text_stats_json(const text_stats& s);
std::string completion_result_json(const completion_result& r);
// id, name, description, documentIds, createdAt, updatedAt (ISO-8601), version.
std::string project_json(const project& p);

// The original core's shapes (compatibility layer): timestamps as ISO-8601 UTC.
std::string compat_document_json(const document& d);
std::string compat_list_json(const document_page& p);

}  // namespace wm::mobile
