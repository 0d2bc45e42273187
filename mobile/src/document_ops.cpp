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
  auto docs = rt.service<documents_actor>(services::documents);
  if (cmd.expected_version != 0)
    return rt.call<document>(docs, doc_timeout, update_atom::value, std::move(cmd));
  for (int attempt = 0;; ++attempt) {
    auto current = get_document(rt, cmd.id);
    if (!current) return current.error();
    auto attempt_cmd = cmd;
    attempt_cmd.expected_version = current->version;
    auto out = rt.call<document>(docs, doc_timeout, update_atom::value, std::move(attempt_cmd));
    if (out || out.error().code != errc::conflict || attempt == 4) return out;
  }
}

}  // namespace wm::mobile
