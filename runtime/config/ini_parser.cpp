#include "runtime/config/ini_parser.hpp"

#include <unordered_map>
#include <unordered_set>

namespace wm::config_ini {
namespace {

bool is_blank(char c) noexcept {
  return c == ' ' || c == '\t';
}

bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Text after a value or header: only whitespace, optionally then a comment.
bool is_blank_or_comment(std::string_view rest) noexcept {
  rest = trim(rest);
  return rest.empty() || rest.front() == '#' || rest.front() == ';';
}

// Printable for error messages: at most 40 bytes, quoted.
std::string show(std::string_view s) {
  constexpr std::size_t limit = 40;
  std::string out = "'";
  out.append(s.substr(0, limit));
  if (s.size() > limit) out += "...";
  out += "'";
  return out;
}

class parser {
 public:
  explicit parser(std::string_view source) : source_(source) {}

  result<ini_document> run(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int line_no = 0;
    while (!text.empty() || line_no == 0) {
      ++line_no;
      auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (auto st = parse_line(line, line_no); !st) return st.error();
      if (text.empty()) break;
    }
    ini_document doc;
    doc.entries = std::move(entries_);
    for (auto& s : headers_)
      if (!sections_with_keys_.contains(s.name)) doc.empty_sections.push_back(std::move(s));
    return doc;
  }

 private:
  failure fail(int line, std::string what) const {
    return make_failure(errc::invalid_input,
                        std::string{source_} + ":" + std::to_string(line) + ": " + std::move(what));
  }

  status parse_line(std::string_view line, int line_no) {
    for (char c : line) {
      auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f)
        return fail(line_no, "control character (byte " + std::to_string(u) + ") in line");
    }
    std::string_view body = trim(line);
    if (body.empty() || body.front() == '#' || body.front() == ';') return {};
    if (body.front() == '[') return parse_header(body, line_no);
    return parse_pair(body, line_no);
  }

  status parse_header(std::string_view body, int line_no) {
    auto close = body.find(']');
    if (close == std::string_view::npos)
      return fail(line_no, "bad section header " + show(body) + ": missing ']'");
    std::string_view name = trim(body.substr(1, close - 1));
    if (!is_valid_ini_name(name))
      return fail(line_no, "bad section header " + show(body) +
                               ": expected [name] or [name.sub] with names of letters, digits, "
                               "'_' or '-'");
    if (!is_blank_or_comment(body.substr(close + 1)))
      return fail(line_no, "bad section header " + show(body) + ": unexpected text after ']'");
    section_ = std::string{name};
    if (header_seen_.insert(section_).second) headers_.push_back({section_, line_no});
    return {};
  }

  status parse_pair(std::string_view body, int line_no) {
    auto eq = body.find('=');
    if (eq == std::string_view::npos)
      return fail(line_no, "missing '=' in " + show(body) + " (expected key = value)");
    std::string_view key = trim(body.substr(0, eq));
    if (key.empty()) return fail(line_no, "missing key before '='");
    if (!is_valid_ini_name(key))
      return fail(line_no, "bad key " + show(key) + ": use letters, digits, '_', '-' or '.'");
    if (section_.empty())
      return fail(line_no,
                  "key '" + std::string{key} + "' outside a section (add a [section] first)");
    ini_entry entry;
    entry.key = section_ + "." + std::string{key};
    entry.line = line_no;
    std::string_view raw = trim(body.substr(eq + 1));
    if (!raw.empty() && raw.front() == '"') {
      if (auto st = parse_quoted(raw, line_no, entry.value); !st) return st;
      entry.quoted = true;
    } else {
      entry.value = std::string{bare_value(raw)};
    }
    auto [it, inserted] = seen_.emplace(entry.key, line_no);
    if (!inserted)
      return fail(line_no, "duplicate key '" + entry.key + "' (first set on line " +
                               std::to_string(it->second) + ")");
    entries_.push_back(std::move(entry));
    sections_with_keys_.insert(section_);
    return {};
  }

  // A bare value ends at a # or ; that follows whitespace: "a#b" is a value, "a #b" is "a".
  static std::string_view bare_value(std::string_view raw) {
    for (std::size_t i = 1; i < raw.size(); ++i)
      if ((raw[i] == '#' || raw[i] == ';') && is_blank(raw[i - 1])) return trim(raw.substr(0, i));
    if (!raw.empty() && (raw.front() == '#' || raw.front() == ';')) return {};
    return raw;
  }

  status parse_quoted(std::string_view raw, int line_no, std::string& out) {
    std::size_t i = 1;
    for (; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == '"') break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++i == raw.size()) break;
      switch (raw[i]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        default:
          return fail(line_no, std::string{"unknown escape '\\"} + raw[i] +
                                   "' in quoted value (allowed: \\\" \\\\ \\n \\t)");
      }
    }
    if (i >= raw.size()) return fail(line_no, "unterminated quote: missing closing '\"'");
    if (!is_blank_or_comment(raw.substr(i + 1)))
      return fail(line_no, "unexpected text after quoted value: " + show(trim(raw.substr(i + 1))));
    return {};
  }

  std::string_view source_;
  std::string section_;
  std::vector<ini_entry> entries_;
  std::unordered_map<std::string, int> seen_;
  std::vector<ini_section> headers_;  // each section's first header
  std::unordered_set<std::string> header_seen_;
  std::unordered_set<std::string> sections_with_keys_;
};

}  // namespace

bool is_valid_ini_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  bool segment_empty = true;
  for (char c : name) {
    if (c == '.') {
      if (segment_empty) return false;
      segment_empty = true;
    } else if (is_name_char(c)) {
      segment_empty = false;
    } else {
      return false;
    }
  }
  return !segment_empty;
}

result<ini_document> parse_ini_document(std::string_view text, std::string_view source_name) {
  return parser{source_name}.run(text);
}

result<std::vector<ini_entry>> parse_ini(std::string_view text, std::string_view source_name) {
  auto doc = parse_ini_document(text, source_name);
  if (!doc) return std::move(doc).error();
  return std::move(doc->entries);
}

}  // namespace wm::config_ini
