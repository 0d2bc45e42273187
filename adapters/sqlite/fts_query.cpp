#include "adapters/sqlite/fts_query.hpp"

namespace wm::sqlite {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void append_quoted(std::string& out, std::string_view term) {
  out += '"';
  for (char c : term) {
    if (c == '"') out += '"';  // FTS5 escapes a quote inside a string by doubling it
    // NUL would end the string early inside SQLite's tokenizer: drop it.
    if (c != '\0') out += c;
  }
  out += '"';
}

}  // namespace

result<std::string> build_fts_query(std::string_view text) {
  if (text.size() > max_search_query_bytes) {
    return make_failure(errc::invalid_input, "search query is longer than 1024 bytes");
  }
  std::string out;
  std::size_t terms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (start == i) break;
    auto term = text.substr(start, i - start);
    if (++terms > max_search_terms) {
      return make_failure(errc::invalid_input, "search query has more than 64 terms");
    }
    bool prefix = term.size() > 1 && term.back() == '*';
    if (prefix) term.remove_suffix(1);
    if (!out.empty()) out += ' ';
    append_quoted(out, term);
    if (prefix) out += '*';
  }
  if (terms == 0) return make_failure(errc::invalid_input, "search query is empty");
  return out;
}

}  // namespace wm::sqlite
