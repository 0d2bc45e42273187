#pragma once
// Input rules for documents and projects, as pure functions. They never trust the
// bytes: counting is safe on invalid UTF-8 (UTF-8 validity itself is checked upstream).
#include <cstdint>
#include <string_view>

#include "messages/result.hpp"

namespace wm::sqlite {

inline constexpr std::size_t max_title_code_points = 255;
inline constexpr std::size_t max_project_name_code_points = 100;
inline constexpr std::size_t max_project_description_bytes = 65536;
inline constexpr std::size_t max_author_bytes = 255;
inline constexpr std::size_t max_language_tag_bytes = 32;

// Code points in UTF-8 text: bytes that are not continuation bytes (10xxxxxx).
std::size_t count_code_points(std::string_view text) noexcept;

status validate_title(std::string_view title);
// markdown | plain_text | html | json | yaml | code:<lang> (lang: [a-z0-9_+#.-]{1,32}).
status validate_content_type(std::string_view content_type);
// Size limit only (bytes): errc::payload_too_large past max_bytes.
status validate_content(std::string_view content, std::size_t max_bytes);
status validate_project_name(std::string_view name);
status validate_project_description(std::string_view description);
status validate_author(std::string_view author);

}  // namespace wm::sqlite
