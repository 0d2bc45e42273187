#include "runtime/config/ini_writer.hpp"

namespace wm::config_ini {

bool can_write_bare(std::string_view value) noexcept {
  if (value.empty()) return false;
  if (value.front() == ' ' || value.front() == '\t' || value.back() == ' ' || value.back() == '\t')
    return false;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '#' || c == ';' || c == '\\' || u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::string format_ini_value(std::string_view value, bool force_quotes) {
  if (!force_quotes && can_write_bare(value)) return std::string{value};
  std::string out;
  out.reserve(value.size() + 2);
  out += '"';
  for (char c : value) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string write_ini(const std::vector<ini_entry>& entries) {
  std::string out;
  std::string_view current;
  bool first = true;
  for (const auto& e : entries) {
    auto dot = e.key.rfind('.');
    if (dot == std::string::npos) continue;
    std::string_view section{e.key.data(), dot};
    if (first || section != current) {
      if (!first) out += '\n';
      out += '[';
      out += section;
      out += "]\n";
      current = section;
      first = false;
    }
    out += std::string_view{e.key}.substr(dot + 1);
    out += " = ";
    out += format_ini_value(e.value, e.quoted);
    out += '\n';
  }
  return out;
}

}  // namespace wm::config_ini
