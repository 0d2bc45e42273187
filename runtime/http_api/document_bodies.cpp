#include "runtime/http_api/document_bodies.hpp"

#include <array>

#include "adapters/http_server/json_body.hpp"

namespace wm::http_api {

namespace {

using http::field_spec;
using http::json_type;

constexpr std::array<field_spec, 6> create_fields{{
    {"id", json_type::string},
    {"project_id", json_type::string, false, true},
    {"title", json_type::string, true},
    {"content", json_type::string},
    {"content_type", json_type::string},
    {"author", json_type::string},
}};

constexpr std::array<field_spec, 4> update_fields{{
    {"title", json_type::string},
    {"content", json_type::string},
    {"version", json_type::unsigned_integer},
    {"author", json_type::string},
}};

constexpr std::array<field_spec, 3> patch_fields{{
    {"edits", json_type::array, true},
    {"version", json_type::unsigned_integer},
    {"author", json_type::string},
}};

constexpr std::array<field_spec, 3> edit_fields{{
    {"offset", json_type::unsigned_integer, true},
    {"length", json_type::unsigned_integer, true},
    {"replacement", json_type::string, true},
}};

constexpr std::array<field_spec, 3> restore_fields{{
    {"version", json_type::unsigned_integer, true},
    {"expected_version", json_type::unsigned_integer},
    {"author", json_type::string},
}};

std::string str(std::optional<std::string_view> v) {
  return v ? std::string{*v} : std::string{};
}

std::optional<std::string> opt_str(std::optional<std::string_view> v) {
  return v ? std::optional<std::string>{std::string{*v}} : std::nullopt;
}

}  // namespace

result<create_document_cmd> read_create_document_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, create_fields);
  if (!obj) return obj.error();
  create_document_cmd cmd;
  cmd.id = str(http::string_field(*obj, "id"));
  cmd.project_id = str(http::string_field(*obj, "project_id"));
  cmd.title = str(http::string_field(*obj, "title"));
  cmd.content = str(http::string_field(*obj, "content"));
  if (auto ct = http::string_field(*obj, "content_type")) cmd.content_type = std::string{*ct};
  cmd.author = str(http::string_field(*obj, "author"));
  return cmd;
}

result<update_document_body> read_update_document_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, update_fields);
  if (!obj) return obj.error();
  update_document_body out;
  out.title = opt_str(http::string_field(*obj, "title"));
  out.content = opt_str(http::string_field(*obj, "content"));
  if (!out.title && !out.content)
    return failure{errc::invalid_input, "field 'content': give title and/or content"};
  out.version = http::uint_field(*obj, "version");
  out.author = str(http::string_field(*obj, "author"));
  return out;
}

result<patch_document_body> read_patch_document_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, patch_fields);
  if (!obj) return obj.error();
  patch_document_body out;
  out.version = http::uint_field(*obj, "version");
  out.author = str(http::string_field(*obj, "author"));
  simdjson::dom::array edits = (*obj)["edits"].get_array().value_unsafe();  // checked above
  size_t i = 0;
  for (auto e : edits) {
    const std::string where = "edits[" + std::to_string(i++) + "].";
    simdjson::dom::object eo;
    if (e.get_object().get(eo) != simdjson::SUCCESS)
      return failure{errc::invalid_input,
                     "field '" + where.substr(0, where.size() - 1) + "': must be an object"};
    if (auto st = http::check_object(eo, edit_fields, where); !st) return st.error();
    out.edits.push_back({*http::uint_field(eo, "offset"), *http::uint_field(eo, "length"),
                         std::string{*http::string_field(eo, "replacement")}});
  }
  if (out.edits.empty()) return failure{errc::invalid_input, "field 'edits': must not be empty"};
  return out;
}

result<restore_document_body> read_restore_document_body(std::string_view body) {
  auto obj = http::parse_object(http::thread_parser(), body, restore_fields);
  if (!obj) return obj.error();
  restore_document_body out;
  out.version = *http::uint_field(*obj, "version");  // required and checked above
  out.expected_version = http::uint_field(*obj, "expected_version");
  out.author = str(http::string_field(*obj, "author"));
  return out;
}

}  // namespace wm::http_api
