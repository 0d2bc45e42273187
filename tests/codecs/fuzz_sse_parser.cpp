// Fuzz target: the SSE parser must never crash, must stay within its size limit, and must
// produce the same events whether the input arrives whole or split (at a point and byte-wise).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "adapters/sse/sse_parser.hpp"

namespace {

struct outcome {
  std::vector<wm::sse::event> events;
  bool feed_ok = true;
  bool finish_ok = true;
};

template <class Split>
outcome parse(std::string_view input, std::size_t max, Split&& split) {
  wm::sse::parser p{max};
  outcome o;
  auto cb = [&](const wm::sse::event& e) {
    if (e.data.size() > max) std::abort();
    o.events.push_back(e);
  };
  split([&](std::string_view chunk) {
    if (o.feed_ok) o.feed_ok = p.feed(chunk, cb).ok();
  });
  o.finish_ok = p.finish().ok();
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the split point and a small event limit, to reach the limit paths.
  const std::size_t max = 16 + data[0] * 4u;
  const std::string_view input{reinterpret_cast<const char*>(data) + 1, size - 1};
  const std::size_t cut = input.empty() ? 0 : data[0] % (input.size() + 1);

  const auto whole = parse(input, max, [&](auto feed) { feed(input); });
  const auto two = parse(input, max, [&](auto feed) {
    feed(input.substr(0, cut));
    feed(input.substr(cut));
  });
  const auto bytes = parse(input, max, [&](auto feed) {
    for (std::size_t i = 0; i < input.size(); ++i) feed(input.substr(i, 1));
  });
  // The limit is on the pending event, whose size does not depend on the split.
  if (whole.feed_ok != two.feed_ok || whole.feed_ok != bytes.feed_ok) std::abort();
  if (whole.feed_ok) {
    if (!(whole.events == two.events) || !(whole.events == bytes.events)) std::abort();
    if (whole.finish_ok != two.finish_ok || whole.finish_ok != bytes.finish_ok) std::abort();
  }
  return 0;
}
