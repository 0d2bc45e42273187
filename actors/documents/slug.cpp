#include "actors/documents/slug.hpp"

namespace wm::documents {

std::string slugify(std::string_view title) {
  std::string out;
  bool dash = false;
  for (char c : title) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(c);
    } else if (u >= 'A' && u <= 'Z') {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(static_cast<char>(u - 'A' + 'a'));
    } else {
      dash = true;
    }
    if (out.size() >= 80) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? std::string{"untitled"} : out;
}

std::string_view export_extension(std::string_view content_type) {
  return content_type == "markdown" ? ".md" : ".txt";
}

}  // namespace wm::documents
