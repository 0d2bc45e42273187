// docs/openapi.yaml and the server's route table describe the same API: every route the
// server has is documented, and every documented operation exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "runtime/http_api/http_api.hpp"

namespace wm {
namespace {

// "METHOD /path" for every operation under `paths:` (two-space path keys, four-space
// method keys: the layout docs/openapi.yaml uses).
std::set<std::string> documented_operations(const std::filesystem::path& file) {
  std::ifstream in{file};
  EXPECT_TRUE(in) << file;
  std::set<std::string> out;
  std::string line, path;
  bool in_paths = false;
  static const std::set<std::string> methods{"get",   "put",  "post",   "delete",
                                             "patch", "head", "options"};
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line[0] != ' ') {
      in_paths = line == "paths:";
      continue;
    }
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      if (path.size() >= 2 && path.front() == '"' && path.back() == '"')
        path = path.substr(1, path.size() - 2);
    } else if (line.size() > 4 && line.rfind("    ", 0) == 0 && line[4] != ' ' &&
               line.back() == ':') {
      std::string m = line.substr(4, line.size() - 5);
      if (methods.count(m)) {
        for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.insert(m + " " + path);
      }
    }
  }
  return out;
}

TEST(OpenApi, DocumentsExactlyTheServersRoutes) {
  const auto doc =
      documented_operations(std::filesystem::path{WM_SOURCE_DIR} / "docs" / "openapi.yaml");
  std::set<std::string> served;
  for (const auto& r : http_api::api_routes()) served.insert(r.method + " " + r.pattern);
  ASSERT_FALSE(served.empty());
  for (const auto& op : served) EXPECT_TRUE(doc.count(op)) << "not in docs/openapi.yaml: " << op;
  for (const auto& op : doc) EXPECT_TRUE(served.count(op)) << "documented but not served: " << op;
}

}  // namespace
}  // namespace wm
