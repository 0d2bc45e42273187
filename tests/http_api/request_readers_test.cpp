// What the HTTP API reads from requests, as values: the document routes' bodies, query strings
// and If-Match, and the bodies of /v1/ai/complete and OpenAI's chat completions. What each
// accepts, what it refuses (invalid_input naming the field), unsigned numbers past INT64_MAX.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "runtime/http_api/chat_body.hpp"
#include "runtime/http_api/document_requests.hpp"

namespace wm::http_api {
namespace {

constexpr uint64_t u64_max = 18446744073709551615ULL;

std::string message_of(const failure& f) {
  EXPECT_EQ(f.code, errc::invalid_input) << f.message;
  return f.message;
}

TEST(DocumentBodies, CreateTakesItsFieldsAndDefaultsTheContentType) {
  auto cmd = read_create_document_body(R"({"title":"T","content":"c","project_id":null})");
  ASSERT_TRUE(cmd.ok()) << cmd.error().message;
  EXPECT_EQ(cmd->title, "T");
  EXPECT_EQ(cmd->content, "c");
  EXPECT_EQ(cmd->content_type, "markdown");
  EXPECT_TRUE(cmd->project_id.empty());
  EXPECT_NE(message_of(read_create_document_body(R"({"content":"c"})").error()).find("'title'"),
            std::string::npos);
  EXPECT_NE(message_of(read_create_document_body("").error()).find("request body"),
            std::string::npos);
}

TEST(DocumentBodies, UpdateNeedsTitleOrContentAndReadsTheVersion) {
  auto body = read_update_document_body(R"({"content":"x","version":18446744073709551615})");
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_FALSE(body->title.has_value());
  EXPECT_EQ(body->content, "x");
  EXPECT_EQ(body->version, u64_max);
  EXPECT_NE(message_of(read_update_document_body(R"({"version":1})").error()).find("content"),
            std::string::npos);
  EXPECT_FALSE(read_update_document_body(R"({"content":"x","version":-1})").ok());
}

TEST(DocumentBodies, PatchReadsEveryEditWithOffsetsPastInt64Max) {
  auto body = read_patch_document_body(
      R"({"edits":[{"offset":18446744073709551615,"length":9223372036854775808,)"
      R"("replacement":"x"},{"offset":0,"length":1,"replacement":""}],"author":"ann"})");
  ASSERT_TRUE(body.ok()) << body.error().message;
  ASSERT_EQ(body->edits.size(), 2u);
  EXPECT_EQ(body->edits[0].offset, u64_max);
  EXPECT_EQ(body->edits[0].length, 9223372036854775808ULL);
  EXPECT_EQ(body->edits[0].replacement, "x");
  EXPECT_EQ(body->edits[1].length, 1u);
  EXPECT_FALSE(body->version.has_value());
  EXPECT_EQ(body->author, "ann");
  EXPECT_NE(message_of(read_patch_document_body(R"({"edits":[]})").error()).find("'edits'"),
            std::string::npos);
  EXPECT_NE(message_of(read_patch_document_body(R"({"edits":[3]})").error()).find("edits[0]"),
            std::string::npos);
  EXPECT_NE(message_of(read_patch_document_body(R"({"edits":[{"offset":1,"length":-1,)"
                                                R"("replacement":""}]})")
                           .error())
                .find("edits[0].length"),
            std::string::npos);
}

TEST(DocumentBodies, RestoreReadsVersionsPastInt64Max) {
  auto body =
      read_restore_document_body(R"({"version":18446744073709551615,"expected_version":2})");
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(body->version, u64_max);
  EXPECT_EQ(body->expected_version, 2u);
  EXPECT_FALSE(read_restore_document_body(R"({"expected_version":2})").ok());
}

TEST(DocumentRequests, IfMatchTakesQuotedWeakOrBareVersions) {
  EXPECT_EQ(*read_if_match(std::nullopt), std::nullopt);
  for (const char* h : {"\"3\"", "W/\"3\"", "3"}) {
    auto v = read_if_match(std::string_view{h});
    ASSERT_TRUE(v.ok()) << h;
    EXPECT_EQ(*v, 3u) << h;
  }
  EXPECT_EQ(**read_if_match(std::string_view{"18446744073709551615"}), u64_max);
  for (const char* h : {"0", "\"\"", "\"", "abc", "-1", "18446744073709551616", "3 "})
    EXPECT_NE(message_of(read_if_match(std::string_view{h}).error()).find("If-Match"),
              std::string::npos)
        << h;
}

TEST(DocumentRequests, ExpectedVersionComesFromTheBodyOrIfMatchAndTheyMustAgree) {
  EXPECT_EQ(*expected_version(4, std::nullopt, true), 4u);
  EXPECT_EQ(*expected_version(std::nullopt, 5, true), 5u);
  EXPECT_EQ(*expected_version(6, 6, true), 6u);
  EXPECT_EQ(*expected_version(std::nullopt, std::nullopt, false), 0u);
  EXPECT_NE(message_of(expected_version(6, 7, true).error()).find("differs from If-Match"),
            std::string::npos);
  EXPECT_NE(message_of(expected_version(std::nullopt, std::nullopt, true).error()).find("required"),
            std::string::npos);
}

TEST(DocumentRequests, ListQueryHasDefaultsAliasesAndAKeysetCursor) {
  auto d = read_list_query("");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->offset, 0u);
  EXPECT_EQ(d->limit, 50u);
  EXPECT_EQ(d->sort, document_sort::updated_desc);
  EXPECT_FALSE(d->include_deleted);
  EXPECT_TRUE(d->after_id.empty());
  auto q = read_list_query(
      "limit=1000&offset=10000&sort=title&include_deleted=true&project=p%201"
      "&after=doc-9");
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->limit, 1000u);
  EXPECT_EQ(q->offset, 10000u);
  EXPECT_EQ(q->sort, document_sort::title_asc);
  EXPECT_TRUE(q->include_deleted);
  EXPECT_EQ(q->project_id, "p 1");
  EXPECT_EQ(q->after_id, "doc-9");
  EXPECT_EQ(read_list_query("sort=created")->sort, document_sort::created_desc);
  for (const auto& [query, name] : std::vector<std::pair<const char*, const char*>>{
           {"limit=0", "'limit'"},
           {"limit=1001", "'limit'"},
           {"offset=10001", "'offset'"},
           {"offset=-1", "'offset'"},
           {"limit=18446744073709551616", "'limit'"},
           {"sort=sideways", "'sort'"},
           {"include_deleted=yes", "'include_deleted'"},
           {"project=a%00b", "'project'"}})
    EXPECT_NE(message_of(read_list_query(query).error()).find(name), std::string::npos) << query;
}

