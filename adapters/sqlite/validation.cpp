#include "adapters/sqlite/validation.hpp"

#include <string>

namespace wm::sqlite {

std::size_t count_code_points(std::string_view text) noexcept {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

status validate_title(std::string_view title) {
  auto n = count_code_points(title);
  if (n == 0) return make_failure(errc::invalid_input, "title must not be empty");
  if (n > max_title_code_points) {
    return make_failure(errc::invalid_input,
                        "title has " + std::to_string(n) + " characters; at most 255 are allowed");
  }
  return {};
}

status validate_content_type(std::string_view type) {
  if (type == "markdown" || type == "plain_text" || type == "html" || type == "json" ||
      type == "yaml") {
    return {};
  }
  constexpr std::string_view code_prefix = "code:";
  if (type.substr(0, code_prefix.size()) == code_prefix) {
    auto lang = type.substr(code_prefix.size());
    bool ok = !lang.empty() && lang.size() <= max_language_tag_bytes;
    for (char c : lang) {
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
                  c == '#' || c == '.' || c == '-');
    }
    if (ok) return {};
    return make_failure(errc::invalid_input,
                        "content type code:<lang> needs a language tag of 1-32 characters "
                        "from a-z 0-9 _ + # . -");
  }
  return make_failure(errc::invalid_input,
                      "unknown content type; use markdown, plain_text, html, json, yaml or "
                      "code:<lang>");
}

status validate_content(std::string_view content, std::size_t max_bytes) {
  if (content.size() > max_bytes) {
    return make_failure(errc::payload_too_large, "content is " + std::to_string(content.size()) +
                                                     " bytes; the limit is " +
                                                     std::to_string(max_bytes));
  }
  return {};
}

status validate_project_name(std::string_view name) {
  auto n = count_code_points(name);
  if (n == 0) return make_failure(errc::invalid_input, "project name must not be empty");
  if (n > max_project_name_code_points) {
    return make_failure(errc::invalid_input, "project name has " + std::to_string(n) +
                                                 " characters; at most 100 are allowed");
  }
  return {};
}

status validate_project_description(std::string_view description) {
  if (description.size() > max_project_description_bytes) {
    return make_failure(errc::payload_too_large, "project description is longer than 64 KiB");
  }
  return {};
}

status validate_author(std::string_view author) {
  if (author.size() > max_author_bytes) {
    return make_failure(errc::invalid_input, "author is longer than 255 bytes");
  }
  return {};
}

}  // namespace wm::sqlite
