#pragma once
// How environment variables name configuration keys.
//
// Rule: WM_<SECTION>__<KEY>, a DOUBLE underscore between the parts of the key, the rest
// upper case. Single underscores stay part of a name, so keys with underscores still map:
//   WM_LOG__LEVEL                   -> log.level
//   WM_SCHEDULER__MAX_THREADS       -> scheduler.max_threads
//   WM_PROVIDER__OPENAI__MODEL      -> provider.openai.model
//   WM_CAF__MIDDLEMAN__HEARTBEAT_INTERVAL -> caf.middleman.heartbeat-interval
// (under caf, '_' becomes '-', since CAF's option names use hyphens).
// WM_ variables without "__" are not configuration (they may hold secrets whose NAMES the
// configuration refers to, e.g. http.auth_token_env = WM_HTTP_TOKEN), except that one which
// spells a known key with single underscores (WM_LOG_LEVEL, WM_PROVIDER_OPENAI_MODEL) is
// reported as a mistake that names the right spelling.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wm::config_env {

inline constexpr std::string_view env_prefix = "WM_";

using env_map = std::map<std::string, std::string, std::less<>>;

// The WM_* variables of this process (from `environ`).
env_map read_process_environment();

// The key a configuration variable names, or nullopt if `name` is not one (no WM_ prefix
// or no "__"). The key is not checked against the schema.
std::optional<std::string> env_var_to_key(std::string_view name);

// The variable that sets `key` (inverse of env_var_to_key).
std::string key_to_env_var(std::string_view key);

// For a WM_ variable without "__" that spells a known key with single underscores
// (WM_LOG_LEVEL), the key it probably meant; nullopt otherwise.
std::optional<std::string> misspelled_env_key(std::string_view name);

}  // namespace wm::config_env
