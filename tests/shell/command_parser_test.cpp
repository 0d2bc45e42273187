// The shell's command syntax: splitting, quoting, escapes, comments, clear errors.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "runtime/cli/shell/command_args.hpp"
#include "runtime/cli/shell/command_parser.hpp"
#include "runtime/cli/shell/command_table.hpp"

namespace wm::shell {
namespace {

using words = std::vector<std::string>;

std::vector<words> split(std::string_view text) {
  auto r = parse_commands(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  std::vector<words> out;
  if (r)
    for (auto& c : *r) out.push_back(c.words);
  return out;
}

TEST(CommandParser, SplitsOnSemicolonsAndNewlines) {
  EXPECT_EQ(split("a b; c\nd  e ;; \n"), (std::vector<words>{{"a", "b"}, {"c"}, {"d", "e"}}));
  EXPECT_TRUE(split("  ;\n ; ").empty());
}

TEST(CommandParser, QuotesKeepSpacesAndSeparators) {
  EXPECT_EQ(split(R"(doc new "My title; still" 'it''s' x"y"z '')"),
            (std::vector<words>{{"doc", "new", "My title; still", "its", "xyz", ""}}));
  EXPECT_EQ(split("say 'a\nb'"), (std::vector<words>{{"say", "a\nb"}}));
}

TEST(CommandParser, BackslashEscapes) {
  EXPECT_EQ(split(R"(a\ b "t\tq\"\\" \; \#x 'lit\n')"),
            (std::vector<words>{{"a b", "t\tq\"\\", ";", "#x", "lit\\n"}}));
  EXPECT_EQ(split("one \\\ntwo"), (std::vector<words>{{"one", "two"}}));
}

TEST(CommandParser, CommentsRunToTheEndOfTheLine) {
  EXPECT_EQ(split("# whole line; not a command\nhelp # trailing; ignored\nx#y"),
            (std::vector<words>{{"help"}, {"x#y"}}));
}

TEST(CommandParser, RecordsWhereEachCommandStarts) {
  auto r = parse_commands("a;  b\n   c");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[1].line, 1u);
  EXPECT_EQ((*r)[1].column, 5u);
  EXPECT_EQ((*r)[2].line, 2u);
  EXPECT_EQ((*r)[2].column, 4u);
}

TEST(CommandParser, UnterminatedQuoteIsAnIncompleteErrorWithItsColumn) {
  auto out = parse_script("ok\ndoc new \"title");
  ASSERT_TRUE(out.error.has_value());
  EXPECT_TRUE(out.error->incomplete);
  EXPECT_TRUE(out.commands.empty());
  auto f = out.error->to_failure();
  EXPECT_EQ(f.code, errc::invalid_input);
  EXPECT_EQ(f.message, "line 2, column 9: unterminated double quote");
  EXPECT_EQ(parse_script("x 'abc").error->what, "unterminated single quote");
  EXPECT_TRUE(parse_script("x \\").error->incomplete);
}

TEST(CommandParser, UnknownEscapeIsAnErrorNotAGuess) {
  auto out = parse_script("cd C:\\dir");
  ASSERT_TRUE(out.error.has_value());
  EXPECT_FALSE(out.error->incomplete);
  EXPECT_EQ(out.error->column, 6u);
  EXPECT_NE(out.error->what.find("unknown escape \\d"), std::string::npos);
}

TEST(CommandParser, QuoteWordRoundTrips) {
  for (std::string w : {"plain", "", "two words", "it's", "a\"b", "x;y", "#tag", "back\\slash",
                        "line\nbreak", "'both\" kinds'"}) {
    auto r = parse_commands("cmd " + quote_word(w));
    ASSERT_TRUE(r.ok()) << w;
    ASSERT_EQ(r->size(), 1u);
    EXPECT_EQ((*r)[0].words, (words{"cmd", w}));
  }
  EXPECT_EQ(quote_word("plain"), "plain");
}

RC_GTEST_PROP(CommandParserProperty, RenderThenParseGivesTheWordsBack,
              (std::vector<std::string> ws)) {
  RC_PRE(!ws.empty());
  auto r = parse_commands(render_command(ws));
  RC_ASSERT(r.ok());
  RC_ASSERT(r->size() == 1u);
  RC_ASSERT((*r)[0].words == ws);
}

TEST(CommandTable, CompletesCommandsSubcommandsAndSendTargets) {
  EXPECT_EQ(complete("", "he"), (std::vector<std::string>{"help"}));
  EXPECT_EQ(complete("", "e"), (std::vector<std::string>{"exit"}));
  EXPECT_EQ(complete("doc ", "h"), (std::vector<std::string>{"history"}));
  EXPECT_EQ(complete("doc ", "s"), (std::vector<std::string>{"search", "stats"}));
  EXPECT_EQ(complete("help ; ai ", "c"), (std::vector<std::string>{"cancel", "complete"}));
  EXPECT_EQ(complete("send ", "h"), (std::vector<std::string>{"health"}));
  EXPECT_EQ(complete("send health ", "p"), (std::vector<std::string>{"ping"}));
  EXPECT_TRUE(complete("actors ", "").empty());
  EXPECT_TRUE(complete("doc new ", "x").empty());
}

TEST(CommandTable, HelpDescribesEveryCommand) {
  for (const auto& spec : command_table()) {
    auto text = help_for(spec.name);
    EXPECT_NE(text.find(std::string{spec.name}), std::string::npos);
    EXPECT_NE(help_overview().find(std::string{spec.name}), std::string::npos);
  }
  EXPECT_TRUE(help_for("nope").empty());
  EXPECT_NE(help_for("exit").find("quit"), std::string::npos);
}

TEST(CommandArgs, OptionsFlagsAndErrors) {
  auto a = parse_command_args({"doc", "ls", "--limit", "5", "--deleted", "x", "--offset=2"}, 2,
                              {"--limit", "--offset"}, {"--deleted"});
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->positional, (std::vector<std::string>{"x"}));
  EXPECT_TRUE(a->has("--deleted"));
  EXPECT_EQ(**a->number("--limit", 100), 5u);
  EXPECT_EQ(**a->number("--offset", 100), 2u);
  EXPECT_FALSE(a->number("--limit", 4).ok());
  auto bad = parse_command_args({"x", "--bogus"}, 1, {"--limit"}, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, errc::invalid_input);
  EXPECT_NE(bad.error().message.find("--bogus"), std::string::npos);
  EXPECT_FALSE(parse_command_args({"x", "--limit"}, 1, {"--limit"}, {}).ok());
  auto dashdash = parse_command_args({"x", "--", "--limit"}, 1, {"--limit"}, {});
  ASSERT_TRUE(dashdash.ok());
  EXPECT_EQ(dashdash->positional, (std::vector<std::string>{"--limit"}));
}

}  // namespace
}  // namespace wm::shell
