#pragma once
// Pure text edits on UTF-8 content: patches addressed in code points (what editors
// count) and byte-exact find-and-replace. The document actor applies them to its cached
// content and writes the result through the store.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "messages/documents.hpp"
#include "messages/result.hpp"

namespace wm::documents {

// Applies edits in order, each to the result of the previous one. invalid_input when an
// edit reaches past the end of the text, or a patch is empty or has more than
// max_patch_edits edits. The text must be valid
// UTF-8 (offsets then never split a code point); replacements are not validated here.
result<std::string> apply_edits(std::string_view text, const std::vector<text_edit>& edits);

struct replaced_text {
  std::string text;
  uint64_t count = 0;
};

// Replaces the first (all = false) or every non-overlapping occurrence of find, left to
// right. find must not be empty (invalid_input).
result<replaced_text> replace_text(std::string_view text, std::string_view find,
                                   std::string_view replacement, bool all);

}  // namespace wm::documents
