#pragma once
// Helpers shared by the codec tests: parse a JSON body the codecs produced, and run an SSE
// byte stream through a stream decoder.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <optional>
#include <string>
#include <vector>

#include "adapters/codecs/stream_decoder.hpp"
#include "adapters/sse/sse_parser.hpp"

namespace wm::codecs::test {

// A DOM parse (independent of the codecs' On-Demand code) to check what the encoders wrote.
inline simdjson::dom::element parse_dom(simdjson::dom::parser& p, const std::string& json) {
  simdjson::dom::element root;
  auto err = p.parse(json).get(root);
  EXPECT_EQ(err, simdjson::SUCCESS) << json;
  return root;
}

struct stream_run {
  std::vector<std::string> texts;
  std::optional<failure> failed;
  status finished;
};

inline stream_run run_stream(stream_decoder& d, std::string_view bytes) {
  stream_run r;
  sse::parser p;
  auto st = p.feed(bytes, [&](const sse::event& ev) {
    if (r.failed) return;
    auto u = d.on_event(ev);
    if (!u) {
      r.failed = u.error();
      return;
    }
    if (!u->text.empty()) r.texts.push_back(u->text);
  });
  EXPECT_TRUE(st.ok());
  r.finished = d.finish();
  return r;
}

}  // namespace wm::codecs::test
