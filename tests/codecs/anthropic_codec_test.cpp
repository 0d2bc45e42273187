// Anthropic Messages: request bodies, real-shaped responses, streams, errors.
#include "adapters/codecs/anthropic_codec.hpp"

#include <gtest/gtest.h>

#include "codec_test_util.hpp"

namespace {

using namespace wm;
using namespace wm::codecs;
using wm::codecs::test::parse_dom;
using wm::codecs::test::run_stream;

completion_request sample_request(bool stream) {
  completion_request req;
  req.model = "claude-sonnet-4-20250514";
  req.messages = {{"system", "Be brief."},
                  {"user", "Hello \"Claude\" \xE2\x9C\x93"},
                  {"assistant", "Hi."},
                  {"system", "Answer in English."},
                  {"user", "line1\nline2"}};
  req.max_tokens = 256;
  req.temperature = 0.5;
  req.stream = stream;
  return req;
}

TEST(AnthropicEncode, SystemMovedToTopLevel) {
  auto body = encode_anthropic_request(sample_request(true));
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(*body,
            R"({"model":"claude-sonnet-4-20250514","max_tokens":256,)"
            R"("system":"Be brief.\n\nAnswer in English.","messages":[)"
            R"({"role":"user","content":"Hello \"Claude\" )"
            "\xE2\x9C\x93"
            R"("},)"
            R"({"role":"assistant","content":"Hi."},{"role":"user","content":"line1\nline2"}],)"
            R"("temperature":0.5,"stream":true})");
  simdjson::dom::parser p;
  auto root = parse_dom(p, *body);
  EXPECT_EQ(root["messages"].get_array().size(), 3u);
}

TEST(AnthropicEncode, NoSystemFieldWithoutSystemMessages) {
  auto req = sample_request(false);
  req.messages = {{"user", "x"}};
  auto body = encode_anthropic_request(req);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->find("\"system\""), std::string::npos);
  EXPECT_NE(body->find("\"stream\":false"), std::string::npos);
}

TEST(AnthropicEncode, Validation) {
  auto req = sample_request(false);
  req.messages = {{"system", "only system"}};
  EXPECT_EQ(encode_anthropic_request(req).error().code, errc::invalid_input);
  req = sample_request(false);
  req.max_tokens = 0;  // required by the API
  EXPECT_EQ(encode_anthropic_request(req).error().code, errc::invalid_input);
  req = sample_request(false);
  req.temperature = 1.5;  // Anthropic's range is [0, 1]
  EXPECT_EQ(encode_anthropic_request(req).error().code, errc::invalid_input);
  req = sample_request(false);
  req.model.clear();
  EXPECT_EQ(encode_anthropic_request(req).error().code, errc::invalid_input);
  EXPECT_TRUE(encode_anthropic_request(req, "claude-3-5-haiku-latest").ok());
  req.messages.push_back({"developer", "x"});
  EXPECT_EQ(encode_anthropic_request(req, "m").error().code, errc::invalid_input);
}

constexpr const char* response_body = R"({
  "id": "msg_013Zva2CMHLNnXjNJJKqJ2EF",
  "type": "message",
  "role": "assistant",
  "model": "claude-sonnet-4-20250514",
  "content": [
    {"type": "text", "text": "Hi! My name is Claude. \u2713"},
    {"type": "tool_use", "id": "toolu_1", "name": "t", "input": {"text": "not output"}},
    {"type": "text", "text": " Bye\ud83d\udc4b"}
  ],
  "stop_reason": "end_turn",
  "stop_sequence": null,
  "usage": {"input_tokens": 2095, "output_tokens": 503,
            "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
})";

TEST(AnthropicDecode, NonStreamingResponse) {
  auto r = decode_anthropic_response(response_body);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "Hi! My name is Claude. \xE2\x9C\x93 Bye\xF0\x9F\x91\x8B");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->model, "claude-sonnet-4-20250514");
  EXPECT_EQ(r->provider, "anthropic");
  EXPECT_EQ(r->usage.prompt_tokens, 2095u);
  EXPECT_EQ(r->usage.completion_tokens, 503u);
}

TEST(AnthropicDecode, StopReasonsNormalized) {
  EXPECT_EQ(normalize_stop_reason("end_turn"), "stop");
  EXPECT_EQ(normalize_stop_reason("stop_sequence"), "stop");
  EXPECT_EQ(normalize_stop_reason("max_tokens"), "length");
  EXPECT_EQ(normalize_stop_reason("tool_use"), "tool_use");
}

