#include "adapters/codecs/anthropic_codec.hpp"

#include <cmath>
#include <optional>

#include "adapters/codecs/detail/json_reader.hpp"
#include "adapters/codecs/json_writer.hpp"
#include "adapters/codecs/provider_error.hpp"

namespace wm::codecs {

using namespace detail;

namespace {

struct usage_fields {
  std::optional<uint64_t> input;
  std::optional<uint64_t> output;
};

error_code read_usage(od::value& v, usage_fields& out) {
  if (is_null(v)) return simdjson::SUCCESS;
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  return for_each_field(obj, [&](std::string_view key, od::value& f) -> error_code {
    if (key == "input_tokens" || key == "output_tokens") {
      if (is_null(f)) return simdjson::SUCCESS;
      uint64_t n = 0;
      if (auto e = read_count(f, n)) return e;
      (key == "input_tokens" ? out.input : out.output) = n;
    }
    return simdjson::SUCCESS;
  });
}

// A content block or a delta: {"type":"text","text":...} / {"type":"text_delta","text":...}.
error_code read_text_block(od::value& v, std::string_view text_type, std::string& text) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  std::string type;
  std::string block_text;
  auto e = for_each_field(obj, [&](std::string_view key, od::value& f) -> error_code {
    if (key == "type") return read_string(f, type);
    if (key == "text") return read_string(f, block_text);
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (type == text_type) text += block_text;
  return simdjson::SUCCESS;
}

// Everything any message, event or error body may carry at its top level or in "message".
struct decoded_body {
  std::string type;
  std::string model;
  std::string text;
  std::string stop_reason;
  usage_fields usage;
  bool have_content = false;
  std::optional<error_fields> error;
};

error_code read_message(od::value& v, decoded_body& out);

error_code read_field(std::string_view key, od::value& v, decoded_body& out) {
  if (key == "type") return read_string(v, out.type);
  if (key == "model") return read_string(v, out.model);
  if (key == "stop_reason") return read_string(v, out.stop_reason);
  if (key == "usage") return read_usage(v, out.usage);
  if (key == "message") return read_message(v, out);  // message_start
  if (key == "error") {
    out.error.emplace();
    return read_error_object(v, *out.error);
  }
  if (key == "content") {  // a whole message: [{"type":"text","text":...}, ...]
    od::array arr;
    if (auto e = v.get_array().get(arr)) return e;
    out.have_content = true;
    return for_each_element(arr,
                            [&](od::value& b) { return read_text_block(b, "text", out.text); });
  }
  if (key == "content_block") return read_text_block(v, "text", out.text);
  if (key == "delta") {
    // content_block_delta: {"type":"text_delta","text"}; message_delta: {"stop_reason",...}.
    od::object obj;
    if (auto e = v.get_object().get(obj)) return e;
    std::string type;
    std::string text;
    auto e = for_each_field(obj, [&](std::string_view k, od::value& f) -> error_code {
      if (k == "type") return read_string(f, type);
      if (k == "text") return read_string(f, text);
      if (k == "stop_reason") return read_string(f, out.stop_reason);
      return simdjson::SUCCESS;
    });
    if (e) return e;
    if (type == "text_delta") out.text += text;
    return simdjson::SUCCESS;
  }
  return simdjson::SUCCESS;
}

error_code read_message(od::value& v, decoded_body& out) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  // The nested message's own "type" ("message") must not overwrite the event type.
  std::string outer_type = std::move(out.type);
  auto e = for_each_field(
      obj, [&](std::string_view key, od::value& f) { return read_field(key, f, out); });
  out.type = std::move(outer_type);
  return e;
}

error_code read_body(od::document& doc, decoded_body& out) {
  return for_each_root_field(
      doc, [&](std::string_view key, od::value& v) { return read_field(key, v, out); });
}

failure error_failure(error_fields&& f) {
  return map_error_object(provider_kind::anthropic,
                          provider_error_body{std::move(f.type), std::move(f.message),
                                              std::move(f.param), std::move(f.code)});
}

}  // namespace

std::string normalize_stop_reason(std::string_view stop_reason) {
  if (stop_reason == "end_turn" || stop_reason == "stop_sequence") return "stop";
  if (stop_reason == "max_tokens") return "length";
  return std::string{stop_reason};
}

result<std::string> encode_anthropic_request(const completion_request& req,
                                             std::string_view default_model) {
  const std::string_view model = req.model.empty() ? default_model : std::string_view{req.model};
  if (model.empty()) return make_failure(errc::invalid_input, "no model given");
  if (req.max_tokens == 0) return make_failure(errc::invalid_input, "max_tokens must be positive");
  if (!std::isfinite(req.temperature) || req.temperature < 0.0 || req.temperature > 1.0)
    return make_failure(errc::invalid_input, "temperature must be within [0, 1]");
  std::string system;
  std::size_t size = 128 + model.size();
  std::size_t turns = 0;
  for (const auto& m : req.messages) {
    size += m.content.size() + 32;
    if (m.role == "system") {
      if (!system.empty()) system += "\n\n";
      system += m.content;
    } else if (m.role == "user" || m.role == "assistant") {
      ++turns;
    } else {
      return make_failure(errc::invalid_input, "unknown message role \"" + m.role + "\"");
    }
  }
  if (turns == 0) return make_failure(errc::invalid_input, "no user or assistant message given");
  json_writer w;
  w.reserve(size);
  w.begin_object().key("model").value(model);
  w.key("max_tokens").value(static_cast<uint64_t>(req.max_tokens));
  if (!system.empty()) w.key("system").value(system);
  w.key("messages").begin_array();
  for (const auto& m : req.messages) {
    if (m.role == "system") continue;
    w.begin_object().key("role").value(m.role).key("content").value(m.content).end_object();
  }
  w.end_array();
  w.key("temperature").value(req.temperature);
  w.key("stream").value(req.stream);
  w.end_object();
  return w.take();
}

result<completion_result> decode_anthropic_response(std::string_view body) {
  thread_local json_parser parser;
  od::document doc;
  decoded_body d;
  if (auto e = parser.parse(body, doc)) return malformed("anthropic response", e);
  if (auto e = read_body(doc, d)) return malformed("anthropic response", e);
  if (d.error || d.type == "error")
    return error_failure(std::move(d.error).value_or(error_fields{}));
  if (!d.have_content) return malformed("anthropic response has no content");
  completion_result out;
  out.text = std::move(d.text);
  out.finish_reason = normalize_stop_reason(d.stop_reason);
  out.model = std::move(d.model);
  out.provider = "anthropic";
  out.usage.prompt_tokens = d.usage.input.value_or(0);
  out.usage.completion_tokens = d.usage.output.value_or(0);
  return out;
}

struct anthropic_stream_decoder::impl {
  json_parser parser;
  std::optional<failure> failed;
};

anthropic_stream_decoder::anthropic_stream_decoder() : impl_(std::make_unique<impl>()) {
  summary_.provider = "anthropic";
}

anthropic_stream_decoder::~anthropic_stream_decoder() = default;

result<stream_update> anthropic_stream_decoder::on_event(const sse::event& ev) {
  if (impl_->failed) return *impl_->failed;
  stream_update update;
  if (done_) return update;
  od::document doc;
  decoded_body d;
  error_code e = impl_->parser.parse(ev.data, doc);
  if (!e) e = read_body(doc, d);
  if (e) {
    impl_->failed = malformed("anthropic stream event", e);
    return *impl_->failed;
  }
  // The JSON "type" is authoritative; the SSE event name is the fallback.
  const std::string_view type =
      d.type.empty() ? std::string_view{ev.type} : std::string_view{d.type};
  if (type == "error" || d.error) {
    impl_->failed = error_failure(std::move(d.error).value_or(error_fields{}));
    return *impl_->failed;
  }
  if (type == "message_start") {
    if (!d.model.empty()) summary_.model = std::move(d.model);
    if (d.usage.input) summary_.usage.prompt_tokens = *d.usage.input;
    if (d.usage.output) summary_.usage.completion_tokens = *d.usage.output;
  } else if (type == "content_block_start" || type == "content_block_delta") {
    summary_.text += d.text;
    update.text = std::move(d.text);
  } else if (type == "message_delta") {
    if (!d.stop_reason.empty()) summary_.finish_reason = normalize_stop_reason(d.stop_reason);
    // Cumulative counts: the latest value replaces, never adds.
    if (d.usage.output) summary_.usage.completion_tokens = *d.usage.output;
    if (d.usage.input) summary_.usage.prompt_tokens = *d.usage.input;
  } else if (type == "message_stop") {
    done_ = true;
    update.done = true;
  }  // ping, content_block_stop and unknown event types carry nothing we use
  return update;
}

status anthropic_stream_decoder::finish() {
  if (impl_->failed) return *impl_->failed;
  if (done_) return {};
  return make_failure(errc::provider_error,
                      "anthropic stream truncated: ended before message_stop");
}

}  // namespace wm::codecs
