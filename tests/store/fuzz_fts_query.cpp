// Fuzz target for search text -> FTS5 MATCH expressions. Asserts: no crash; a failure is
// invalid_input with a message; every expression built is one SQLite's FTS5 accepts, run on
// a real in-memory table with the store's tokenizer (operators, quotes and NULs in the
// user's text are plain text, never syntax); only an empty, oversized or over-64-term text
// is refused.
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/sqlite/fts_query.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using wm::fuzz::check;

// One connection and statement for the whole run: an FTS5 table like the store's, one row.
sqlite3_stmt* match_statement() {
  static sqlite3_stmt* stmt = [] {
    sqlite3* db = nullptr;
    check(sqlite3_open(":memory:", &db) == SQLITE_OK);
    const char* schema =
        "CREATE VIRTUAL TABLE docs USING fts5(title, content, "
        "tokenize='unicode61 remove_diacritics 2');"
        "INSERT INTO docs VALUES ('A title', 'some plain words and \"quoted\" ones');";
    check(sqlite3_exec(db, schema, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v2(db, "SELECT count(*) FROM docs WHERE docs MATCH ?", -1, &s, nullptr) ==
          SQLITE_OK);
    return s;
  }();
  return stmt;
}

std::size_t count_terms(std::string_view text) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  std::size_t terms = 0;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!space(text[i]) && (i == 0 || space(text[i - 1]))) ++terms;
  return terms;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm;
  const std::string_view text{reinterpret_cast<const char*>(data), size};
  auto query = sqlite::build_fts_query(text);
  const std::size_t terms = count_terms(text);
  if (wm::fuzz::refused_clearly(query)) {
    check(terms == 0 || terms > sqlite::max_search_terms ||
          text.size() > sqlite::max_search_query_bytes);
    return 0;
  }
  check(terms >= 1 && terms <= sqlite::max_search_terms);
  check(query->find('\0') == std::string::npos);

  sqlite3_stmt* stmt = match_statement();
  check(sqlite3_bind_text(stmt, 1, query->data(), static_cast<int>(query->size()),
                          SQLITE_TRANSIENT) == SQLITE_OK);
  const int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) std::abort();  // a syntax error: user text leaked into FTS5 syntax
  sqlite3_reset(stmt);
  return 0;
}
