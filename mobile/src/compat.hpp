#pragma once
// The compatibility layer's mapping of initialize arguments onto a facade config (exposed
// for tests and the JNI bridge).
#include <string>

namespace wm::mobile {

std::string compat_config_json(int use_sqlite, const char* claude_key, const char* openai_key,
                               const std::string& temp_dir);

}  // namespace wm::mobile
