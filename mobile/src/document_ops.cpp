#include "mobile/src/document_ops.hpp"

#include <caf/all.hpp>

#include "messages/interfaces.hpp"

namespace wm::mobile {

namespace {
constexpr std::chrono::seconds doc_timeout{30};
}  // namespace

result<document> get_document(runtime_impl& rt, const std::string& id) {
  return rt.call<document>(rt.service<documents_actor>(services::documents), doc_timeout,
                           get_atom::value, id);
}

result<document> update_document(runtime_impl& rt, update_document_cmd cmd) {
  cmd.any_version = cmd.expected_version == 0;  // WM_ANY_VERSION
  return rt.call<document>(rt.service<documents_actor>(services::documents), doc_timeout,
                           update_atom::value, std::move(cmd));
}

}  // namespace wm::mobile
