#pragma once
// wm_snippet(fts_table): the search excerpt, as an FTS5 auxiliary function registered on the
// store's connection. FTS5's own snippet() scores a window around every phrase instance
// against every other, which is quadratic in the hits of one row: one document holding a
// word 40,000 times took 26 s, and the store (one thread) answered nothing else meanwhile.
// This one is linear: it takes the first hit in the content (the title when the content has
// none), opens a window of `window_tokens` tokens a few tokens before it, and brackets
// every hit inside: "...the [zebra] is a striped [zebra]...".
#include <sqlite3.h>

#include "messages/result.hpp"

namespace wm::sqlite {

inline constexpr int snippet_window_tokens = 16;

// Registers wm_snippet on `db` (which must have FTS5). unavailable if it cannot.
status register_snippet_function(sqlite3* db);

}  // namespace wm::sqlite
