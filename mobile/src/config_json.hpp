#pragma once
// The facade's configuration input: a JSON object whose keys are the configuration keys of
// config/writemagic.ini (flat "log.level" or nested {"log":{"level":...}}). It is turned into
// INI text and loaded by wm::load_config_text with the other layers (profile, WM_*
// environment), so the facade shares the node's one configuration system and its checks.
#include <map>
#include <string>
#include <string_view>

#include "messages/result.hpp"
#include "runtime/config/config.hpp"

namespace wm::mobile {

struct facade_config {
  config cfg;
  // "apiKeys": {"<provider name>": "<key>"}; never part of cfg (config holds no secrets).
  std::map<std::string, std::string> api_keys;
};

// `json` empty: defaults. `profile` is used unless the JSON sets "profile" or
// "runtime.profile".
result<facade_config> load_facade_config_json(std::string_view json,
                                              std::string_view default_profile = "mobile");

// A file: JSON if its first non-blank byte is '{', else INI.
result<facade_config> load_facade_config_file(const std::string& path,
                                              std::string_view default_profile = "mobile");

// Exposed for tests: the INI text a JSON object maps to (and the keys found).
struct json_layer {
  std::string ini;
  std::string profile;
  std::map<std::string, std::string> api_keys;
};
result<json_layer> json_to_ini(std::string_view json);

}  // namespace wm::mobile
