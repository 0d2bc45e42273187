#include "adapters/http_server/request_id.hpp"

#include <atomic>
#include <cstdint>
#include <random>

namespace wm::http {

bool is_sane_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string generate_request_id() {
  // A random per-process prefix plus a counter: unique without a lock or a syscall.
  static const uint64_t prefix = [] {
    std::random_device rd;
    return (static_cast<uint64_t>(rd()) << 32) ^ rd();
  }();
  static std::atomic<uint64_t> counter{0};
  const uint64_t n = counter.fetch_add(1, std::memory_order_relaxed);
  // Mix the counter so consecutive ids do not look alike (splitmix64 is a bijection).
  uint64_t z = n + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[15 - i] = digits[(prefix >> (4 * i)) & 0xf];
    out[31 - i] = digits[(z >> (4 * i)) & 0xf];
  }
  return out;
}

std::string choose_request_id(std::string_view from_client) {
  if (is_sane_request_id(from_client)) return std::string{from_client};
  return generate_request_id();
}

}  // namespace wm::http
