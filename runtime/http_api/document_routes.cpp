// Documents under /v1/documents and search under /v1/search, served by the documents
// service (one actor per open document behind a router).
#include <array>
#include <charconv>

#include "adapters/codecs/json_writer.hpp"
#include "adapters/http_server/query_string.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/http_api/actor_bridge.hpp"
#include "runtime/http_api/api_context.hpp"
#include "runtime/http_api/document_bodies.hpp"
#include "runtime/logging/time_format.hpp"
#include "runtime/node/node.hpp"

namespace wm::http_api {

namespace {

void write_document(codecs::json_writer& w, const document& d) {
  w.begin_object();
  w.key("id").value(d.id);
  w.key("project_id").value(d.project_id);
  w.key("title").value(d.title);
  w.key("content").value(d.content);
  w.key("content_type").value(d.content_type);
  w.key("content_hash").value(d.content_hash);
  w.key("version").value(d.version);
  w.key("created_at").value(iso8601_utc(d.created_at));
  w.key("updated_at").value(iso8601_utc(d.updated_at));
  w.key("created_by").value(d.created_by);
  w.key("updated_by").value(d.updated_by);
  w.key("deleted").value(d.deleted);
  w.end_object();
}

void send_document(http::response& res, int status, const document& d) {
  codecs::json_writer w;
  write_document(w, d);
  res.send_json(status, w.str(), {"ETag: \"" + std::to_string(d.version) + "\""});
}

std::optional<uint64_t> parse_u64(std::string_view s) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// If-Match: "3", W/"3" or 3. nullopt when absent; failure when unreadable.
result<std::optional<uint64_t>> if_match_version(const http::request& req) {
  auto h = req.header("If-Match");
  if (!h) return std::optional<uint64_t>{};
  std::string_view v = *h;
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  auto n = parse_u64(v);
  if (!n || *n == 0)
    return failure{errc::invalid_input, "If-Match: expected a document version like \"3\""};
  return std::optional<uint64_t>{*n};
}

// The expected version from If-Match and/or the body's "version"; they must agree.
result<uint64_t> expected_version(const http::request& req, std::optional<uint64_t> from_body,
                                  bool required) {
  auto header = if_match_version(req);
  if (!header) return header.error();
  if (from_body && *header && *from_body != **header)
    return failure{errc::invalid_input, "field 'version': differs from If-Match"};
  if (from_body) return *from_body;
  if (*header) return **header;
  if (required)
    return failure{errc::invalid_input,
                   "field 'version': the expected version is required (body \"version\" or "
                   "If-Match header)"};
  return uint64_t{0};
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

documents_actor docs_of(api_context& ctx) {
  return ctx.n->service<documents_actor>(services::documents);
}

template <class R, class... Ts>
result<R> ask_docs(api_context& ctx, const http::request& req, Ts... xs) {
  return call<R>(ctx.n->system(), docs_of(ctx), ctx.timeout, cancel_of(req), std::move(xs)...);
}

}  // namespace

void add_document_routes(http::http_server& server, api_context& ctx) {
  server.add_route("POST", "/v1/documents", [&ctx](http::request& req, http::response& res) {
    auto cmd = read_create_document_body(req.body());
    if (!cmd) return res.send_error(cmd.error());
    auto doc = ask_docs<document>(ctx, req, create_atom::value, std::move(*cmd));
    if (!doc) return res.send_error(doc.error());
    codecs::json_writer w;
    write_document(w, *doc);
    res.send_json(
        201, w.str(),
        {"Location: /v1/documents/" + doc->id, "ETag: \"" + std::to_string(doc->version) + "\""});
  });

  server.add_route("GET", "/v1/documents", [&ctx](http::request& req, http::response& res) {
    auto q = http::parse_query(req.query());
    if (!q) return res.send_error(q.error());
    list_query lq;
    auto offset = query_number(*q, "offset", 0, 0, 10'000);
    if (!offset) return res.send_error(offset.error());
    auto limit = query_number(*q, "limit", 50, 1, 1'000);
    if (!limit) return res.send_error(limit.error());
    lq.offset = *offset;
    lq.limit = *limit;
    lq.project_id = http::query_value(*q, "project").value_or("");
    auto sort = http::query_value(*q, "sort").value_or("updated_desc");
    if (sort == "updated_desc" || sort == "updated")
      lq.sort = document_sort::updated_desc;
    else if (sort == "created_desc" || sort == "created")
      lq.sort = document_sort::created_desc;
    else if (sort == "title_asc" || sort == "title")
      lq.sort = document_sort::title_asc;
    else
      return res.send_error(
          {errc::invalid_input,
           "query parameter 'sort': must be updated_desc, created_desc or title_asc"});
    auto deleted = http::query_value(*q, "include_deleted").value_or("false");
    if (deleted != "true" && deleted != "false")
      return res.send_error(
          {errc::invalid_input, "query parameter 'include_deleted': must be true or false"});
    lq.include_deleted = deleted == "true";
    auto page = ask_docs<document_page>(ctx, req, list_atom::value, lq);
    if (!page) return res.send_error(page.error());
    codecs::json_writer w;
    w.begin_object().key("items").begin_array();
    for (const auto& s : page->items) {
      w.begin_object();
      w.key("id").value(s.id);
      w.key("project_id").value(s.project_id);
      w.key("title").value(s.title);
      w.key("content_type").value(s.content_type);
      w.key("version").value(s.version);
      w.key("created_at").value(iso8601_utc(s.created_at));
      w.key("updated_at").value(iso8601_utc(s.updated_at));
      w.key("word_count").value(s.word_count);
      w.key("character_count").value(s.character_count);
      w.key("deleted").value(s.deleted);
      w.end_object();
    }
    w.end_array();
    w.key("total").value(page->total).key("offset").value(static_cast<uint64_t>(lq.offset));
    w.key("limit").value(static_cast<uint64_t>(lq.limit));
    w.end_object();
    res.send_json(200, w.str());
  });

  server.add_route("GET", "/v1/documents/{id}", [&ctx](http::request& req, http::response& res) {
    auto doc = ask_docs<document>(ctx, req, get_atom::value, std::string{req.param("id")});
    if (!doc) return res.send_error(doc.error());
    send_document(res, 200, *doc);
  });

  server.add_route("PUT", "/v1/documents/{id}", [&ctx](http::request& req, http::response& res) {
    auto body = read_update_document_body(req.body());
    if (!body) return res.send_error(body.error());
    auto version = expected_version(req, body->version, true);
    if (!version) return res.send_error(version.error());
    update_document_cmd cmd;
    cmd.id = std::string{req.param("id")};
    cmd.expected_version = *version;
    cmd.set_title = body->title.has_value();
    cmd.title = std::move(body->title).value_or("");
    cmd.set_content = body->content.has_value();
    cmd.content = std::move(body->content).value_or("");
    cmd.author = std::move(body->author);
    auto doc = ask_docs<document>(ctx, req, update_atom::value, std::move(cmd));
    if (!doc) return res.send_error(doc.error());
    send_document(res, 200, *doc);
  });

  server.add_route("PATCH", "/v1/documents/{id}", [&ctx](http::request& req, http::response& res) {
    auto body = read_patch_document_body(req.body());
    if (!body) return res.send_error(body.error());
    auto version = expected_version(req, body->version, true);
    if (!version) return res.send_error(version.error());
    patch_document_cmd cmd;
    cmd.id = std::string{req.param("id")};
    cmd.expected_version = *version;
    cmd.author = std::move(body->author);
    cmd.edits = std::move(body->edits);
    auto doc = ask_docs<document>(ctx, req, patch_atom::value, std::move(cmd));
    if (!doc) return res.send_error(doc.error());
    send_document(res, 200, *doc);
  });

  server.add_route("DELETE", "/v1/documents/{id}", [&ctx](http::request& req, http::response& res) {
    auto version = expected_version(req, std::nullopt, false);
    if (!version) return res.send_error(version.error());
    auto doc = ask_docs<document>(ctx, req, delete_atom::value,
                                  delete_document_cmd{std::string{req.param("id")}, *version});
    if (!doc) return res.send_error(doc.error());
    send_document(res, 200, *doc);
  });

  server.add_route("GET", "/v1/documents/{id}/history",
                   [&ctx](http::request& req, http::response& res) {
                     auto q = http::parse_query(req.query());
                     if (!q) return res.send_error(q.error());
                     history_query hq;
                     hq.id = std::string{req.param("id")};
                     auto offset = query_number(*q, "offset", 0, 0, 10'000);
                     if (!offset) return res.send_error(offset.error());
                     auto limit = query_number(*q, "limit", 50, 1, 1'000);
                     if (!limit) return res.send_error(limit.error());
                     hq.offset = *offset;
                     hq.limit = *limit;
                     auto revs = ask_docs<std::vector<revision>>(ctx, req, history_atom::value, hq);
                     if (!revs) return res.send_error(revs.error());
                     codecs::json_writer w;
                     w.begin_object().key("items").begin_array();
                     for (const auto& r : *revs) {
                       w.begin_object();
                       w.key("document_id").value(r.document_id);
                       w.key("version").value(r.version);
                       w.key("title").value(r.title);
                       w.key("content").value(r.content);
                       w.key("created_at").value(iso8601_utc(r.created_at));
                       w.key("author").value(r.author);
                       w.end_object();
                     }
                     w.end_array().end_object();
                     res.send_json(200, w.str());
                   });

  server.add_route("POST", "/v1/documents/{id}/restore",
                   [&ctx](http::request& req, http::response& res) {
                     auto body = read_restore_document_body(req.body());
                     if (!body) return res.send_error(body.error());
                     auto expected = expected_version(req, body->expected_version, false);
                     if (!expected) return res.send_error(expected.error());
                     restore_cmd cmd;
                     cmd.id = std::string{req.param("id")};
                     cmd.version = body->version;
                     cmd.expected_version = *expected;
                     cmd.author = std::move(body->author);
                     auto doc = ask_docs<document>(ctx, req, restore_atom::value, std::move(cmd));
                     if (!doc) return res.send_error(doc.error());
                     send_document(res, 200, *doc);
                   });

  server.add_route(
      "GET", "/v1/documents/{id}/stats", [&ctx](http::request& req, http::response& res) {
        auto st = ask_docs<text_stats>(ctx, req, stats_atom::value, std::string{req.param("id")});
        if (!st) return res.send_error(st.error());
        codecs::json_writer w;
        w.begin_object();
        w.key("words").value(st->words);
        w.key("characters").value(st->characters);
        w.key("graphemes").value(st->graphemes);
        w.key("sentences").value(st->sentences);
        w.key("paragraphs").value(st->paragraphs);
        w.key("syllables").value(st->syllables);
        w.key("reading_time_seconds").value(st->reading_time_seconds);
        w.key("flesch_reading_ease").value(st->flesch_reading_ease);
        w.key("flesch_kincaid_grade").value(st->flesch_kincaid_grade);
        w.end_object();
        res.send_json(200, w.str());
      });

  server.add_route("GET", "/v1/search", [&ctx](http::request& req, http::response& res) {
    auto q = http::parse_query(req.query());
    if (!q) return res.send_error(q.error());
    auto text = http::query_value(*q, "q");
    if (!text || text->empty())
      return res.send_error({errc::invalid_input, "query parameter 'q': required"});
    auto limit = query_number(*q, "limit", 20, 1, 1'000);
    if (!limit) return res.send_error(limit.error());
    auto hits = ask_docs<std::vector<search_hit>>(ctx, req, search_atom::value, *text, *limit);
    if (!hits) return res.send_error(hits.error());
    codecs::json_writer w;
    w.begin_object().key("items").begin_array();
    for (const auto& h : *hits) {
      w.begin_object();
      w.key("document_id").value(h.document_id);
      w.key("title").value(h.title);
      w.key("snippet").value(h.snippet);
      w.key("rank").value(h.rank);
      w.end_object();
    }
    w.end_array().end_object();
    res.send_json(200, w.str());
  });
}

}  // namespace wm::http_api
