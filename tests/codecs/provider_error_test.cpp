// Every documented HTTP status, both error body shapes, and that failure messages are safe to log.
#include "adapters/codecs/provider_error.hpp"

#include <gtest/gtest.h>

namespace {

using namespace wm;
using namespace wm::codecs;

TEST(ProviderError, EveryDocumentedStatus) {
  const std::pair<int, errc> cases[] = {
      {400, errc::invalid_input},     {401, errc::unauthorized},   {403, errc::forbidden},
      {404, errc::not_found},         {408, errc::timeout},        {409, errc::conflict},
      {413, errc::payload_too_large}, {422, errc::invalid_input},  {429, errc::rate_limited},
      {500, errc::provider_error},    {502, errc::provider_error}, {503, errc::unavailable},
      {504, errc::provider_error},    {529, errc::unavailable},    {418, errc::invalid_input},
      {599, errc::provider_error},    {302, errc::provider_error}};
  for (auto kind : {provider_kind::openai, provider_kind::anthropic}) {
    for (const auto& [status, code] : cases) {
      EXPECT_EQ(errc_for_status(status), code) << status;
      auto f = map_http_error(status, R"({"error":{"message":"boom","type":"x"}})", kind);
      EXPECT_EQ(f.code, code) << status;
      EXPECT_NE(f.message.find(std::to_string(status)), std::string::npos) << f.message;
      EXPECT_NE(f.message.find("boom"), std::string::npos) << f.message;
      EXPECT_NE(f.message.find(to_string(kind)), std::string::npos) << f.message;
    }
  }
}

TEST(ProviderError, OpenAiErrorBody) {
  auto f = map_http_error(429,
                          R"({"error":{"message":"Rate limit reached for gpt-4o in organization )"
                          R"(org-x on tokens per min (TPM): Limit 30000, Used 30000.",)"
                          R"("type":"tokens","param":null,"code":"rate_limit_exceeded"}})",
                          provider_kind::openai);
  EXPECT_EQ(f.code, errc::rate_limited);
  EXPECT_EQ(f.message,
            "openai HTTP 429 tokens (rate_limit_exceeded): Rate limit reached for gpt-4o in "
            "organization org-x on tokens per min (TPM): Limit 30000, Used 30000.");
}

TEST(ProviderError, AnthropicErrorBodyAndOverloaded) {
  auto f = map_http_error(
      529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
      provider_kind::anthropic);
  EXPECT_EQ(f.code, errc::unavailable);
  EXPECT_EQ(f.message, "anthropic HTTP 529 overloaded_error: Overloaded");
  // A generic 500 whose body says overloaded is treated the same.
  auto g = map_http_error(
      500, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})",
      provider_kind::anthropic);
  EXPECT_EQ(g.code, errc::unavailable);
}

TEST(ProviderError, DecodeErrorBodyBothShapes) {
  auto a = decode_error_body(R"({"error":{"message":"m","type":"t","param":"p","code":"c"}})");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->message, "m");
  EXPECT_EQ(a->type, "t");
  EXPECT_EQ(a->param, "p");
  EXPECT_EQ(a->code, "c");
  auto b = decode_error_body(
      R"({"type":"error","error":{"type":"not_found_error","message":"model: x"}})");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->type, "not_found_error");
  EXPECT_EQ(b->message, "model: x");
  auto c = decode_error_body(R"({"error":"plain text error"})");  // llama.cpp-style servers
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->message, "plain text error");
  auto d = decode_error_body(R"({"error":{"message":"m","code":400}})");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->code, "400");
}

TEST(ProviderError, MalformedBodiesKeepTheStatusCode) {
  for (const char* body : {"<html><body>502 Bad Gateway</body></html>",
                           "{\"error\":{\"message\":", "{}", "\xff\xfe", "null"}) {
    auto f = map_http_error(502, body, provider_kind::openai);
    EXPECT_EQ(f.code, errc::provider_error) << body;
    EXPECT_NE(f.message.find("malformed error body"), std::string::npos) << f.message;
    auto g = map_http_error(429, body, provider_kind::anthropic);
    EXPECT_EQ(g.code, errc::rate_limited) << body;
    auto parsed = decode_error_body(body);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, errc::provider_error);
    EXPECT_EQ(parsed.error().message.rfind("malformed response: ", 0), 0u);
  }
  EXPECT_EQ(map_http_error(503, "", provider_kind::openai).message, "openai HTTP 503: empty body");
}

TEST(ProviderError, RawNonJsonBodyIsNeverQuoted) {
  // A proxy that echoes the request back must not leak the Authorization header into a log.
  auto f = map_http_error(400, "Authorization: Bearer sk-live-abcdefghijklmnop\r\nx-api-key: k",
                          provider_kind::openai);
  EXPECT_EQ(f.message.find("sk-live"), std::string::npos);
  EXPECT_EQ(f.message.find("Authorization"), std::string::npos);
  EXPECT_EQ(f.message.find("x-api-key"), std::string::npos);
}

TEST(ProviderError, KeysInProviderTextAreRedacted) {
  auto f = map_http_error(
      401,
      R"({"error":{"message":"Incorrect API key provided: sk-proj-AbCdEfGh********************1234. )"
      R"(You can find your API key at https://platform.openai.com/account/api-keys.",)"
      R"("type":"invalid_request_error","param":null,"code":"invalid_api_key"}})",
      provider_kind::openai);
  EXPECT_EQ(f.code, errc::unauthorized);
  EXPECT_EQ(f.message.find("AbCdEfGh"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("sk-[redacted]"), std::string::npos) << f.message;

  const std::string key = "my-custom-secret-key-42";
  auto g = map_http_error(
      403, R"({"error":{"message":"key my-custom-secret-key-42 is disabled; Bearer abc.def"}})",
      provider_kind::openai, key);
  EXPECT_EQ(g.message.find(key), std::string::npos) << g.message;
  EXPECT_EQ(g.message.find("abc.def"), std::string::npos) << g.message;
}

TEST(ProviderError, ProviderTextTruncatedAndSingleLine) {
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "\xC3\xA9";  // 400 code points, 800 bytes
  auto f = map_http_error(400, R"({"error":{"message":")" + long_text + R"(\nsecond line"}})",
                          provider_kind::openai);
  const auto colon = f.message.find(": ");
  ASSERT_NE(colon, std::string::npos);
  const std::string quoted = f.message.substr(colon + 2);
  EXPECT_EQ(quoted.size(), 600u + 3u);  // 300 two-byte code points and "..."
  EXPECT_EQ(quoted.substr(600), "...");
  EXPECT_EQ(f.message.find('\n'), std::string::npos);
  EXPECT_EQ(sanitize_provider_text("a\nb\tc"), "a b c");
  EXPECT_EQ(sanitize_provider_text(std::string(300, 'x')), std::string(300, 'x'));
}

TEST(ProviderError, ErrorTypes) {
  EXPECT_EQ(errc_for_error_type("overloaded_error"), errc::unavailable);
  EXPECT_EQ(errc_for_error_type("rate_limit_exceeded"), errc::rate_limited);
  EXPECT_EQ(errc_for_error_type("timeout_error"), errc::timeout);
  EXPECT_FALSE(errc_for_error_type("brand_new_error").has_value());
  auto f = map_error_object(provider_kind::openai, {"", "slow down", "", "rate_limit_exceeded"});
  EXPECT_EQ(f.code, errc::rate_limited);
  EXPECT_EQ(f.message, "openai error (rate_limit_exceeded): slow down");
}

}  // namespace
