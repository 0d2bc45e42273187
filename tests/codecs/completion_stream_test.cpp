// Whole streaming bodies through SSE parser + decoder, split every possible way.
#include "adapters/codecs/completion_stream.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace {

using namespace wm;
using namespace wm::codecs;

const std::string openai_body =
    ": OPENROUTER PROCESSING\r\n\r\n"
    "data: "
    "{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}"
    "}]}\r\n\r\n"
    "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Once \"}}]}\r\n\r\n"
    "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"upon "
    "\\u00e9\"}}]}\r\n\r\n"
    "data: "
    "{\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}"
    "\r\n\r\n"
    "data: "
    "{\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}"
    "\r\n\r\n"
    "data: [DONE]\r\n\r\n";

const std::string anthropic_body =
    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"c\","
    "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n"
    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\nb\"}}\n\n"
    "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
    "\"max_tokens\"},\"usage\":{\"output_tokens\":3}}\n\n"
    "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

struct outcome {
  std::string text;
  bool ok = false;
  completion_result summary;
};

outcome run(provider_kind kind, const std::string& body, const std::vector<std::size_t>& cuts) {
  completion_stream s{kind};
  outcome o;
  std::size_t at = 0;
  bool fed_ok = true;
  auto on_text = [&](std::string_view t) { o.text += t; };
  for (std::size_t cut : cuts) {
    fed_ok = fed_ok && s.feed(std::string_view{body}.substr(at, cut - at), on_text).ok();
    at = cut;
  }
  fed_ok = fed_ok && s.feed(std::string_view{body}.substr(at), on_text).ok();
  o.ok = fed_ok && s.finish().ok();
  o.summary = s.summary();
  return o;
}

TEST(CompletionStream, OpenAiWhole) {
  auto o = run(provider_kind::openai, openai_body, {});
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(o.text, "Once upon \xC3\xA9");
  EXPECT_EQ(o.summary.finish_reason, "length");
  EXPECT_EQ(o.summary.usage.prompt_tokens, 4u);
  EXPECT_EQ(o.summary.usage.completion_tokens, 2u);
}

TEST(CompletionStream, AnthropicWhole) {
  auto o = run(provider_kind::anthropic, anthropic_body, {});
  EXPECT_TRUE(o.ok);
  EXPECT_EQ(o.text, "a\nb");
  EXPECT_EQ(o.summary.finish_reason, "length");
  EXPECT_EQ(o.summary.usage.prompt_tokens, 7u);
  EXPECT_EQ(o.summary.usage.completion_tokens, 3u);
}

TEST(CompletionStream, EverySingleCutGivesTheSameResult) {
  for (auto [kind, body] : {std::pair{provider_kind::openai, openai_body},
                            std::pair{provider_kind::anthropic, anthropic_body}}) {
    const auto whole = run(kind, body, {});
    for (std::size_t cut = 0; cut <= body.size(); ++cut) {
      auto o = run(kind, body, {cut});
      ASSERT_EQ(o.text, whole.text) << "cut " << cut;
      ASSERT_EQ(o.ok, whole.ok) << "cut " << cut;
    }
  }
}

TEST(CompletionStream, TruncationAtEveryPointBeforeTheEndIsAnErrorNotAHang) {
  const auto end = anthropic_body.find("event: message_stop");
  for (std::size_t len = 0; len < end; len += 7) {
    completion_stream s{provider_kind::anthropic};
    (void)s.feed(std::string_view{anthropic_body}.substr(0, len), nullptr);
    auto st = s.finish();
    ASSERT_FALSE(st.ok()) << len;
    EXPECT_EQ(st.error().code, errc::provider_error);
  }
}

TEST(CompletionStream, OversizedEventFailsAsInvalidInput) {
  completion_stream s{provider_kind::openai, 256};
  auto st = s.feed("data: " + std::string(1000, 'x'), nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, errc::invalid_input);
}

RC_GTEST_PROP(CompletionStreamProperty, RandomChunkingIsInvisible, ()) {
  const bool openai = *rc::gen::arbitrary<bool>();
  const auto& body = openai ? openai_body : anthropic_body;
  const auto kind = openai ? provider_kind::openai : provider_kind::anthropic;
  auto cuts = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(0, body.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  const auto o = run(kind, body, cuts);
  RC_ASSERT(o.ok);
  RC_ASSERT(o.text == run(kind, body, {}).text);
}

}  // namespace
