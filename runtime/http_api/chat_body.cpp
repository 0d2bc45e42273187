#include "runtime/http_api/chat_body.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "actors/ai/ai_writer.hpp"
#include "adapters/http_server/json_body.hpp"

namespace wm::http_api {

using http::field_spec;
using http::json_type;

result<std::vector<chat_message>> read_chat_messages(simdjson::dom::array arr,
                                                     std::string_view field) {
  static constexpr std::array<field_spec, 3> message_fields{{
      {"role", json_type::string, true},
      {"content", json_type::string, true},
      {"name", json_type::string, false},
  }};
  static constexpr std::array<field_spec, 3> part_fields{{
      {"role", json_type::string, true},
      {"content", json_type::array, true},
      {"name", json_type::string, false},
  }};
  static constexpr std::array<field_spec, 2> text_part{{
      {"type", json_type::string, true},
      {"text", json_type::string, true},
  }};
  std::vector<chat_message> out;
  size_t i = 0;
  for (auto element : arr) {
    const std::string where = std::string{field} + "[" + std::to_string(i++) + "].";
    simdjson::dom::object obj;
    if (element.get_object().get(obj) != simdjson::SUCCESS)
      return failure{errc::invalid_input,
                     "field '" + where.substr(0, where.size() - 1) + "': must be an object"};
    simdjson::dom::array parts;
    const bool has_parts = obj["content"].get_array().get(parts) == simdjson::SUCCESS;
    if (auto st = http::check_object(obj,
                                     has_parts ? std::span<const field_spec>{part_fields}
                                               : std::span<const field_spec>{message_fields},
                                     where);
        !st)
      return st.error();
    chat_message m;
    m.role = std::string{*http::string_field(obj, "role")};
    if (m.role != "system" && m.role != "user" && m.role != "assistant")
      return failure{errc::invalid_input,
                     "field '" + where + "role': must be system, user or assistant"};
    if (has_parts) {
      size_t k = 0;
      for (auto part : parts) {
        const std::string pw = where + "content[" + std::to_string(k++) + "].";
        simdjson::dom::object po;
        if (part.get_object().get(po) != simdjson::SUCCESS)
          return failure{errc::invalid_input,
                         "field '" + pw.substr(0, pw.size() - 1) + "': must be an object"};
        if (auto st = http::check_object(po, text_part, pw); !st) return st.error();
        if (*http::string_field(po, "type") != "text")
          return failure{errc::invalid_input,
                         "field '" + pw + "type': only \"text\" parts are supported"};
        m.content += *http::string_field(po, "text");
      }
    } else {
      m.content = std::string{*http::string_field(obj, "content")};
    }
    out.push_back(std::move(m));
  }
  if (out.empty())
    return failure{errc::invalid_input, "field '" + std::string{field} + "': must not be empty"};
  return out;
}

namespace {

constexpr std::array<field_spec, 8> complete_fields{{
    {"prompt", json_type::string},
    {"system", json_type::string},
    {"messages", json_type::array},
    {"model", json_type::string},
    {"max_tokens", json_type::unsigned_integer},
    {"temperature", json_type::number},
    {"stream", json_type::boolean},
    {"deadline_ms", json_type::unsigned_integer},
}};

constexpr std::array<field_spec, 8> write_fields{{
    {"operation", json_type::string, true},
    {"text", json_type::string},
    {"document_id", json_type::string},
    {"model", json_type::string},
    {"max_tokens", json_type::unsigned_integer},
    {"temperature", json_type::number},
    {"stream", json_type::boolean},
    {"deadline_ms", json_type::unsigned_integer},
}};

constexpr std::array<field_spec, 9> openai_chat_fields{{
    {"model", json_type::string, true},
    {"messages", json_type::array, true},
    {"stream", json_type::boolean, false, true},
    {"stream_options", json_type::object, false, true},
    {"max_tokens", json_type::unsigned_integer, false, true},
    {"max_completion_tokens", json_type::unsigned_integer, false, true},
    {"temperature", json_type::number, false, true},
    {"n", json_type::unsigned_integer, false, true},
    {"user", json_type::string, false, true},
}};

constexpr std::array<field_spec, 1> stream_option_fields{{
    {"include_usage", json_type::boolean, false, true},
}};

result<uint32_t> read_max_tokens(std::optional<uint64_t> n, uint32_t otherwise) {
  if (!n) return otherwise;
  if (*n < 1 || *n > max_request_tokens)
    return failure{errc::invalid_input,
                   "field 'max_tokens': must be 1.." + std::to_string(max_request_tokens)};
  return static_cast<uint32_t>(*n);
}

status read_temperature(std::optional<double> t, double& out) {
  if (!t) return {};
  if (*t < 0 || *t > 2) return failure{errc::invalid_input, "field 'temperature': must be 0..2"};
  out = *t;
  return {};
}

// model, max_tokens, temperature, stream and deadline_ms: the options the complete and
// write bodies share.
status read_request_options(simdjson::dom::object obj, completion_request& out) {
  if (auto model = http::string_field(obj, "model")) out.model = std::string{*model};
  auto max = read_max_tokens(http::uint_field(obj, "max_tokens"), out.max_tokens);
  if (!max) return max.error();
  out.max_tokens = *max;
  if (auto st = read_temperature(http::number_field(obj, "temperature"), out.temperature); !st)
    return st.error();
  out.stream = http::bool_field(obj, "stream").value_or(false);
  if (auto d = http::uint_field(obj, "deadline_ms")) {
    // Bounded: a huge one would overflow the gateway's clock arithmetic.
    if (*d > static_cast<uint64_t>(max_request_deadline_ms))
      return failure{errc::invalid_input, "field 'deadline_ms': must be at most " +
                                              std::to_string(max_request_deadline_ms) +
                                              " (an hour)"};
    out.deadline_ms = static_cast<int64_t>(*d);
  }
  return {};
}

}  // namespace

result<completion_request> read_complete_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, complete_fields);
  if (!obj) return obj.error();
  completion_request out;
  simdjson::dom::array arr;
  const bool has_messages = (*obj)["messages"].get_array().get(arr) == simdjson::SUCCESS;
  auto prompt = http::string_field(*obj, "prompt");
  if (has_messages == prompt.has_value())
    return failure{errc::invalid_input, "field 'prompt': give either prompt or messages"};
  if (auto system = http::string_field(*obj, "system"))
    out.messages.push_back({"system", std::string{*system}});
  if (has_messages) {
    auto msgs = read_chat_messages(arr, "messages");
    if (!msgs) return msgs.error();
    for (auto& m : *msgs) out.messages.push_back(std::move(m));
  } else {
    if (prompt->empty()) return failure{errc::invalid_input, "field 'prompt': must not be empty"};
    out.messages.push_back({"user", std::string{*prompt}});
  }
  if (auto st = read_request_options(*obj, out); !st) return st.error();
  return out;
}

