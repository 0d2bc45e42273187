#pragma once
// Turns user search text into a safe FTS5 MATCH expression: every whitespace-separated
// term becomes a quoted string (so FTS operators and stray quotes in user input are
// plain text), terms are ANDed, and a trailing '*' keeps its prefix-search meaning.
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::sqlite {

inline constexpr std::size_t max_search_query_bytes = 1024;
inline constexpr std::size_t max_search_terms = 64;

// invalid_input for an empty (all-whitespace) or oversized query.
result<std::string> build_fts_query(std::string_view user_text);

}  // namespace wm::sqlite
