#include "actors/documents/import_files.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "actors/documents/text/utf8.hpp"
#include "adapters/files/mapped_file.hpp"

namespace wm::documents {

namespace fs = std::filesystem;

namespace {

bool has_import_extension(const fs::path& p) {
  auto ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext == ".md" || ext == ".txt" || ext == ".markdown";
}

}  // namespace

result<std::vector<std::string>> list_import_files(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    return failure{errc::not_found, "import folder " + folder + " is not a directory"};
  std::vector<std::string> out;
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
  if (ec) return failure{errc::unavailable, "cannot read " + folder + ": " + ec.message()};
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) return failure{errc::unavailable, "cannot read " + folder + ": " + ec.message()};
    if (it->is_regular_file(ec) && has_import_extension(it->path()))
      out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

result<create_document_cmd> read_import_file(const std::string& path, std::size_t max_bytes) {
  auto mapped = files::mapped_file::open(path, max_bytes);
  if (!mapped) return std::move(mapped).error();
  auto bytes = mapped->view();
  if (auto st = text::validate_utf8(bytes); !st)
    return failure{errc::invalid_input, "not valid UTF-8: " + st.error().message};
  fs::path p(path);
  create_document_cmd cmd;
  cmd.title = p.stem().string();
  if (cmd.title.empty()) cmd.title = "untitled";
  if (auto st = text::validate_utf8(cmd.title); !st)
    return failure{errc::invalid_input, "file name is not valid UTF-8"};
  auto ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  cmd.content_type = ext == ".txt" ? "plain_text" : "markdown";
  cmd.content.assign(bytes.data(), bytes.size());
  cmd.author = "import";
  return cmd;
}

}  // namespace wm::documents
