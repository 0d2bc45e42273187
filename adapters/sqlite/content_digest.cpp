#include "adapters/sqlite/content_digest.hpp"

#include "actors/documents/text/word_count.hpp"
#include "adapters/sqlite/sha256.hpp"
#include "adapters/sqlite/validation.hpp"

namespace wm::sqlite {

// The words are counted by the text statistics' rules (what /stats, the facade and the
// shell show), so a listing and a document's own stats never disagree.
content_digest digest_content(std::string_view content) {
  return content_digest{sha256_hex(content), text::count_words(content),
                        count_code_points(content)};
}

}  // namespace wm::sqlite
