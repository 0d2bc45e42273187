#include "runtime/http_api/chat_body.hpp"

#include <array>
#include <string>

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

std::string_view openai_finish_reason(std::string_view reason) {
  if (reason == "end_turn" || reason == "stop_sequence" || reason.empty()) return "stop";
  if (reason == "max_tokens") return "length";
  return reason;
}

}  // namespace wm::http_api
