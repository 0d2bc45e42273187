// OpenAI Chat Completions: request bodies, real-shaped responses, streams, errors.
#include "adapters/codecs/openai_codec.hpp"

#include <gtest/gtest.h>

#include "codec_test_util.hpp"

namespace {

using namespace wm;
using namespace wm::codecs;
using wm::codecs::test::parse_dom;
using wm::codecs::test::run_stream;

completion_request sample_request(bool stream) {
  completion_request req;
  req.request_id = "r1";
  req.model = "gpt-4o-mini";
  req.messages = {{"system", "You are terse."}, {"user", "Say \"hi\"\n\tnow \xF0\x9F\x98\x80"}};
  req.max_tokens = 64;
  req.temperature = 0.2;
  req.stream = stream;
  return req;
}

TEST(OpenAiEncode, NonStreamingBody) {
  auto body = encode_openai_request(sample_request(false));
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(*body,
            R"({"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are terse."},)"
            R"({"role":"user","content":"Say \"hi\"\n\tnow )"
            "\xF0\x9F\x98\x80"
            R"("}],"max_tokens":64,"temperature":0.2,"stream":false})");
}

TEST(OpenAiEncode, StreamingAsksForUsage) {
  auto body = encode_openai_request(sample_request(true));
  ASSERT_TRUE(body.ok());
  simdjson::dom::parser p;
  auto root = parse_dom(p, *body);
  EXPECT_EQ(root["stream"].get_bool().value(), true);
  EXPECT_EQ(root["stream_options"]["include_usage"].get_bool().value(), true);
  // The escaped content decodes back to the original bytes.
  EXPECT_EQ(std::string{root["messages"].at(1)["content"].get_string().value()},
            "Say \"hi\"\n\tnow \xF0\x9F\x98\x80");
}

TEST(OpenAiEncode, DefaultModelAndValidation) {
  auto req = sample_request(false);
  req.model.clear();
  auto body = encode_openai_request(req, "llama3");
  ASSERT_TRUE(body.ok());
  EXPECT_NE(body->find(R"("model":"llama3")"), std::string::npos);
  EXPECT_EQ(encode_openai_request(req).error().code, errc::invalid_input);
  req.model = "m";
  req.temperature = 2.5;
  EXPECT_EQ(encode_openai_request(req).error().code, errc::invalid_input);
  req.temperature = 1;
  req.max_tokens = 0;
  EXPECT_EQ(encode_openai_request(req).error().code, errc::invalid_input);
  req.max_tokens = 1;
  req.messages.push_back({"tool", "x"});
  EXPECT_EQ(encode_openai_request(req).error().code, errc::invalid_input);
  req.messages.clear();
  EXPECT_EQ(encode_openai_request(req).error().code, errc::invalid_input);
}

constexpr const char* response_body = R"({
  "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
  "object": "chat.completion",
  "created": 1741569952,
  "model": "gpt-4o-2024-08-06",
  "choices": [
    {
      "index": 0,
      "message": {
        "role": "assistant",
        "content": "Hello! How can I assist you today? \u00e9\ud83d\ude00\n",
        "refusal": null,
        "annotations": []
      },
      "logprobs": null,
      "finish_reason": "stop"
    }
  ],
  "usage": {
    "prompt_tokens": 19,
    "completion_tokens": 10,
    "total_tokens": 29,
    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
  },
  "service_tier": "default",
  "system_fingerprint": null
})";

TEST(OpenAiDecode, NonStreamingResponse) {
  auto r = decode_openai_response(response_body);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "Hello! How can I assist you today? \xC3\xA9\xF0\x9F\x98\x80\n");
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->model, "gpt-4o-2024-08-06");
  EXPECT_EQ(r->provider, "openai");
  EXPECT_EQ(r->usage.prompt_tokens, 19u);
  EXPECT_EQ(r->usage.completion_tokens, 10u);
}

TEST(OpenAiDecode, NullContentAndLengthFinish) {
  auto r = decode_openai_response(
      R"({"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null},)"
      R"("finish_reason":"length"}]})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->text, "");
  EXPECT_EQ(r->finish_reason, "length");
  EXPECT_EQ(r->usage.prompt_tokens, 0u);
}

TEST(OpenAiDecode, ErrorBodyInA200) {
  auto r = decode_openai_response(
      R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::rate_limited);
  EXPECT_NE(r.error().message.find("Rate limit reached"), std::string::npos);
}

