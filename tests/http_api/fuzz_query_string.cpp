// Fuzz target for query strings (GET /v1/documents?q=...&limit=...). Asserts: no crash; a
// failure is invalid_input with a message; what parses survives a round trip: encoding every
// decoded name and value with %XX escapes and parsing that gives the same pairs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/http_server/query_string.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;

// Escapes every byte but the unreserved ones (RFC 3986), so '+', '&', '=' and '%' survive.
std::string encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm;
  const std::string_view query{reinterpret_cast<const char*>(data), size};
  auto params = http::parse_query(query);
  if (wm::fuzz::refused_clearly(params)) return 0;
  std::string again;
  for (const auto& [name, value] : *params) {
    if (!again.empty()) again += '&';
    again += encode(name) + '=' + encode(value);
  }
  auto reparsed = http::parse_query(again);
  check(reparsed.ok());
  // Pairs with an empty name and value ("=") come back; empty pairs ("&&") never appear.
  check(*reparsed == *params);
  for (const auto& [name, value] : *params) check(http::query_value(*params, name).has_value());
  return 0;
}
