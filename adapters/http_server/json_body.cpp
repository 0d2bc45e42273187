#include "adapters/http_server/json_body.hpp"

#include <string>
#include <vector>

namespace wm::http {

namespace dom = simdjson::dom;

const char* to_string(json_type t) noexcept {
  switch (t) {
    case json_type::string:
      return "a string";
    case json_type::integer:
      return "an integer";
    case json_type::unsigned_integer:
      return "a non-negative integer";
    case json_type::number:
      return "a number";
    case json_type::boolean:
      return "a boolean";
    case json_type::array:
      return "an array";
    case json_type::object:
      return "an object";
  }
  return "?";
}

namespace {

bool has_type(dom::element v, json_type t) {
  switch (v.type()) {
    case dom::element_type::STRING:
      return t == json_type::string;
    case dom::element_type::INT64:
      return t == json_type::integer || t == json_type::number ||
             (t == json_type::unsigned_integer && v.get_int64().value_unsafe() >= 0);
    case dom::element_type::UINT64:
      return t == json_type::unsigned_integer || t == json_type::number;
    case dom::element_type::DOUBLE:
      return t == json_type::number;
    case dom::element_type::BOOL:
      return t == json_type::boolean;
    case dom::element_type::ARRAY:
      return t == json_type::array;
    case dom::element_type::OBJECT:
      return t == json_type::object;
    case dom::element_type::NULL_VALUE:
      return false;
  }
  return false;
}

failure field_error(std::string_view where, std::string_view name, std::string_view what) {
  std::string msg = "field '";
  msg.append(where).append(name).append("': ").append(what);
  return failure{errc::invalid_input, std::move(msg)};
}

}  // namespace

status check_object(dom::object obj, std::span<const field_spec> fields, std::string_view where) {
  std::vector<bool> seen(fields.size(), false);
  for (auto [key, value] : obj) {
    size_t i = 0;
    while (i < fields.size() && fields[i].name != key) ++i;
    if (i == fields.size()) return field_error(where, key, "unknown field");
    if (seen[i]) return field_error(where, key, "given more than once");
    seen[i] = true;
    const auto& spec = fields[i];
    if (value.is_null()) {
      if (spec.nullable) continue;
      return field_error(where, key, std::string{"must be "} + to_string(spec.type) + ", not null");
    }
    if (!has_type(value, spec.type))
      return field_error(where, key, std::string{"must be "} + to_string(spec.type));
  }
  for (size_t i = 0; i < fields.size(); ++i)
    if (fields[i].required && !seen[i]) return field_error(where, fields[i].name, "is required");
  return {};
}

result<dom::object> parse_object(dom::parser& parser, std::string_view body,
                                 std::span<const field_spec> fields) {
  if (body.empty()) return failure{errc::invalid_input, "request body: a JSON object is required"};
  dom::element root;
  if (auto err = parser.parse(body.data(), body.size()).get(root))
    return failure{errc::invalid_input,
                   std::string{"request body: malformed JSON: "} + simdjson::error_message(err)};
  dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS)
    return failure{errc::invalid_input, "request body: must be a JSON object"};
  if (auto st = check_object(obj, fields); !st) return st.error();
  return obj;
}

std::optional<std::string_view> string_field(dom::object obj, std::string_view name) {
  std::string_view out;
  if (obj[name].get_string().get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::optional<int64_t> int_field(dom::object obj, std::string_view name) {
  int64_t out = 0;
  if (obj[name].get_int64().get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::optional<uint64_t> uint_field(dom::object obj, std::string_view name) {
  uint64_t out = 0;
  if (obj[name].get_uint64().get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::optional<double> number_field(dom::object obj, std::string_view name) {
  double out = 0;
  if (obj[name].get_double().get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::optional<bool> bool_field(dom::object obj, std::string_view name) {
  bool out = false;
  if (obj[name].get_bool().get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

dom::parser& thread_parser() {
  thread_local dom::parser parser;
  return parser;
}

}  // namespace wm::http
