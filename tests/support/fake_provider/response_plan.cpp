#include "tests/support/fake_provider/response_plan.hpp"

#include "adapters/http_server/reason_phrase.hpp"

namespace wm::fake {

std::string response_head(int status, std::string_view content_type, std::optional<size_t> length,
                          std::string_view extra_headers) {
  std::string h = "HTTP/1.1 " + std::to_string(status) + " " + http::reason_phrase(status) +
                  "\r\nContent-Type: ";
  h += content_type;
  h += "\r\n";
  h += length ? "Content-Length: " + std::to_string(*length) + "\r\n"
              : std::string("Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n");
  h += extra_headers;
  h += "\r\n";
  return h;
}

response_plan immediate_response(int status, std::string_view content_type, std::string_view body,
                                 std::string_view extra_headers) {
  response_plan plan;
  plan.steps.push_back(
      {std::chrono::milliseconds{0},
       response_head(status, content_type, body.size(), extra_headers) + std::string(body)});
  return plan;
}

}  // namespace wm::fake
