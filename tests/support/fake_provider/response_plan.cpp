#include "tests/support/fake_provider/response_plan.hpp"

#include "adapters/http_server/reason_phrase.hpp"

namespace wm::fake {

response_plan immediate_response(int status, std::string_view content_type, std::string_view body,
                                 std::string_view extra_headers) {
  std::string bytes = "HTTP/1.1 " + std::to_string(status) + " " + http::reason_phrase(status) +
                      "\r\nContent-Type: ";
  bytes += content_type;
  bytes += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  bytes += extra_headers;
  bytes += "\r\n";
  bytes += body;
  response_plan plan;
  plan.steps.push_back({std::chrono::milliseconds{0}, std::move(bytes)});
  return plan;
}

}  // namespace wm::fake
