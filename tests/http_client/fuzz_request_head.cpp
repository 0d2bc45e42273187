// Fuzz target: the fake provider's request framing must never crash, must keep its results
// consistent (complete takes a non-empty part of the input within the limits, invalid names a
// known status and a reason), and must read the same request from exactly the bytes it took,
// while every strict prefix of those bytes is still incomplete.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/support/fake_provider/request_head.hpp"

namespace {

using wm::fake::read_request;
using wm::fake::request_framing;
using wm::fake::request_limits;
using state = request_framing::state;

bool same_request(const request_framing& a, const request_framing& b) {
  return a.status == b.status && a.consumed == b.consumed && a.keep_alive == b.keep_alive &&
         a.request.method == b.request.method && a.request.path == b.request.path &&
         a.request.headers == b.request.headers && a.request.body == b.request.body;
}

void check(std::string_view input, const request_limits& limits) {
  const auto f = read_request(input, limits);
  switch (f.status) {
    case state::incomplete:
      if (f.consumed != 0) std::abort();
      return;
    case state::invalid:
      if (f.error_status != 400 && f.error_status != 413 && f.error_status != 431 &&
          f.error_status != 501 && f.error_status != 505)
        std::abort();
      if (f.error_message.empty() || f.consumed != 0) std::abort();
      return;
    case state::complete:
      break;
  }
  if (f.consumed == 0 || f.consumed > input.size()) std::abort();
  if (f.request.body.size() > limits.max_body) std::abort();
  if (f.request.path.empty() || f.request.path.front() != '/') std::abort();
  if (f.expects_continue) std::abort();

  // Exactly the bytes it took give the same request.
  const std::string_view taken = input.substr(0, f.consumed);
  if (!same_request(read_request(taken, limits), f)) std::abort();

  // Every strict prefix of those bytes is still waiting for more: never complete (with another
  // `consumed`) and never refused, so a request split across reads is read like one that is not
  // (at most 64 prefixes, spread over the length, always including the longest).
  const std::size_t step = std::max<std::size_t>(1, f.consumed / 64);
  for (std::size_t n = f.consumed - 1;; n -= std::min(n, step)) {
    const auto part = read_request(taken.substr(0, n), limits);
    if (part.status != state::incomplete) std::abort();
    if (n == 0) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  check(input, request_limits{});
  // Small limits, so the 431 and 413 paths are reached by ordinary inputs.
  check(input, request_limits{.max_head = 256, .max_body = 1024});
  if (size > 0) {
    // A limit picked by the first byte lands near the head and body sizes of small inputs.
    const std::size_t tiny = data[0] % 64;
    check(input.substr(1), request_limits{.max_head = 16 + tiny, .max_body = tiny});
  }
  return 0;
}
