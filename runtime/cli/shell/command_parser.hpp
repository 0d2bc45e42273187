#pragma once
// The shell's command-line syntax, as pure functions (no actors, no I/O), so the REPL, -c,
// script files and stdin all split commands the same way and the fuzzer can hammer it.
//
//   doc new "My title" 'it''s'   words: doc, new, My title, it, s  (adjacent quotes join: its)
//   a; b                         two commands; a newline separates commands too
//   # comment                    an unquoted # at the start of a word comments out the line
//   "tab\there" say\ hi          escapes: \n \t \r \\ \" \' \; \# \<space>; backslash-newline
//                                (or backslash-CRLF) continues the line. Single quotes take
//                                everything literally.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"

namespace wm::shell {

struct parsed_command {
  std::vector<std::string> words;  // never empty
  size_t line = 1;                 // where the command starts (1-based)
  size_t column = 1;
};

struct parse_error {
  size_t line = 1;
  size_t column = 1;        // of the offending character (1-based, in bytes)
  std::string what;         // e.g. "unterminated double quote"
  bool incomplete = false;  // more input could complete it (open quote, trailing backslash)

  // errc::invalid_input with "line L, column C: what".
  failure to_failure() const;
};

struct parse_output {
  std::vector<parsed_command> commands;
  std::optional<parse_error> error;  // set: `commands` holds nothing
};

parse_output parse_script(std::string_view input);

// Says whether text fed so far (in pieces, e.g. line by line) ends inside a statement that
// goes on in the next line: when parse_script(all of it) fails with an `incomplete` error
// (an open quote, a trailing backslash), or when it ends with a line continuation (a
// backslash before its final LF or CRLF, which the parser would accept as the end). Each
// byte is looked at once, so a reader that parses only when needs_more() is false stays
// linear however many lines a statement spans.
class continuation_scanner {
 public:
  void feed(std::string_view text);
  bool needs_more() const noexcept;
  void reset() noexcept { *this = continuation_scanner{}; }

 private:
  enum class mode : uint8_t { normal, comment, single_quote, double_quote, failed };
  mode mode_ = mode::normal;
  bool in_word_ = false;
  uint8_t escape_ = 0;      // 1: after a backslash; 2: after a backslash and a CR
  bool continued_ = false;  // the last byte fed ended a line continuation
};

// parse_script as a wm::result.
result<std::vector<parsed_command>> parse_commands(std::string_view input);

// Quotes one word so that parsing it gives the word back (bare when that is already true).
std::string quote_word(std::string_view word);

// Joins quoted words with spaces: parse_commands(render(words)) yields `words` again.
std::string render_command(const std::vector<std::string>& words);

}  // namespace wm::shell