TEST(DocumentRequests, HistoryAndSearchQueries) {
  auto h = read_history_query("offset=2&limit=3");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->offset, 2u);
  EXPECT_EQ(h->limit, 3u);
  EXPECT_FALSE(read_history_query("limit=0").ok());
  auto s = read_search_query("q=walrus+notes&limit=5");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->text, "walrus notes");
  EXPECT_EQ(s->limit, 5u);
  EXPECT_EQ(read_search_query("q=x")->limit, 20u);
  EXPECT_NE(message_of(read_search_query("limit=5").error()).find("'q'"), std::string::npos);
  EXPECT_NE(message_of(read_search_query("q=").error()).find("'q'"), std::string::npos);
}

TEST(CompletionBodies, CompleteTakesAPromptOrMessages) {
  auto req = read_complete_body(R"({"prompt":"hi","system":"be brief","max_tokens":5})");
  ASSERT_TRUE(req.ok()) << req.error().message;
  ASSERT_EQ(req->messages.size(), 2u);
  EXPECT_EQ(req->messages[0].role, "system");
  EXPECT_EQ(req->messages[1].content, "hi");
  EXPECT_EQ(req->max_tokens, 5u);
  EXPECT_FALSE(read_complete_body(R"({"prompt":"a","messages":[]})").ok());
  EXPECT_FALSE(read_complete_body(R"({"prompt":""})").ok());
}

