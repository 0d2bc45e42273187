#pragma once
// Reading a document's text for other commands (`ai rewrite --doc ID`).
#include <string>

#include "messages/result.hpp"
#include "runtime/cli/shell/command_context.hpp"

namespace wm::shell {

result<std::string> document_text(command_context& ctx, const std::string& id);

}  // namespace wm::shell
