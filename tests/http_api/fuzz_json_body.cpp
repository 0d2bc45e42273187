// Fuzz target for strict JSON request bodies: parse_object against a field list like the
// chat routes' (every field type, required and nullable ones), then read_chat_messages on
// "messages". Asserts: no crash; every failure is invalid_input with a message; an accepted
// body has its required fields, each present field is readable as its declared type, and
// every chat message read has a known role and the content the body gave it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/http_server/json_body.hpp"
#include "runtime/http_api/chat_body.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::http::field_spec;
using wm::http::json_type;

using wm::fuzz::check;

constexpr std::array<field_spec, 8> fields{{
    {"model", json_type::string, false, true},
    {"messages", json_type::array, true},
    {"max_tokens", json_type::unsigned_integer, false, true},
    {"seed", json_type::integer},
    {"temperature", json_type::number, false, true},
    {"stream", json_type::boolean, false, true},
    {"stream_options", json_type::object, false, true},
    {"user", json_type::string},
}};

void check_error(const wm::failure& f) {
  check(f.code == wm::errc::invalid_input && !f.message.empty());
}

// A present, non-null field reads back as its declared type.
void check_readable(simdjson::dom::object obj, const field_spec& spec) {
  simdjson::dom::element v;
  if (obj[spec.name].get(v) != simdjson::SUCCESS) {
    check(!spec.required);
    return;
  }
  if (v.is_null()) return check(spec.nullable);
  switch (spec.type) {
    case json_type::string:
      return check(wm::http::string_field(obj, spec.name).has_value());
    case json_type::integer:
      return check(wm::http::int_field(obj, spec.name).has_value());
    case json_type::unsigned_integer:
      return check(v.is_uint64() || (v.is_int64() && v.get_int64().value_unsafe() >= 0));
    case json_type::number:
      return check(wm::http::number_field(obj, spec.name).has_value());
    case json_type::boolean:
      return check(wm::http::bool_field(obj, spec.name).has_value());
    case json_type::array:
      return check(v.is_array());
    case json_type::object:
      return check(v.is_object());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm;
  const std::string body{reinterpret_cast<const char*>(data), size};
  simdjson::dom::parser parser;
  auto obj = http::parse_object(parser, body, fields);
  if (!obj.ok()) {
    check_error(obj.error());
    return 0;
  }
  for (const auto& spec : fields) check_readable(*obj, spec);

  simdjson::dom::array arr = (*obj)["messages"].get_array().value_unsafe();
  auto messages = http_api::read_chat_messages(arr, "messages");
  if (!messages.ok()) {
    check_error(messages.error());
    check(messages.error().message.find("messages") != std::string::npos);
    return 0;
  }
  check(!messages->empty() && messages->size() == arr.size());
  std::size_t i = 0;
  for (auto element : arr) {
    const auto& m = (*messages)[i++];
    check(m.role == "system" || m.role == "user" || m.role == "assistant");
    std::string_view content;
    if (element["content"].get_string().get(content) == simdjson::SUCCESS)
      check(m.content == content);
  }
  return 0;
}
