#include "mobile/src/json_out.hpp"

#include "actors/documents/text/text_stats.hpp"
#include "actors/documents/text/word_count.hpp"
#include "adapters/codecs/json_writer.hpp"
#include "runtime/logging/time_format.hpp"

namespace wm::mobile {

namespace {

using codecs::json_writer;

void summary_fields(json_writer& w, const document_summary& s) {
  w.key("id").value(s.id);
  w.key("projectId").value(s.project_id);
  w.key("title").value(s.title);
  w.key("contentType").value(s.content_type);
  w.key("wordCount").value(s.word_count);
  w.key("characterCount").value(s.character_count);
  w.key("createdAt").value(s.created_at);
  w.key("updatedAt").value(s.updated_at);
  w.key("version").value(s.version);
  w.key("isDeleted").value(s.deleted);
}

}  // namespace

std::string document_json(const document& d) {
  json_writer w;
  w.reserve(d.content.size() + 512);
  w.begin_object();
  w.key("id").value(d.id);
  w.key("projectId").value(d.project_id);
  w.key("title").value(d.title);
  w.key("content").value(d.content);
  w.key("contentType").value(d.content_type);
  w.key("contentHash").value(d.content_hash);
  w.key("wordCount").value(text::count_words(d.content));
  w.key("characterCount").value(text::count_code_points(d.content));
  w.key("createdAt").value(d.created_at);
  w.key("updatedAt").value(d.updated_at);
  w.key("createdBy").value(d.created_by);
  w.key("updatedBy").value(d.updated_by);
  w.key("version").value(d.version);
  w.key("isDeleted").value(d.deleted);
  w.end_object();
  return w.take();
}

std::string page_json(const document_page& p) {
  json_writer w;
  w.begin_object();
  w.key("documents").begin_array();
  for (const auto& s : p.items) {
    w.begin_object();
    summary_fields(w, s);
    w.end_object();
  }
  w.end_array();
  w.key("count").value(static_cast<uint64_t>(p.items.size()));
  w.key("total").value(p.total);
  w.end_object();
  return w.take();
}

std::string revisions_json(const std::vector<revision>& revs) {
  json_writer w;
  w.begin_object();
  w.key("revisions").begin_array();
  for (const auto& r : revs) {
    w.begin_object();
    w.key("documentId").value(r.document_id);
    w.key("version").value(r.version);
    w.key("title").value(r.title);
    w.key("content").value(r.content);
    w.key("createdAt").value(r.created_at);
    w.key("author").value(r.author);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string hits_json(const std::vector<search_hit>& hits) {
  json_writer w;
  w.begin_object();
  w.key("hits").begin_array();
  for (const auto& h : hits) {
    w.begin_object();
    w.key("documentId").value(h.document_id);
    w.key("title").value(h.title);
    w.key("snippet").value(h.snippet);
    w.key("rank").value(h.rank);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string text_stats_json(const text_stats& s) {
  json_writer w;
  w.begin_object();
  w.key("words").value(s.words);
  w.key("characters").value(s.characters);
  w.key("graphemes").value(s.graphemes);
  w.key("sentences").value(s.sentences);
  w.key("paragraphs").value(s.paragraphs);
  w.key("syllables").value(s.syllables);
  w.key("readingTimeSeconds").value(s.reading_time_seconds);
  w.key("fleschReadingEase").value(s.flesch_reading_ease);
  w.key("fleschKincaidGrade").value(s.flesch_kincaid_grade);
  w.key("readabilityLevel").value(readability_level(s.flesch_reading_ease));
  w.end_object();
  return w.take();
}

std::string completion_result_json(const completion_result& r) {
  json_writer w;
  w.begin_object();
  w.key("requestId").value(r.request_id);
  w.key("text").value(r.text);
  w.key("finishReason").value(r.finish_reason);
  w.key("provider").value(r.provider);
  w.key("model").value(r.model);
  w.key("promptTokens").value(r.usage.prompt_tokens);
  w.key("completionTokens").value(r.usage.completion_tokens);
  w.key("attempts").value(r.attempts);
  w.end_object();
  return w.take();
}

std::string project_json(const project& p) {
  json_writer w;
  w.begin_object();
  w.key("id").value(p.id);
  w.key("name").value(p.name);
  w.key("description").value(p.description);
  w.key("documentIds").begin_array();
  for (const auto& id : p.document_ids) w.value(id);
  w.end_array();
  w.key("createdAt").value(iso8601_utc(p.created_at));
  w.key("updatedAt").value(iso8601_utc(p.updated_at));
  w.key("version").value(p.version);
  w.end_object();
  return w.take();
}

std::string compat_document_json(const document& d) {
  json_writer w;
  w.reserve(d.content.size() + 256);
  w.begin_object();
  w.key("id").value(d.id);
  w.key("title").value(d.title);
  w.key("content").value(d.content);
  w.key("contentType").value(d.content_type);
  w.key("wordCount").value(text::count_words(d.content));
  w.key("characterCount").value(text::count_code_points(d.content));
  w.key("createdAt").value(iso8601_utc(d.created_at));
  w.key("updatedAt").value(iso8601_utc(d.updated_at));
  w.key("version").value(d.version);
  w.key("isDeleted").value(d.deleted);
  w.end_object();
  return w.take();
}

std::string compat_list_json(const document_page& p) {
  json_writer w;
  w.begin_object();
  w.key("documents").begin_array();
  for (const auto& s : p.items) {
    w.begin_object();
    w.key("id").value(s.id);
    w.key("title").value(s.title);
    w.key("contentType").value(s.content_type);
    w.key("wordCount").value(s.word_count);
    w.key("characterCount").value(s.character_count);
    w.key("createdAt").value(iso8601_utc(s.created_at));
    w.key("updatedAt").value(iso8601_utc(s.updated_at));
    w.key("version").value(s.version);
    w.key("isDeleted").value(s.deleted);
    w.end_object();
  }
  w.end_array();
  w.key("count").value(static_cast<uint64_t>(p.items.size()));
  w.end_object();
  return w.take();
}

}  // namespace wm::mobile
