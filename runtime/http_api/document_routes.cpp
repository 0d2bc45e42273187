// Documents under /v1/documents and search under /v1/search, served by the documents
// service (one actor per open document behind a router).

#include "adapters/codecs/json_writer.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/http_api/actor_bridge.hpp"
#include "runtime/http_api/api_context.hpp"
#include "runtime/http_api/document_requests.hpp"
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

// The expected version of a write from the request's If-Match and its body's "version".
result<uint64_t> version_of_write(const http::request& req, std::optional<uint64_t> from_body,
                                  bool required) {
  auto header = read_if_match(req.header("If-Match"));
  if (!header) return header.error();
  return expected_version(*header, from_body, required);
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
    auto lq = read_list_query(req.query());
    if (!lq) return res.send_error(lq.error());
    auto page = ask_docs<document_page>(ctx, req, list_atom::value, *lq);
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
    w.key("total").value(page->total).key("offset").value(static_cast<uint64_t>(lq->offset));
    w.key("limit").value(static_cast<uint64_t>(lq->limit));
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
    auto version = version_of_write(req, body->version, true);
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
    auto version = version_of_write(req, body->version, true);
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
    auto version = version_of_write(req, std::nullopt, false);
    if (!version) return res.send_error(version.error());
    auto doc = ask_docs<document>(ctx, req, delete_atom::value,
                                  delete_document_cmd{std::string{req.param("id")}, *version});
    if (!doc) return res.send_error(doc.error());
    send_document(res, 200, *doc);
  });

  // Undoes a soft delete (the document and its history come back as they were).
  server.add_route(
      "POST", "/v1/documents/{id}/undelete", [&ctx](http::request& req, http::response& res) {
        if (!req.body().empty())
          return res.send_error({errc::invalid_input, "undelete takes no body"});
        auto doc = ask_docs<document>(ctx, req, undelete_atom::value,
                                      delete_document_cmd{std::string{req.param("id")}, 0});
        if (!doc) return res.send_error(doc.error());
        send_document(res, 200, *doc);
      });

  server.add_route(
      "GET", "/v1/documents/{id}/history", [&ctx](http::request& req, http::response& res) {
        auto hq = read_history_query(req.query());
        if (!hq) return res.send_error(hq.error());
        hq->id = std::string{req.param("id")};
        auto revs = ask_docs<std::vector<revision>>(ctx, req, history_atom::value, *hq);
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
                     auto expected = version_of_write(req, body->expected_version, false);
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
    auto search = read_search_query(req.query());
    if (!search) return res.send_error(search.error());
    auto hits = ask_docs<std::vector<search_hit>>(ctx, req, search_atom::value, search->text,
                                                  search->limit);
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