TEST(OpenAiDecode, MalformedAndTruncatedBodies) {
  const std::string full = response_body;
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{1}, std::size_t{50}, full.size() / 2, full.size() - 2}) {
    auto r = decode_openai_response(full.substr(0, cut));
    ASSERT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_EQ(r.error().code, errc::provider_error);
    EXPECT_EQ(r.error().message.rfind("malformed response: ", 0), 0u) << r.error().message;
  }
  for (const char* bad : {"<html>502 Bad Gateway</html>", "[]", "null", R"({"choices":[]})",
                          R"({"choices":[{"message":{"content":5}}]})",
                          R"({"choices":[{"message":{"content":"x"}}]}})",
                          R"({"choices":[{"message":{"content":"\ud800"}}]})",
                          R"({"usage":{"prompt_tokens":-1},"choices":[]})",
                          "{\"choices\":[{\"message\":{\"content\":\"\xff\"}}]}"}) {
    auto r = decode_openai_response(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, errc::provider_error) << bad;
  }
}

// A real capture's shape: role chunk, content chunks, finish chunk, usage chunk, [DONE].
constexpr const char* stream_body =
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":"
    "0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,"
    "\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}"
    ","
    "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo "
    "\\u00e9\"},"
    "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
    "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
    "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
    "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
    "\"completion_tokens\":3,\"total_tokens\":12}}\n\n"
    "data: [DONE]\n\n";

TEST(OpenAiStream, DeltasFinishReasonUsageAndDone) {
  openai_stream_decoder d;
  auto r = run_stream(d, stream_body);
  ASSERT_FALSE(r.failed) << r.failed->message;
  EXPECT_EQ(r.texts, (std::vector<std::string>{"Hel", "lo \xC3\xA9"}));
  EXPECT_TRUE(d.done());
  EXPECT_TRUE(r.finished.ok());
  EXPECT_EQ(d.summary().text, "Hello \xC3\xA9");
  EXPECT_EQ(d.summary().finish_reason, "stop");
  EXPECT_EQ(d.summary().model, "gpt-4o-mini-2024-07-18");
  EXPECT_EQ(d.summary().usage.prompt_tokens, 9u);
  EXPECT_EQ(d.summary().usage.completion_tokens, 3u);
}

TEST(OpenAiStream, TruncatedStreamIsAnError) {
  std::string body = stream_body;
  body = body.substr(0, body.find("data: {", 300));  // only the first two chunks
  openai_stream_decoder d;
  auto r = run_stream(d, body);
  ASSERT_FALSE(r.failed);
  EXPECT_FALSE(d.done());
  ASSERT_FALSE(r.finished.ok());
  EXPECT_EQ(r.finished.error().code, errc::provider_error);
}

TEST(OpenAiStream, MidStreamErrorObject) {
  openai_stream_decoder d;
  auto r = run_stream(
      d,
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\n"
      "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
      "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ignored\"}}]}\n\n");
  ASSERT_TRUE(r.failed);
  EXPECT_EQ(r.failed->code, errc::provider_error);
  EXPECT_NE(r.failed->message.find("server had an error"), std::string::npos);
  EXPECT_EQ(r.texts, std::vector<std::string>{"partial"});
  EXPECT_FALSE(r.finished.ok());  // the failure sticks
  EXPECT_FALSE(d.on_event(sse::event{"message", "{\"choices\":[]}", ""}).ok());
}

TEST(OpenAiStream, MalformedChunkFails) {
  openai_stream_decoder d;
  auto u = d.on_event(sse::event{"message", "{\"choices\":[{\"delta\":{\"content\":\"x", ""});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, errc::provider_error);
  EXPECT_EQ(u.error().message.rfind("malformed response: ", 0), 0u);
}

TEST(OpenAiStream, LenientWithoutDoneWhenFinishReasonSeen) {
  // Some OpenAI-compatible servers close the body after the finish chunk.
  openai_stream_decoder d;
  auto r = run_stream(d,
                      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},"
                      "\"finish_reason\":\"stop\"}]}\n\n");
  EXPECT_TRUE(r.finished.ok());
  EXPECT_FALSE(d.done());
}

TEST(OpenAiStream, EventsAfterDoneIgnored) {
  openai_stream_decoder d;
  auto r = run_stream(d, "data: [DONE]\n\ndata: {not json\n\n");
  EXPECT_FALSE(r.failed);
  EXPECT_TRUE(r.finished.ok());
}

TEST(OpenAiStream, OnlyFirstChoiceCounts) {
  openai_stream_decoder d;
  auto u = d.on_event(sse::event{
      "message",
      R"({"choices":[{"index":1,"delta":{"content":"B"}},{"index":0,"delta":{"content":"A"}}]})",
      ""});
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->text, "A");
}

}  // namespace
