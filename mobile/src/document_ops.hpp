#pragma once
// Document operations the entry points share (handle API and compatibility layer).
#include "messages/document.hpp"
#include "messages/documents.hpp"
#include "mobile/src/runtime_impl.hpp"

namespace wm::mobile {

// Update; expected_version 0 (WM_ANY_VERSION) reads the current version first and retries
// a few times if a concurrent writer gets in between.
result<document> update_document(runtime_impl& rt, update_document_cmd cmd);

result<document> get_document(runtime_impl& rt, const std::string& id);

}  // namespace wm::mobile
