// Fuzz target for http.listen ("127.0.0.1:8080", "[::1]:0"). Asserts: no crash; a failure is
// invalid_input naming the address; what parses is written back the way the README shows it
// and parses to the same host, port and family.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/http_server/listen_address.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  auto addr = http::parse_listen_address(text);
  if (!addr.ok()) {
    check(addr.error().code == errc::invalid_input);
    check(addr.error().message.find("listen address") != std::string::npos);
    return 0;
  }
  // A plain host never holds ':' (IPv6 needs brackets); a bracketed one is never empty.
  check(addr->ipv6 || addr->host.find(':') == std::string::npos);
  check(!addr->ipv6 || !addr->host.empty());
  const std::string host = addr->ipv6 ? "[" + addr->host + "]" : addr->host;
  auto again = http::parse_listen_address(host + ":" + std::to_string(addr->port));
  check(again.ok());
  check(again->host == addr->host && again->port == addr->port && again->ipv6 == addr->ipv6);
  return 0;
}
