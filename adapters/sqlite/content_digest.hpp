#pragma once
// The one definition of a content's digest (hash and counts) as the store records it.
#include <string_view>

#include "messages/content_digest.hpp"

namespace wm::sqlite {

content_digest digest_content(std::string_view content);

}  // namespace wm::sqlite
