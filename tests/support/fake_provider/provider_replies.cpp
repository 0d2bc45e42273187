#include "tests/support/fake_provider/provider_replies.hpp"

#include <cstdio>
#include <optional>
#include <string>
#include <utility>

#include "adapters/codecs/json_writer.hpp"

namespace wm::fake {
namespace {

std::string json_escape(std::string_view s) {
  std::string out;
  codecs::append_json_string(out, s);
  return out;
}

// The provider's usual error "type" (and OpenAI "code") for a status.
std::pair<std::string, std::string> default_error_type(provider p, int status) {
  if (p == provider::anthropic) {
    switch (status) {
      case 400:
        return {"invalid_request_error", ""};
      case 401:
        return {"authentication_error", ""};
      case 402:
        return {"billing_error", ""};
      case 403:
        return {"permission_error", ""};
      case 404:
        return {"not_found_error", ""};
      case 413:
        return {"request_too_large", ""};
      case 429:
        return {"rate_limit_error", ""};
      case 504:
        return {"timeout_error", ""};
      case 529:
        return {"overloaded_error", ""};
      default:
        return {status >= 500 ? "api_error" : "invalid_request_error", ""};
    }
  }
  switch (status) {
    case 401:
      return {"invalid_request_error", "invalid_api_key"};
    case 403:
      return {"permission_error", "unsupported_country_region_territory"};
    case 404:
      return {"invalid_request_error", "model_not_found"};
    case 408:
      return {"timeout", "timeout"};
    case 409:
      return {"conflict_error", "conflict"};
    case 413:
      return {"invalid_request_error", "request_too_large"};
    case 429:
      return {"requests", "rate_limit_exceeded"};
    default:
      return {status >= 500 ? "server_error" : "invalid_request_error", ""};
  }
}

std::string error_json(provider p, int status, const fake_behaviour& b) {
  auto [type, code] = default_error_type(p, status);
  if (!b.error_type.empty()) type = b.error_type;
  const std::string message =
      b.error_message.empty() ? "fake provider error " + std::to_string(status) : b.error_message;
  if (p == provider::anthropic) {
    return R"({"type":"error","error":{"type":)" + json_escape(type) + R"(,"message":)" +
           json_escape(message) + "}}";
  }
  return R"({"error":{"message":)" + json_escape(message) + R"(,"type":)" + json_escape(type) +
         R"(,"param":null,"code":)" + (code.empty() ? std::string("null") : json_escape(code)) +
         "}}";
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string s;
  for (const auto& t : tokens) s += t;
  return s;
}

std::string chunk(std::string_view data) {
  char len[24];
  std::snprintf(len, sizeof len, "%zx\r\n", data.size());
  std::string frame = len;
  frame.append(data);
  frame += "\r\n";
  return frame;
}

constexpr std::string_view kLastChunk = "0\r\n\r\n";

// The head of a provider answer: its request-id header and the behaviour's extra headers.
std::string head(int status, const char* content_type, std::optional<size_t> length,
                 const fake_behaviour& b, provider p, uint64_t n) {
  std::string extra = p == provider::openai ? "x-request-id: req_fake_" : "request-id: req_fake_";
  extra += std::to_string(n) + "\r\n";
  for (const auto& [name, value] : b.headers) extra += name + ": " + value + "\r\n";
  return response_head(status, content_type, length, extra);
}

std::string plain_body(provider p, const fake_behaviour& b, const request_facts& f, uint64_t n) {
  const std::string text = joined(b.tokens);
  const size_t out = b.tokens.size();
  if (b.malformed_json) {
    return p == provider::openai
               ? R"({"id":"chatcmpl-fake","object":"chat.completion","choices":[{)"
               : R"({"id":"msg_fake","type":"message","content":[{"type":)";
  }
  if (p == provider::openai) {
    const std::string reason = b.finish_reason.empty() ? "stop" : b.finish_reason;
    return R"({"id":"chatcmpl-fake-)" + std::to_string(n) +
           R"(","object":"chat.completion","created":1700000000,"model":)" + json_escape(f.model) +
           R"(,"choices":[{"index":0,"message":{"role":"assistant","content":)" +
           json_escape(text) + R"(},"finish_reason":)" + json_escape(reason) +
           R"(}],"usage":{"prompt_tokens":)" + std::to_string(f.prompt_words) +
           R"(,"completion_tokens":)" + std::to_string(out) + R"(,"total_tokens":)" +
           std::to_string(f.prompt_words + out) + "}}";
  }
  const std::string reason = b.finish_reason.empty() ? "end_turn" : b.finish_reason;
  return R"({"id":"msg_fake_)" + std::to_string(n) +
         R"(","type":"message","role":"assistant","model":)" + json_escape(f.model) +
         R"(,"content":[{"type":"text","text":)" + json_escape(text) + R"(}],"stop_reason":)" +
         json_escape(reason) + R"(,"stop_sequence":null,"usage":{"input_tokens":)" +
         std::to_string(f.prompt_words) + R"(,"output_tokens":)" + std::to_string(out) + "}}";
}