result<write_body> read_write_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, write_fields);
  if (!obj) return obj.error();
  write_body out;
  auto name = *http::string_field(*obj, "operation");  // required: checked above
  auto op = ai::writing_op_named(name);
  if (!op)
    return failure{errc::invalid_input, "field 'operation': must be " + ai::writing_op_names()};
  out.op = *op;
  auto text = http::string_field(*obj, "text");
  auto id = http::string_field(*obj, "document_id");
  if (text.has_value() == id.has_value())
    return failure{errc::invalid_input, "field 'text': give either text or document_id"};
  if (text) {
    if (text->empty()) return failure{errc::invalid_input, "field 'text': must not be empty"};
    out.text = std::string{*text};
  } else {
    if (id->empty()) return failure{errc::invalid_input, "field 'document_id': must not be empty"};
    out.document_id = std::string{*id};
  }
  if (auto st = read_request_options(*obj, out.options); !st) return st.error();
  return out;
}

result<chat_request> read_chat_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, openai_chat_fields);
  if (!obj) return obj.error();
  chat_request out;
  out.req.model = std::string{*http::string_field(*obj, "model")};
  simdjson::dom::array arr = (*obj)["messages"].get_array().value_unsafe();  // checked above
  auto msgs = read_chat_messages(arr, "messages");
  if (!msgs) return msgs.error();
  out.req.messages = std::move(*msgs);
  out.req.stream = http::bool_field(*obj, "stream").value_or(false);
  simdjson::dom::object so;
  if ((*obj)["stream_options"].get_object().get(so) == simdjson::SUCCESS) {
    if (auto st = http::check_object(so, stream_option_fields, "stream_options."); !st)
      return st.error();
    out.include_usage = http::bool_field(so, "include_usage").value_or(false);
  }
  auto requested = http::uint_field(*obj, "max_completion_tokens");
  if (!requested) requested = http::uint_field(*obj, "max_tokens");
  auto max = read_max_tokens(requested, out.req.max_tokens);
  if (!max) return max.error();
  out.req.max_tokens = *max;
  if (auto st = read_temperature(http::number_field(*obj, "temperature"), out.req.temperature); !st)
    return st.error();
  if (auto n = http::uint_field(*obj, "n"); n && *n != 1)
    return failure{errc::invalid_input, "field 'n': only 1 is supported"};
  return out;
}

std::string_view openai_finish_reason(std::string_view reason) {
  if (reason == "end_turn" || reason == "stop_sequence" || reason.empty()) return "stop";
  if (reason == "max_tokens") return "length";
  return reason;
}

}  // namespace wm::http_api