TEST(AnthropicDecode, ErrorBody) {
  auto r = decode_anthropic_response(
      R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::unavailable);
  EXPECT_NE(r.error().message.find("Overloaded"), std::string::npos);
}

TEST(AnthropicDecode, MalformedAndTruncatedBodies) {
  const std::string full = response_body;
  for (std::size_t cut = 0; cut < full.size(); cut += 37) {
    auto r = decode_anthropic_response(full.substr(0, cut));
    ASSERT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_EQ(r.error().code, errc::provider_error);
    EXPECT_EQ(r.error().message.rfind("malformed response: ", 0), 0u) << r.error().message;
  }
  for (const char* bad :
       {"", "{}", R"({"content":{}})", R"({"content":[{"type":"text","text":1}]})",
        R"({"content":[],"usage":{"input_tokens":"3"}})", "\xEF\xBB\xBF{}"}) {
    auto r = decode_anthropic_response(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, errc::provider_error) << bad;
  }
}

// The documented event sequence, with ping and a non-text block in between.
constexpr const char* stream_body =
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
    "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-20250514\","
    "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,"
    "\"output_tokens\":1}}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
    "\"text\":\"\"}}\n\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"Hello\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
    "\"text\":\"! \\u00e9\\ud83d\\ude00\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
    "\"partial_json\":\"{\\\"a\\\"\"}}\n\n"
    "event: content_block_stop\n"
    "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":12}}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
    "\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n\n";

TEST(AnthropicStream, FullEventSequence) {
  anthropic_stream_decoder d;
  auto r = run_stream(d, stream_body);
  ASSERT_FALSE(r.failed) << r.failed->message;
  EXPECT_EQ(r.texts, (std::vector<std::string>{"Hello", "! \xC3\xA9\xF0\x9F\x98\x80"}));
  EXPECT_TRUE(d.done());
  EXPECT_TRUE(r.finished.ok());
  EXPECT_EQ(d.summary().text, "Hello! \xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(d.summary().finish_reason, "stop");
  EXPECT_EQ(d.summary().model, "claude-sonnet-4-20250514");
  EXPECT_EQ(d.summary().usage.prompt_tokens, 25u);
  EXPECT_EQ(d.summary().usage.completion_tokens, 15u);  // cumulative: replaced, not summed
}

TEST(AnthropicStream, TruncatedBeforeMessageStop) {
  std::string body = stream_body;
  body = body.substr(0, body.find("event: message_delta"));
  anthropic_stream_decoder d;
  auto r = run_stream(d, body);
  ASSERT_FALSE(r.failed);
  ASSERT_FALSE(r.finished.ok());
  EXPECT_EQ(r.finished.error().code, errc::provider_error);
}

TEST(AnthropicStream, MidStreamErrorEvent) {
  anthropic_stream_decoder d;
  auto r = run_stream(
      d,
      "event: content_block_delta\n"
      "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\","
      "\"text\":\"Hi\"}}\n\n"
      "event: error\n"
      "data: "
      "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
      "\n\n");
  ASSERT_TRUE(r.failed);
  EXPECT_EQ(r.failed->code, errc::unavailable);
  EXPECT_NE(r.failed->message.find("Overloaded"), std::string::npos);
  EXPECT_EQ(r.texts, std::vector<std::string>{"Hi"});
  EXPECT_FALSE(r.finished.ok());
}

TEST(AnthropicStream, ErrorTypesMapToErrc) {
  const std::pair<const char*, errc> cases[] = {
      {"rate_limit_error", errc::rate_limited},       {"api_error", errc::provider_error},
      {"invalid_request_error", errc::invalid_input}, {"authentication_error", errc::unauthorized},
      {"permission_error", errc::forbidden},          {"not_found_error", errc::not_found},
      {"request_too_large", errc::payload_too_large}, {"something_new", errc::provider_error}};
  for (const auto& [type, code] : cases) {
    anthropic_stream_decoder d;
    auto u = d.on_event(sse::event{
        "error",
        std::string{R"({"type":"error","error":{"type":")"} + type + R"(","message":"m"}})", ""});
    ASSERT_FALSE(u.ok()) << type;
    EXPECT_EQ(u.error().code, code) << type;
  }
}

TEST(AnthropicStream, UnknownEventsIgnoredAndMalformedFails) {
  anthropic_stream_decoder d;
  EXPECT_TRUE(
      d.on_event(sse::event{"future_event", R"({"type":"future_event","x":[1,2]})", ""}).ok());
  auto u = d.on_event(sse::event{"content_block_delta", R"({"type":"content_block_delta",)", ""});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, errc::provider_error);
}

}  // namespace
