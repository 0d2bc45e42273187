#include "runtime/cli/shell/command_parser.hpp"

namespace wm::shell {

namespace {

// Escapes valid both bare and inside double quotes; anything else is an error rather than
// a guess, so a typo like "\d" does not silently lose its backslash.
std::optional<char> unescape(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '\\':
    case '"':
    case '\'':
    case ';':
    case '#':
    case ' ':
      return c;
    default:
      return std::nullopt;
  }
}

std::string describe(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string{"\\"} + c;
  static constexpr char hex[] = "0123456789abcdef";
  return std::string{"\\ followed by byte 0x"} + hex[u >> 4] + hex[u & 15];
}

class parser {
 public:
  explicit parser(std::string_view in) : in_(in) {}

  parse_output run() {
    parse_output out;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        end_word();
        advance();
      } else if (c == ';' || c == '\n') {
        end_word();
        end_command(out);
        advance();
      } else if (c == '#' && !in_word_) {
        while (pos_ < in_.size() && in_[pos_] != '\n') advance();
      } else if (c == '\'') {
        if (!single_quoted()) return fail(std::move(out));
      } else if (c == '"') {
        if (!double_quoted()) return fail(std::move(out));
      } else if (c == '\\') {
        if (!escape(false)) return fail(std::move(out));
      } else {
        start_word();
        word_ += c;
        advance();
      }
    }
    end_word();
    end_command(out);
    return out;
  }

 private:
  void advance() {
    if (in_[pos_] == '\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    ++pos_;
  }

  void start_word() {
    if (!in_word_ && words_.empty()) {
      cmd_line_ = line_;
      cmd_column_ = column_;
    }
    in_word_ = true;
  }

  void end_word() {
    if (!in_word_) return;
    words_.push_back(std::move(word_));
    word_.clear();
    in_word_ = false;
  }

  void end_command(parse_output& out) {
    if (words_.empty()) return;
    out.commands.push_back({std::move(words_), cmd_line_, cmd_column_});
    words_.clear();
  }

  bool error(size_t line, size_t column, std::string what, bool incomplete) {
    error_ = parse_error{line, column, std::move(what), incomplete};
    return false;
  }

  parse_output fail(parse_output out) {
    out.commands.clear();
    out.error = std::move(error_);
    return out;
  }

  bool single_quoted() {
    size_t line = line_, column = column_;
    start_word();
    advance();
    while (pos_ < in_.size() && in_[pos_] != '\'') {
      word_ += in_[pos_];
      advance();
    }
    if (pos_ >= in_.size()) return error(line, column, "unterminated single quote", true);
    advance();
    return true;
  }

  bool double_quoted() {
    size_t line = line_, column = column_;
    start_word();
    advance();
    while (pos_ < in_.size() && in_[pos_] != '"') {
      if (in_[pos_] == '\\') {
        if (!escape(true)) return false;
      } else {
        word_ += in_[pos_];
        advance();
      }
    }
    if (pos_ >= in_.size()) return error(line, column, "unterminated double quote", true);
    advance();
    return true;
  }

  // At a backslash. A backslash-newline joins lines (inside or outside quotes), and so does
  // a backslash before a CRLF line end.
  bool escape(bool quoted) {
    size_t line = line_, column = column_;
    if (pos_ + 1 >= in_.size() || (in_[pos_ + 1] == '\r' && pos_ + 2 >= in_.size()))
      return error(line, column, "backslash at the end of the input", true);
    char next = in_[pos_ + 1];
    if (next == '\n' || (next == '\r' && in_[pos_ + 2] == '\n')) {
      advance();
      if (next == '\r') advance();
      advance();
      return true;
    }
    auto c = unescape(next);
    if (!c)
      return error(
          line, column,
          "unknown escape " + describe(next) + " (use \\\\ for a backslash, or single quotes)",
          false);
    if (!quoted) start_word();
    word_ += *c;
    advance();
    advance();
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
  size_t line_ = 1;
  size_t column_ = 1;
  size_t cmd_line_ = 1;
  size_t cmd_column_ = 1;
  bool in_word_ = false;
  std::string word_;
  std::vector<std::string> words_;
  parse_error error_;
};

bool is_bare_safe(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case ';':
    case '#':
    case '\'':
    case '"':
    case '\\':
      return false;
    default:
      return true;
  }
}

}  // namespace

// Mirrors parser::run() character by character, keeping only what decides whether the text
// can still be completed; the fuzz target checks that both always agree.
void continuation_scanner::feed(std::string_view text) {
  for (char c : text) {
    if (mode_ == mode::failed) return;
    continued_ = false;
    if (escape_ == 1) {  // after a backslash
      if (c == '\n') {
        escape_ = 0;
        continued_ = true;
      } else if (c == '\r') {
        escape_ = 2;
      } else if (unescape(c)) {
        escape_ = 0;
        if (mode_ == mode::normal) in_word_ = true;
      } else {
        mode_ = mode::failed;
      }
      continue;
    }
    if (escape_ == 2) {  // after a backslash and a CR: only a LF continues the line
      if (c == '\n') {
        escape_ = 0;
        continued_ = true;
      } else {
        mode_ = mode::failed;
      }
      continue;
    }
    switch (mode_) {
      case mode::normal:
        if (c == ' ' || c == '\t' || c == '\r' || c == ';' || c == '\n') {
          in_word_ = false;
        } else if (c == '#' && !in_word_) {
          mode_ = mode::comment;
        } else if (c == '\'') {
          in_word_ = true;
          mode_ = mode::single_quote;
        } else if (c == '"') {
          in_word_ = true;
          mode_ = mode::double_quote;
        } else if (c == '\\') {
          escape_ = 1;
        } else {
          in_word_ = true;
        }
        break;
      case mode::comment:
        if (c == '\n') {
          mode_ = mode::normal;
          in_word_ = false;
        }
        break;
      case mode::single_quote:
        if (c == '\'') mode_ = mode::normal;
        break;
      case mode::double_quote:
        if (c == '\\')
          escape_ = 1;
        else if (c == '"')
          mode_ = mode::normal;
        break;
      case mode::failed:
        return;
    }
  }
}

bool continuation_scanner::needs_more() const noexcept {
  if (mode_ == mode::failed) return false;
  return escape_ != 0 || continued_ || mode_ == mode::single_quote || mode_ == mode::double_quote;
}

failure parse_error::to_failure() const {
  return failure{errc::invalid_input, "line " + std::to_string(line) + ", column " +
                                          std::to_string(column) + ": " + what};
}

parse_output parse_script(std::string_view input) {
  return parser{input}.run();
}

result<std::vector<parsed_command>> parse_commands(std::string_view input) {
  auto out = parse_script(input);
  if (out.error) return out.error->to_failure();
  return std::move(out.commands);
}

std::string quote_word(std::string_view word) {
  bool bare = !word.empty();
  bool has_single = false;
  for (char c : word) {
    if (!is_bare_safe(c)) bare = false;
    if (c == '\'') has_single = true;
  }
  if (bare) return std::string{word};
  if (!has_single) return "'" + std::string{word} + "'";
  std::string out = "\"";
  for (char c : word) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string render_command(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += quote_word(w);
  }
  return out;
}

}  // namespace wm::shell
