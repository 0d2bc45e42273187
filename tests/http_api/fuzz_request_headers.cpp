// Fuzz target for the request headers the HTTP API reads: Authorization (bearer token) and
// X-Request-Id. The input is split at its first NUL into a header value and a token.
// Asserts: no crash; bearer_matches agrees with a plain reading of "Bearer <token>" (scheme in
// any case, spaces around the token ignored); the request id chosen for any client value is
// sane, and is the client's own exactly when that is sane. The input's lines, read as
// "name:value" headers, go through the framing check: its verdict does not depend on the
// headers' order, and a head it accepts is refused once two different lengths join it.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/http_server/bearer_auth.hpp"
#include "adapters/http_server/request_framing.hpp"
#include "adapters/http_server/request_id.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The reference reading: the scheme, then the token with the spaces around it trimmed.
bool reference_match(std::string_view header, std::string_view token) {
  if (token.empty() || header.size() < 7 || !iequals(header.substr(0, 7), "bearer ")) return false;
  std::string_view presented = header.substr(7);
  while (!presented.empty() && presented.front() == ' ') presented.remove_prefix(1);
  while (!presented.empty() && presented.back() == ' ') presented.remove_suffix(1);
  return presented == token;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm;
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  const auto nul = input.find('\0');
  const std::string_view header = input.substr(0, nul);
  const std::string_view token = nul == std::string_view::npos ? "" : input.substr(nul + 1);

  check(http::constant_time_equals(header, token) == (header == token));
  check(http::bearer_matches(header, token) == reference_match(header, token));
  if (!token.empty() && token.front() != ' ' && token.back() != ' ')
    check(http::bearer_matches("bEaReR " + std::string{token} + "  ", token));

  const std::string id = http::choose_request_id(header);
  check(http::is_sane_request_id(id));
  check((id == header) == http::is_sane_request_id(header));

  std::vector<http::header_view> headers;
  for (size_t at = 0; at < input.size();) {
    const auto end = std::min(input.find('\n', at), input.size());
    const auto line = input.substr(at, end - at);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos)
      headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
    at = end + 1;
  }
  const bool refused = http::framing_problem(headers).has_value();
  std::vector<http::header_view> reversed(headers.rbegin(), headers.rend());
  check(http::framing_problem(reversed).has_value() == refused);
  if (!refused) {
    headers.emplace_back("Content-Length", "1");
    headers.emplace_back("Content-Length", "2");
    check(http::framing_problem(headers).has_value());
  }
  return 0;
}
