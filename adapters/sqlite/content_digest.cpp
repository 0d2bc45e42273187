#include "adapters/sqlite/content_digest.hpp"

#include "adapters/sqlite/sha256.hpp"
#include "adapters/sqlite/validation.hpp"

namespace wm::sqlite {

content_digest digest_content(std::string_view content) {
  return content_digest{sha256_hex(content), count_words(content), count_code_points(content)};
}

}  // namespace wm::sqlite