// A huge max_tokens or deadline used to be ignored (unreadable as int64) or to overflow the
// gateway's clock arithmetic; now each is refused with the field named.
TEST(CompletionBodies, CompleteRefusesOutOfRangeNumbers) {
  for (const char* body :
       {R"({"prompt":"a","max_tokens":18446744073709551615})", R"({"prompt":"a","max_tokens":0})",
        R"({"prompt":"a","max_tokens":1000001})"})
    EXPECT_NE(message_of(read_complete_body(body).error()).find("'max_tokens'"), std::string::npos)
        << body;
  for (const char* body : {R"({"prompt":"a","deadline_ms":18446744073709551615})",
                           R"({"prompt":"a","deadline_ms":9000000000000000})"})
    EXPECT_NE(message_of(read_complete_body(body).error()).find("'deadline_ms'"), std::string::npos)
        << body;
  EXPECT_FALSE(read_complete_body(R"({"prompt":"a","deadline_ms":3600001})").ok());
  auto hour = read_complete_body(R"({"prompt":"a","deadline_ms":3600000})");
  ASSERT_TRUE(hour.ok()) << hour.error().message;
  EXPECT_EQ(hour->deadline_ms, 3600000);
}

// POST /v1/ai/write: one of the four operations, a text or a document id (not both), and the
// completion options with their limits.
TEST(CompletionBodies, WriteTakesAnOperationAndATextOrADocument) {
  auto w = read_write_body(
      R"({"operation":"proofread","text":"Their going.","model":"m","stream":true,"deadline_ms":9})");
  ASSERT_TRUE(w.ok()) << w.error().message;
  EXPECT_EQ(w->op, writing_op::proofread);
  EXPECT_EQ(w->text, "Their going.");
  EXPECT_TRUE(w->document_id.empty());
  EXPECT_EQ(w->options.model, "m");
  EXPECT_TRUE(w->options.stream);
  EXPECT_EQ(w->options.deadline_ms, 9);
  auto d = read_write_body(R"({"operation":"continue","document_id":"abc"})");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->op, writing_op::continue_text);
  EXPECT_EQ(d->document_id, "abc");
  EXPECT_EQ(message_of(read_write_body(R"({"operation":"translate","text":"a"})").error()),
            "field 'operation': must be continue, rewrite, summarize or proofread");
  for (const char* body :
       {R"({"operation":"rewrite"})", R"({"operation":"rewrite","text":"a","document_id":"b"})"})
    EXPECT_EQ(message_of(read_write_body(body).error()),
              "field 'text': give either text or document_id")
        << body;
  EXPECT_NE(message_of(read_write_body(R"({"text":"a"})").error()).find("'operation'"),
            std::string::npos);
  EXPECT_NE(
      message_of(read_write_body(R"({"operation":"rewrite","text":""})").error()).find("'text'"),
      std::string::npos);
  EXPECT_NE(
      message_of(read_write_body(R"({"operation":"rewrite","text":"a","max_tokens":0})").error())
          .find("'max_tokens'"),
      std::string::npos);
  EXPECT_NE(message_of(read_write_body(R"({"operation":"rewrite","text":"a","extra":1})").error())
                .find("'extra'"),
            std::string::npos);
}

TEST(CompletionBodies, ChatReadsOpenAiFields) {
  auto chat = read_chat_body(
      R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},)"
      R"({"type":"text","text":"b"}]}],"stream":true,"stream_options":{"include_usage":true},)"
      R"("max_completion_tokens":7,"max_tokens":9,"n":1})");
  ASSERT_TRUE(chat.ok()) << chat.error().message;
  EXPECT_EQ(chat->req.model, "m");
  EXPECT_EQ(chat->req.messages.at(0).content, "ab");
  EXPECT_TRUE(chat->req.stream);
  EXPECT_TRUE(chat->include_usage);
  EXPECT_EQ(chat->req.max_tokens, 7u);  // max_completion_tokens wins
  EXPECT_NE(message_of(read_chat_body(R"({"model":"m","messages":[{"role":"user","content":"a"}],)"
                                      R"("n":18446744073709551615})")
                           .error())
                .find("'n'"),
            std::string::npos);
  EXPECT_NE(message_of(read_chat_body(R"({"model":"m","messages":[{"role":"user","content":"a"}],)"
                                      R"("max_tokens":18446744073709551615})")
                           .error())
                .find("'max_tokens'"),
            std::string::npos);
  EXPECT_FALSE(read_chat_body(R"({"messages":[{"role":"user","content":"a"}]})").ok());
}

}  // namespace
}  // namespace wm::http_api
