#include "runtime/http_api/document_requests.hpp"

#include <array>
#include <charconv>

#include "adapters/http_server/json_body.hpp"
#include "adapters/http_server/query_string.hpp"

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

std::optional<uint64_t> parse_u64(std::string_view s) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

result<uint32_t> query_number(const http::query_params& q, std::string_view name, uint32_t def,
                              uint32_t min, uint32_t max) {
  auto v = http::query_value(q, name);
  if (!v) return def;
  auto n = parse_u64(*v);
  if (!n || *n < min || *n > max)
    return failure{errc::invalid_input, "query parameter '" + std::string{name} + "': must be " +
                                            std::to_string(min) + ".." + std::to_string(max)};
  return static_cast<uint32_t>(*n);
}

// offset (0..10000, default 0) and limit (1..1000, default 50) of a listing.
status read_page(const http::query_params& q, uint32_t& offset, uint32_t& limit) {
  auto o = query_number(q, "offset", 0, 0, 10'000);
  if (!o) return o.error();
  auto l = query_number(q, "limit", 50, 1, 1'000);
  if (!l) return l.error();
  offset = *o;
  limit = *l;
  return {};
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

result<std::optional<uint64_t>> read_if_match(std::optional<std::string_view> header) {
  if (!header) return std::optional<uint64_t>{};
  std::string_view v = *header;
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = parse_u64(v);
  if (!n || *n == 0)
    return failure{errc::invalid_input, "If-Match: expected a document version like \"3\""};
  return std::optional<uint64_t>{*n};
}

result<uint64_t> expected_version(std::optional<uint64_t> if_match,
                                  std::optional<uint64_t> from_body, bool required) {
  if (from_body && if_match && *from_body != *if_match)
    return failure{errc::invalid_input, "field 'version': differs from If-Match"};
  if (from_body) return *from_body;
  if (if_match) return *if_match;
  if (required)
    return failure{errc::invalid_input,
                   "field 'version': the expected version is required (body \"version\" or "
                   "If-Match header)"};
  return uint64_t{0};
}

result<list_query> read_list_query(std::string_view query) {
  auto q = http::parse_query(query);
  if (!q) return q.error();
  list_query lq;
  if (auto st = read_page(*q, lq.offset, lq.limit); !st) return st.error();
  lq.project_id = http::query_value(*q, "project").value_or("");
  auto sort = http::query_value(*q, "sort").value_or("updated_desc");
  if (sort == "updated_desc" || sort == "updated")
    lq.sort = document_sort::updated_desc;
  else if (sort == "created_desc" || sort == "created")
    lq.sort = document_sort::created_desc;
  else if (sort == "title_asc" || sort == "title")
    lq.sort = document_sort::title_asc;
  else
    return failure{errc::invalid_input,
                   "query parameter 'sort': must be updated_desc, created_desc or title_asc"};
  auto deleted = http::query_value(*q, "include_deleted").value_or("false");
  if (deleted != "true" && deleted != "false")
    return failure{errc::invalid_input, "query parameter 'include_deleted': must be true or false"};
  lq.include_deleted = deleted == "true";
  lq.after_id = http::query_value(*q, "after").value_or("");
  return lq;
}

result<history_query> read_history_query(std::string_view query) {
  auto q = http::parse_query(query);
  if (!q) return q.error();
  history_query hq;
  if (auto st = read_page(*q, hq.offset, hq.limit); !st) return st.error();
  return hq;
}

result<search_request> read_search_query(std::string_view query) {
  auto q = http::parse_query(query);
  if (!q) return q.error();
  search_request out;
  auto text = http::query_value(*q, "q");
  if (!text || text->empty()) return failure{errc::invalid_input, "query parameter 'q': required"};
  out.text = std::move(*text);
  auto limit = query_number(*q, "limit", 20, 1, 1'000);
  if (!limit) return limit.error();
  out.limit = *limit;
  return out;
}

}  // namespace wm::http_api