// Head and opening events, one chunk per token (each after `token_delay`), then the closing
// events; or the scripted truncation or mid-stream error in their place.
response_plan stream_reply(provider p, const fake_behaviour& b, const request_facts& f, int status,
                           uint64_t n) {
  const std::string id = p == provider::openai ? "chatcmpl-fake-" + std::to_string(n)
                                               : "msg_fake_" + std::to_string(n);
  const std::string openai_prefix =
      R"(data: {"id":")" + id +
      R"(","object":"chat.completion.chunk","created":1700000000,"model":)" + json_escape(f.model) +
      ",";
  auto event = [&](std::string_view name, const std::string& data) {
    if (p == provider::openai) return "data: " + data + "\n\n";
    return "event: " + std::string(name) + "\ndata: " + data + "\n\n";
  };

  response_plan plan;
  plan.stream = true;
  std::string opening =
      p == provider::openai
          ? openai_prefix +
                R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"
                "\n\n"
          : event(
                "message_start",
                R"({"type":"message_start","message":{"id":")" + id +
                    R"(","type":"message","role":"assistant","model":)" + json_escape(f.model) +
                    R"(,"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":)" +
                    std::to_string(f.prompt_words) + R"(,"output_tokens":0}}})") +
                event(
                    "content_block_start",
                    R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
                event("ping", R"({"type":"ping"})");
  plan.steps.push_back({b.delay_before_headers,
                        head(status, "text/event-stream", std::nullopt, b, p, n) + chunk(opening)});

  size_t sent = 0;
  for (const std::string& token : b.tokens) {
    if (b.truncate_after && sent >= *b.truncate_after) {
      plan.end = response_end::close;
      return plan;
    }
    if (b.error_after && sent >= *b.error_after) {
      auto [type, code] = default_error_type(p, 500);
      const std::string err_type = b.error_type.empty()
                                       ? (p == provider::anthropic ? "overloaded_error" : type)
                                       : b.error_type;
      const std::string msg = b.error_message.empty() ? "fake mid-stream error" : b.error_message;
      const std::string data = p == provider::anthropic
                                   ? R"({"type":"error","error":{"type":)" + json_escape(err_type) +
                                         R"(,"message":)" + json_escape(msg) + "}}"
                                   : R"({"error":{"message":)" + json_escape(msg) + R"(,"type":)" +
                                         json_escape(err_type) + R"(,"param":null,"code":null}})";
      plan.steps.push_back({{}, chunk(event("error", data)) + std::string(kLastChunk)});
      return plan;
    }
    std::string frame;
    if (b.malformed_json && sent == 0) {
      frame = p == provider::openai
                  ? "data: {\"id\":\"" + id + "\",\"choices\":[{\"delta\":{\"content\":\n\n"
                  : event("content_block_delta",
                          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_del)");
    } else if (p == provider::openai) {
      frame = openai_prefix + R"("choices":[{"index":0,"delta":{"content":)" + json_escape(token) +
              R"(},"finish_reason":null}]})" + "\n\n";
    } else {
      frame =
          event("content_block_delta",
                R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":)" +
                    json_escape(token) + "}}");
    }
    plan.steps.push_back({b.token_delay, chunk(frame)});
    ++sent;
  }
  if (b.truncate_after && sent >= *b.truncate_after) {
    plan.end = response_end::close;
    return plan;
  }

  std::string tail;
  if (p == provider::openai) {
    const std::string reason = b.finish_reason.empty() ? "stop" : b.finish_reason;
    tail = openai_prefix + R"("choices":[{"index":0,"delta":{},"finish_reason":)" +
           json_escape(reason) + "}]}\n\n";
    if (f.include_usage) {
      tail += openai_prefix + R"("choices":[],"usage":{"prompt_tokens":)" +
              std::to_string(f.prompt_words) + R"(,"completion_tokens":)" + std::to_string(sent) +
              R"(,"total_tokens":)" + std::to_string(f.prompt_words + sent) + "}}\n\n";
    }
    tail += "data: [DONE]\n\n";
  } else {
    const std::string reason = b.finish_reason.empty() ? "end_turn" : b.finish_reason;
    tail = event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
           event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":)" +
                                      json_escape(reason) +
                                      R"(,"stop_sequence":null},"usage":{"output_tokens":)" +
                                      std::to_string(sent) + "}}") +
           event("message_stop", R"({"type":"message_stop"})");
  }
  plan.steps.push_back({{}, chunk(tail) + std::string(kLastChunk)});
  return plan;
}

}  // namespace

response_plan provider_reply(provider p, const fake_behaviour& b, const request_facts& facts,
                             uint64_t n) {
  if (b.reset_connection) {
    response_plan plan;
    plan.steps.push_back({b.delay_before_headers, {}});
    plan.end = response_end::reset;
    return plan;
  }
  // One step after the behaviour's delay: the head and a whole JSON body.
  auto json_answer = [&](int status, const std::string& body) {
    response_plan plan;
    plan.steps.push_back(
        {b.delay_before_headers, head(status, "application/json", body.size(), b, p, n) + body});
    return plan;
  };
  if (!facts.valid_json && b.status < 400) {
    fake_behaviour rejected = b;
    rejected.error_message = "request body is not valid JSON";
    return json_answer(400, error_json(p, 400, rejected));
  }
  if (b.status >= 300) return json_answer(b.status, error_json(p, b.status, b));
  if (facts.stream) return stream_reply(p, b, facts, b.status, n);
  return json_answer(b.status, plain_body(p, b, facts, n));
}

}  // namespace wm::fake
