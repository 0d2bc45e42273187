#include "adapters/codecs/openai_codec.hpp"

#include <cmath>
#include <optional>

#include "adapters/codecs/detail/json_reader.hpp"
#include "adapters/codecs/json_writer.hpp"
#include "adapters/codecs/provider_error.hpp"

namespace wm::codecs {

using namespace detail;

namespace {

bool known_role(std::string_view role) {
  return role == "system" || role == "user" || role == "assistant" || role == "developer";
}

// The parts of a response object or a stream chunk we care about.
struct decoded_body {
  std::string model;
  std::string text;
  std::string finish_reason;
  bool have_choice = false;
  bool have_usage = false;
  token_usage usage;
  std::optional<error_fields> error;
};

error_code read_usage(od::value& v, decoded_body& out) {
  if (is_null(v)) return simdjson::SUCCESS;
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  out.have_usage = true;
  return for_each_field(obj, [&](std::string_view key, od::value& f) -> error_code {
    if (key == "prompt_tokens") return read_count(f, out.usage.prompt_tokens);
    if (key == "completion_tokens") return read_count(f, out.usage.completion_tokens);
    return simdjson::SUCCESS;
  });
}

// One entry of "choices": `message` (full response) or `delta` (stream chunk) holds content.
error_code read_choice(od::value& v, decoded_body& out) {
  od::object obj;
  if (auto e = v.get_object().get(obj)) return e;
  uint64_t index = 0;
  std::string text;
  std::string finish;
  auto e = for_each_field(obj, [&](std::string_view key, od::value& f) -> error_code {
    if (key == "index") return read_count(f, index);
    if (key == "finish_reason") return read_string(f, finish);
    if (key == "message" || key == "delta") {
      if (is_null(f)) return simdjson::SUCCESS;
      od::object m;
      if (auto err = f.get_object().get(m)) return err;
      return for_each_field(m, [&](std::string_view k, od::value& mf) -> error_code {
        if (k == "content") return read_string(mf, text);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
  if (e) return e;
  if (index == 0 && !out.have_choice) {  // only the first choice (n = 1)
    out.have_choice = true;
    out.text = std::move(text);
    out.finish_reason = std::move(finish);
  }
  return simdjson::SUCCESS;
}

error_code read_body(od::document& doc, decoded_body& out) {
  return for_each_root_field(doc, [&](std::string_view key, od::value& v) -> error_code {
    if (key == "model") return read_string(v, out.model);
    if (key == "usage") return read_usage(v, out);
    if (key == "error") {
      if (is_null(v)) return simdjson::SUCCESS;
      out.error.emplace();
      return read_error_object(v, *out.error);
    }
    if (key == "choices") {
      od::array arr;
      if (auto e = v.get_array().get(arr)) return e;
      return for_each_element(arr, [&](od::value& c) { return read_choice(c, out); });
    }
    return simdjson::SUCCESS;
  });
}

failure error_failure(error_fields&& f) {
  return map_error_object(provider_kind::openai,
                          provider_error_body{std::move(f.type), std::move(f.message),
                                              std::move(f.param), std::move(f.code)});
}

}  // namespace

result<std::string> encode_openai_request(const completion_request& req,
                                          std::string_view default_model) {
  const std::string_view model = req.model.empty() ? default_model : std::string_view{req.model};
  if (model.empty()) return make_failure(errc::invalid_input, "no model given");
  if (req.messages.empty()) return make_failure(errc::invalid_input, "no messages given");
  if (req.max_tokens == 0) return make_failure(errc::invalid_input, "max_tokens must be positive");
  if (!std::isfinite(req.temperature) || req.temperature < 0.0 || req.temperature > 2.0)
    return make_failure(errc::invalid_input, "temperature must be within [0, 2]");
  json_writer w;
  std::size_t size = 128 + model.size();
  for (const auto& m : req.messages) size += m.content.size() + 32;
  w.reserve(size);
  w.begin_object().key("model").value(model).key("messages").begin_array();
  for (const auto& m : req.messages) {
    if (!known_role(m.role))
      return make_failure(errc::invalid_input, "unknown message role \"" + m.role + "\"");
    w.begin_object().key("role").value(m.role).key("content").value(m.content).end_object();
  }
  w.end_array();
  w.key("max_tokens").value(static_cast<uint64_t>(req.max_tokens));
  w.key("temperature").value(req.temperature);
  w.key("stream").value(req.stream);
  if (req.stream)
    w.key("stream_options").begin_object().key("include_usage").value(true).end_object();
  w.end_object();
  return w.take();
}

result<completion_result> decode_openai_response(std::string_view body) {
  thread_local json_parser parser;
  od::document doc;
  decoded_body d;
  if (auto e = parser.parse(body, doc)) return malformed("openai response", e);
  if (auto e = read_body(doc, d)) return malformed("openai response", e);
  if (d.error) return error_failure(std::move(*d.error));
  if (!d.have_choice) return malformed("openai response has no choices[0]");
  completion_result out;
  out.text = std::move(d.text);
  out.finish_reason = std::move(d.finish_reason);
  out.model = std::move(d.model);
  out.provider = "openai";
  out.usage = d.usage;
  return out;
}

struct openai_stream_decoder::impl {
  json_parser parser;
  std::optional<failure> failed;
};

openai_stream_decoder::openai_stream_decoder() : impl_(std::make_unique<impl>()) {
  summary_.provider = "openai";
}

openai_stream_decoder::~openai_stream_decoder() = default;

result<stream_update> openai_stream_decoder::on_event(const sse::event& ev) {
  if (impl_->failed) return *impl_->failed;
  stream_update update;
  if (done_) return update;
  if (ev.data == "[DONE]") {
    done_ = true;
    update.done = true;
    return update;
  }
  od::document doc;
  decoded_body d;
  error_code e = impl_->parser.parse(ev.data, doc);
  if (!e) e = read_body(doc, d);
  if (e) {
    impl_->failed = malformed("openai stream chunk", e);
    return *impl_->failed;
  }
  if (d.error) {
    impl_->failed = error_failure(std::move(*d.error));
    return *impl_->failed;
  }
  if (!d.model.empty()) summary_.model = std::move(d.model);
  if (d.have_usage) summary_.usage = d.usage;
  if (!d.finish_reason.empty()) summary_.finish_reason = std::move(d.finish_reason);
  summary_.text += d.text;
  update.text = std::move(d.text);
  return update;
}

status openai_stream_decoder::finish() {
  if (impl_->failed) return *impl_->failed;
  if (done_ || !summary_.finish_reason.empty()) return {};
  return make_failure(errc::provider_error, "openai stream truncated: ended before [DONE]");
}

}  // namespace wm::codecs
