#pragma once
// The reason phrase of an HTTP status line, shared by the node's HTTP server and the fake
// provider used in tests (both write their own status lines).

namespace wm::http {

// "Not Found" for 404; civetweb's table plus the non-standard codes the project sends or
// scripts (499 client closed request, 529 Anthropic's overloaded). Never null.
const char* reason_phrase(int status) noexcept;

}  // namespace wm::http
