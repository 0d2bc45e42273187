#pragma once
// Strict JSON request bodies: one object, known fields only, each of the declared type.
// Uses simdjson's DOM API (the whole body is parsed once, then read in any order).
#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::http {

enum class json_type { string, integer, unsigned_integer, number, boolean, array, object };

const char* to_string(json_type t) noexcept;

struct field_spec {
  std::string_view name;
  json_type type = json_type::string;
  bool required = false;
  bool nullable = false;  // null accepted (and treated as absent)
};

// Parses `body` as a JSON object and checks it against `fields`. Malformed JSON, a root that
// is not an object, an unknown or repeated field, a wrong type or a missing required field is
// an invalid_input failure whose message names the field. The object lives as long as `parser`
// is not reused.
result<simdjson::dom::object> parse_object(simdjson::dom::parser& parser, std::string_view body,
                                           std::span<const field_spec> fields);

// The same checks for a nested object; `where` prefixes field names in messages
// ("messages[0].").
status check_object(simdjson::dom::object obj, std::span<const field_spec> fields,
                    std::string_view where = {});

// Readers for fields that passed the checks: nullopt when absent or null.
std::optional<std::string_view> string_field(simdjson::dom::object obj, std::string_view name);
// int_field is for json_type::integer fields, uint_field for json_type::unsigned_integer ones:
// an unsigned field accepts values past INT64_MAX, which int_field cannot read.
std::optional<int64_t> int_field(simdjson::dom::object obj, std::string_view name);
std::optional<uint64_t> uint_field(simdjson::dom::object obj, std::string_view name);
std::optional<double> number_field(simdjson::dom::object obj, std::string_view name);
std::optional<bool> bool_field(simdjson::dom::object obj, std::string_view name);

// A parser per thread: civetweb runs each request on one worker thread.
simdjson::dom::parser& thread_parser();

}  // namespace wm::http
