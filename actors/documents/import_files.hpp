#pragma once
// Pure(ish) file side of a bulk import: which files of a folder qualify, and reading one
// (memory-mapped) into a create command. No actors here.
#include <cstddef>
#include <string>
#include <vector>

#include "messages/documents.hpp"
#include "messages/result.hpp"

namespace wm::documents {

// Every regular .md / .txt file under folder (recursively), sorted by path.
// not_found if folder is not a directory.
result<std::vector<std::string>> list_import_files(const std::string& folder);

// Maps the file, checks size and UTF-8, and makes the create command: title = file name
// without extension, content type markdown for .md, plain_text for .txt.
result<create_document_cmd> read_import_file(const std::string& path, std::size_t max_bytes);

}  // namespace wm::documents
