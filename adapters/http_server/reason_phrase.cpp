#include "adapters/http_server/reason_phrase.hpp"

#include <civetweb.h>

namespace wm::http {

const char* reason_phrase(int status) noexcept {
  switch (status) {
    case 499:  // nginx's "client closed request": errc::cancelled
      return "Client Closed Request";
    case 529:  // Anthropic: API temporarily overloaded
      return "Overloaded";
    default:
      break;
  }
  // Without a connection civetweb logs nothing; unknown codes get their class ("Client Error").
  const char* text = mg_get_response_code_text(nullptr, status);
  return text != nullptr && *text != '\0' ? text : "Unknown";
}

}  // namespace wm::http
