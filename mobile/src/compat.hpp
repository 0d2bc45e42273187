#pragma once
// The compatibility layer's process-wide runtime and its mapping of initialize arguments onto
// a facade config (for tests and the JNI bridge).
#include <string>

#include "mobile/include/writemagic.h"

namespace wm::mobile {

// The process-wide runtime handle (NULL when not initialized).
wm_runtime* compat_runtime();

std::string compat_config_json(int use_sqlite, const char* claude_key, const char* openai_key,
                               const std::string& temp_dir);

}  // namespace wm::mobile
