#include "actors/documents/text_patch.hpp"

#include <algorithm>
#include <functional>

namespace wm::documents {

namespace {

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Byte position `count` code points after byte `from` (which starts a code point); npos when
// the text ends first. Counts down, so offset + length never has to be summed (it can wrap).
std::size_t skip_code_points(std::string_view text, std::size_t from, uint64_t count) {
  std::size_t i = from;
  for (; count > 0; --count) {
    if (i >= text.size()) return std::string_view::npos;
    ++i;
    while (i < text.size() && is_continuation(text[i])) ++i;
  }
  return i;
}

}  // namespace

result<std::string> apply_edits(std::string_view text, const std::vector<text_edit>& edits) {
  if (edits.empty()) return failure{errc::invalid_input, "a patch needs at least one edit"};
  if (edits.size() > max_patch_edits)
    return failure{errc::invalid_input, "a patch has " + std::to_string(edits.size()) +
                                            " edits, more than the limit of " +
                                            std::to_string(max_patch_edits)};
  std::string current(text);
  for (std::size_t k = 0; k < edits.size(); ++k) {
    const auto& e = edits[k];
    auto begin = skip_code_points(current, 0, e.offset);
    auto end = begin == std::string_view::npos ? std::string_view::npos
                                               : skip_code_points(current, begin, e.length);
    if (begin == std::string_view::npos || end == std::string_view::npos)
      return failure{errc::invalid_input, "edit " + std::to_string(k) + " (offset " +
                                              std::to_string(e.offset) + ", length " +
                                              std::to_string(e.length) +
                                              ") reaches past the end of the text"};
    current.replace(begin, end - begin, e.replacement);
  }
  return current;
}

result<replaced_text> replace_text(std::string_view text, std::string_view find,
                                   std::string_view replacement, bool all) {
  if (find.empty()) return failure{errc::invalid_input, "find text must not be empty"};
  replaced_text out;
  out.text.reserve(text.size());
  std::boyer_moore_horspool_searcher searcher(find.begin(), find.end());
  auto pos = text.begin();
  while (pos != text.end()) {
    auto hit = std::search(pos, text.end(), searcher);
    if (hit == text.end()) break;
    out.text.append(pos, hit);
    out.text.append(replacement);
    pos = hit + static_cast<std::ptrdiff_t>(find.size());
    ++out.count;
    if (!all) break;
  }
  out.text.append(pos, text.end());
  return out;
}

}  // namespace wm::documents
