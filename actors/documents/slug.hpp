#pragma once
// File names for exported documents: "<title-slug>.md" / ".txt".
#include <string>
#include <string_view>

namespace wm::documents {

// Lowercase ASCII letters and digits; every other run of bytes becomes one '-'; trimmed
// to 80 bytes; "untitled" when nothing is left.
std::string slugify(std::string_view title);

// .md for markdown, .txt for everything else.
std::string_view export_extension(std::string_view content_type);

}  // namespace wm::documents
