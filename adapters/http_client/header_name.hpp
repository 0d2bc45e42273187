#pragma once
// HTTP header names match without regard to ASCII case (RFC 9110, 5.1); so do the few
// header tokens read the same way ("true", "false"). Header lines as libcurl hands them
// over keep their line ending; trim_header_text drops it with the surrounding blanks.
#include <string_view>

namespace wm {

constexpr char ascii_lower(char c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// Without leading spaces and tabs, and trailing spaces, tabs, CR and LF.
constexpr std::string_view trim_header_text(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace wm
