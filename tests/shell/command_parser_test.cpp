// The shell's command syntax: splitting, quoting, escapes, comments, clear errors.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "runtime/cli/shell/command_args.hpp"
#include "runtime/cli/shell/command_context.hpp"
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

// Scripts written on Windows end lines with CRLF; a trailing backslash once failed there
// with "unknown escape \ followed by byte 0x0d".
TEST(CommandParser, BackslashBeforeCrlfContinuesTheLine) {
  EXPECT_EQ(split("send health ping 1\r\nsend health \\\r\nping 2\r\n"),
            (std::vector<words>{{"send", "health", "ping", "1"}, {"send", "health", "ping", "2"}}));
  EXPECT_EQ(split("say \"a \\\r\nb\""), (std::vector<words>{{"say", "a b"}}));
  auto at_end = parse_script("x \\\r");  // the LF may still come
  ASSERT_TRUE(at_end.error.has_value());
  EXPECT_TRUE(at_end.error->incomplete);
  auto lone_cr = parse_script("x \\\ry");
  ASSERT_TRUE(lone_cr.error.has_value());
  EXPECT_FALSE(lone_cr.error->incomplete);
  EXPECT_NE(lone_cr.error->what.find("byte 0x0d"), std::string::npos);
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

TEST(ContinuationScanner, TracksOpenQuotesAndTrailingBackslashesLineByLine) {
  continuation_scanner sc;
  EXPECT_FALSE(sc.needs_more());
  sc.feed("doc new T --content \"first line\n");
  EXPECT_TRUE(sc.needs_more());
  sc.feed("it's still \\\" open\n");
  EXPECT_TRUE(sc.needs_more());
  sc.feed("done\"   # a comment with a ' quote\n");
  EXPECT_FALSE(sc.needs_more());
  sc.feed("send health \\\r\n");  // complete for the parser, but the next line continues it
  EXPECT_TRUE(sc.needs_more());
  sc.feed("ping 1\r\n");
  EXPECT_FALSE(sc.needs_more());
  sc.feed("x \\");
  EXPECT_TRUE(sc.needs_more());
  sc.feed("\n");
  EXPECT_TRUE(sc.needs_more());
  sc.feed("y\n");
  EXPECT_FALSE(sc.needs_more());
  sc.feed("bad \\d 'never closed\n");  // a hard error: nothing can complete it
  EXPECT_FALSE(sc.needs_more());
  sc.reset();
  sc.feed("x 'open");
  EXPECT_TRUE(sc.needs_more());
}

// The REPL and stdin mode parse a statement only when the scanner says it is complete, so
// the scanner must agree with parse_script on every input, fed in any two pieces: it needs
// more exactly when the text is incomplete or its last LF ends a line continuation.
RC_GTEST_PROP(ContinuationScannerProperty, AgreesWithTheParserHoweverTheInputIsSplit, ()) {
  const std::string alphabet = "ab \t\r\n;#'\"\\n";
  const auto text = *rc::gen::container<std::string>(rc::gen::elementOf(alphabet));
  const auto cut = *rc::gen::inRange<size_t>(0, text.size() + 1);
  continuation_scanner sc;
  sc.feed(std::string_view{text}.substr(0, cut));
  sc.feed(std::string_view{text}.substr(cut));
  auto incomplete = [](std::string_view t) {
    const auto out = parse_script(t);
    return out.error.has_value() && out.error->incomplete;
  };
  const bool continued = !text.empty() && text.back() == '\n' &&
                         incomplete(std::string_view{text}.substr(0, text.size() - 1));
  RC_ASSERT(sc.needs_more() == (incomplete(text) || continued));
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

// `cluster members` worked but was missing from the `send` listing, `help send` and Tab
// completion, which all come from send_targets(): it must name exactly what `send` runs.
TEST(CommandTable, SendTargetsListEveryMessageSendRuns) {
  std::vector<std::string> listed, runnable;
  for (const auto& t : send_targets())
    for (const auto& m : t.messages) {
      listed.push_back(std::string{t.service} + " " + std::string{m.message});
      for (const auto& s : sendable_messages()) {
        if (s.service == t.service && s.message == m.message) {
          EXPECT_EQ(m.args.empty(), s.arity == 0) << listed.back();
        }
      }
    }
  for (const auto& s : sendable_messages())
    runnable.push_back(std::string{s.service} + " " + std::string{s.message});
  std::sort(listed.begin(), listed.end());
  std::sort(runnable.begin(), runnable.end());
  EXPECT_EQ(listed, runnable);
  EXPECT_EQ(complete("send ", "c"), (std::vector<std::string>{"cluster"}));
  EXPECT_EQ(complete("send cluster ", ""), (std::vector<std::string>{"members"}));
  EXPECT_NE(help_for("send").find("send cluster members"), std::string::npos);
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
  // A flag given a value once read "unknown option --deleted (known: ... --deleted)".
  auto valued_flag = parse_command_args({"doc", "ls", "--deleted=true"}, 2, {}, {"--deleted"});
  ASSERT_FALSE(valued_flag.ok());
  EXPECT_EQ(valued_flag.error().code, errc::invalid_input);
  EXPECT_EQ(valued_flag.error().message,
            "option --deleted is a flag and takes no value (got '--deleted=true'; write "
            "--deleted alone)");
  auto dashdash = parse_command_args({"x", "--", "--limit"}, 1, {"--limit"}, {});
  ASSERT_TRUE(dashdash.ok());
  EXPECT_EQ(dashdash->positional, (std::vector<std::string>{"--limit"}));
}

}  // namespace
}  // namespace wm::shell
