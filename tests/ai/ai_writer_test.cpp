// The writing operations' request building: templates, trimming on code points, system prompt.
#include "actors/ai/ai_writer.hpp"

#include <gtest/gtest.h>

namespace wm::ai {
namespace {

TEST(TrimText, KeepsShortTextWhole) {
  EXPECT_EQ(trim_text("hello", 5, false), "hello");
  EXPECT_EQ(trim_text("hello", 10, true), "hello");
}

TEST(TrimText, CutsOnCodePointBoundaries) {
  const std::string s =
      "a\xC3\xA9"
      "b\xE2\x82\xAC"
      "c";  // a é b € c: 5 code points
  EXPECT_EQ(trim_text(s, 2, false), "a\xC3\xA9");
  EXPECT_EQ(trim_text(s, 2, true),
            "\xE2\x82\xAC"
            "c");
  EXPECT_EQ(trim_text(s, 0, true), "");
}

TEST(TrimContext, KeepsSystemDropsOldestCutsNewest) {
  std::vector<chat_message> m{{"system", "SYS"},
                              {"user", "old question"},
                              {"assistant", "old answer"},
                              {"user", "newest question"}};
  auto removed = trim_context(m, 3 + 8);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].role, "system");
  EXPECT_EQ(m[0].content, "SYS");
  EXPECT_EQ(m[1].content, "question");
  EXPECT_EQ(removed, 12u + 10u + 7u);
}

TEST(TrimContext, FittingContextIsUntouched) {
  std::vector<chat_message> m{{"system", "s"}, {"user", "u"}};
  EXPECT_EQ(trim_context(m, 10), 0u);
  EXPECT_EQ(m.size(), 2u);
}

TEST(RenderPrompt, ReplacesEveryPlaceholderOrAppends) {
  EXPECT_EQ(render_prompt("A {text} B {text}", "x"), "A x B x");
  EXPECT_EQ(render_prompt("Fix this:", "x"), "Fix this:\n\nx");
  EXPECT_EQ(render_prompt("", "x"), "x");
}

TEST(BuildWritingRequest, SystemPromptTemplateAndTrimmedText) {
  auto w = default_writer_settings();
  w.max_context_chars = 5;
  completion_request base;
  base.request_id = "rid";
  base.model = "m";  // the options stay; the messages are the builder's
  base.messages = {{"user", "dropped"}};
  auto c = build_writing_request(w, writing_op::continue_text, "0123456789", base);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->request_id, "rid");
  EXPECT_EQ(c->model, "m");
  ASSERT_EQ(c->messages.size(), 2u);
  EXPECT_EQ(c->messages[0].role, "system");
  EXPECT_EQ(c->messages[1].content,
            "Continue the following text in the same voice and style.\n\n56789");
  auto s = build_writing_request(w, writing_op::summarize, "0123456789");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->messages[1].content, "Summarize the following text in a few sentences.\n\n01234");
}

TEST(BuildWritingRequest, EmptyTextIsInvalid) {
  auto r = build_writing_request(default_writer_settings(), writing_op::rewrite, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, errc::invalid_input);
}

TEST(BuildWritingRequest, NoSystemPromptWhenEmpty) {
  auto w = default_writer_settings();
  w.system_prompt.clear();
  auto r = build_writing_request(w, writing_op::proofread, "teh text");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->messages.size(), 1u);
  EXPECT_EQ(r->messages[0].role, "user");
}

}  // namespace
}  // namespace wm::ai
