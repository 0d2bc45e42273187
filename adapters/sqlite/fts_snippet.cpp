#include "adapters/sqlite/fts_snippet.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace wm::sqlite {

namespace {

constexpr int content_column = 1;  // documents_fts(title, content)
constexpr int tokens_before_first_hit = 3;

// Where the excerpt's tokens are, found by tokenizing the column up to the window's end.
struct excerpt_builder {
  const char* text = nullptr;
  int first = 0;  // window [first, end) in token positions
  int end = 0;
  const std::vector<int>* hits = nullptr;  // sorted token positions inside the window
  int position = 0;
  int copied_to = -1;  // byte offset copied so far; -1 before the window
  bool more_after = false;
  std::string out;
};

// Returned by the tokenizer callback to stop once the window is complete.
constexpr int stop_tokenizing = SQLITE_DONE;

int on_token(void* ctx, int flags, const char*, int, int start, int stop) {
  auto& b = *static_cast<excerpt_builder*>(ctx);
  if ((flags & FTS5_TOKEN_COLOCATED) != 0) return SQLITE_OK;  // a synonym: same position
  const int pos = b.position++;
  if (pos < b.first) return SQLITE_OK;
  if (pos >= b.end) {
    b.more_after = true;
    return stop_tokenizing;
  }
  if (b.copied_to >= 0)
    b.out.append(b.text + b.copied_to, static_cast<std::size_t>(start - b.copied_to));
  const bool hit = std::binary_search(b.hits->begin(), b.hits->end(), pos);
  if (hit) b.out += '[';
  b.out.append(b.text + start, static_cast<std::size_t>(stop - start));
  if (hit) b.out += ']';
  b.copied_to = stop;
  return SQLITE_OK;
}

void wm_snippet(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int,
                sqlite3_value**) {
  int count = 0;
  if (int rc = api->xInstCount(fts, &count); rc != SQLITE_OK) {
    sqlite3_result_error_code(result, rc);
    return;
  }
  // The first hit in the content; the first in the title when the content has none.
  int column = -1;
  int first_hit = 0;
  for (int i = 0; i < count; ++i) {
    int phrase = 0, col = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &col, &offset) != SQLITE_OK) continue;
    if (column < 0 || (col == content_column && column != content_column) ||
        (col == column && offset < first_hit)) {
      column = col;
      first_hit = offset;
    }
  }
  if (column < 0) {
    sqlite3_result_text(result, "", 0, SQLITE_STATIC);
    return;
  }
  excerpt_builder b;
  b.first = std::max(0, first_hit - tokens_before_first_hit);
  b.end = b.first + snippet_window_tokens;
  std::vector<int> hits;
  for (int i = 0; i < count; ++i) {
    int phrase = 0, col = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &col, &offset) == SQLITE_OK && col == column &&
        offset >= b.first && offset < b.end)
      hits.push_back(offset);
  }
  std::sort(hits.begin(), hits.end());
  b.hits = &hits;
  int bytes = 0;
  if (int rc = api->xColumnText(fts, column, &b.text, &bytes); rc != SQLITE_OK) {
    sqlite3_result_error_code(result, rc);
    return;
  }
  if (b.text == nullptr) bytes = 0;
  const int rc = api->xTokenize(fts, b.text, bytes, &b, on_token);
  if (rc != SQLITE_OK && rc != stop_tokenizing) {
    sqlite3_result_error_code(result, rc);
    return;
  }
  std::string snippet = (b.first > 0 ? "..." : "") + b.out + (b.more_after ? "..." : "");
  sqlite3_result_text64(result, snippet.data(), snippet.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

}  // namespace

status register_snippet_function(sqlite3* db) {
  fts5_api* api = fts5_of(db);
  if (api == nullptr || api->iVersion < 2)
    return failure{errc::unavailable, "store: this SQLite has no FTS5 (wm_snippet)"};
  if (api->xCreateFunction(api, "wm_snippet", nullptr, wm_snippet, nullptr) != SQLITE_OK)
    return failure{errc::unavailable, "store: cannot register wm_snippet"};
  return {};
}

}  // namespace wm::sqlite
