#pragma once
// Reads a whole file into a string, for the small files users name on a command line or in
// a config (config files, shell scripts, `doc put --file`). A directory, a read error or a
// short read is an error, never an empty text: an ifstream opened on a directory "succeeds"
// and reads nothing, which once emptied a document.
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::files {

// `what` names the file in messages ("config file", "script file"): "cannot read config
// file 'PATH': Is a directory". not_found when it does not exist, invalid_input for a
// directory, unavailable for other I/O errors. Pipes and character devices (/dev/stdin)
// are read to their end.
result<std::string> read_whole_file(const std::string& path, std::string_view what = "file");

}  // namespace wm::files
