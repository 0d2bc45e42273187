#pragma once
// wm::config: the effective configuration of a runtime, built from four layers
//   profile defaults  <  file  <  environment (WM_*)  <  command line (--set key=value)
// where a later layer overrides an earlier one key by key. Every key is checked against the
// schema (runtime/config/schema.hpp): an unknown key or a bad value is an error that names
// the key, the value, what was expected and where it came from (file:line, the environment
// variable, or --set). caf.* keys other than caf.port are CAF's own options and are passed
// through (see caf_options()); the runtime's hook checks their names and values.
//
// Which profile: runtime.profile from the highest layer that sets it, else
// config_sources::profile, else "server".
//
// Secrets never enter the configuration: keys such as provider.<name>.api_key_env hold the
// NAME of an environment variable, so dump() is safe to print.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "messages/result.hpp"
#include "runtime/config/environment.hpp"
#include "runtime/config/schema.hpp"

namespace wm {

struct config_sources {
  std::string profile;                        // "mobile" | "server" | "" (= server)
  std::optional<std::filesystem::path> file;  // an INI file; none if empty
  // nullopt: the WM_* variables of this process. A map is used as given (tests, embedders).
  std::optional<config_env::env_map> environment;
  std::vector<std::string> overrides;  // "key=value" each, as from --set
  // Checks caf.* pass-through keys (without the "caf." prefix) and their values; nullptr
  // accepts any.
  config_schema::caf_option_check is_known_caf_option;
};

// One effective setting and where its value came from.
struct setting {
  std::string key;
  std::string value;   // canonical text
  int64_t number = 0;  // integer, 0/1, milliseconds, bytes (by type)
  config_schema::value_type type = config_schema::value_type::string;
  std::string origin;  // "profile server", "config.ini:12", "env WM_LOG__LEVEL", "--set"
};

// A CAF option passed through from a caf.* key.
struct caf_option {
  std::string key;    // as CAF names it, without "caf.": "scheduler.max-threads"
  std::string value;  // text as written (unquoted)
  // Written as a "string" in the file; dump() keeps the form. Quotes are INI syntax only:
  // the node reads the text by the CAF option's type either way.
  bool quoted = false;
  std::string origin;
};

struct provider_config {
  std::string name;
  std::string kind;  // "openai" | "anthropic"
  std::string base_url;
  std::string model;
  std::string api_key_env;
  int max_attempts = 3;
  std::chrono::milliseconds timeout{60'000};
  int fallback_order = 0;
};

class config {
 public:
  // Typed getters. The key must be in the schema with a matching type (get_string accepts
  // any key and returns its canonical text); otherwise they throw std::invalid_argument —
  // keys are compile-time constants in the callers, so that is a programming error.
  const std::string& get_string(std::string_view key) const;
  int64_t get_int(std::string_view key) const;
  bool get_bool(std::string_view key) const;
  std::chrono::milliseconds get_duration(std::string_view key) const;
  int64_t get_size(std::string_view key) const;

  // nullptr if the key has no setting (unknown key or undeclared provider).
  const setting* find(std::string_view key) const noexcept;

  const std::string& profile() const { return get_string("runtime.profile"); }

  // Schema keys in schema order, then each provider's keys.
  const std::vector<setting>& settings() const noexcept { return settings_; }

  // Declared providers ordered by fallback_order, then name.
  const std::vector<provider_config>& providers() const noexcept { return providers_; }
  const provider_config* find_provider(std::string_view name) const noexcept;

  // caf.* pass-through options, ordered by key.
  const std::vector<caf_option>& caf_options() const noexcept { return caf_options_; }

 private:
  friend class config_builder;
  const setting& require(std::string_view key, config_schema::value_type type) const;

  std::vector<setting> settings_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<provider_config> providers_;
  std::vector<caf_option> caf_options_;
};

// Loads and checks the configuration. Errors: errc::not_found if the file cannot be read,
// errc::invalid_input for anything wrong in a source (the message says what and where).
result<config> load_config(const config_sources& sources);

// As load_config, with the file layer given as text (sources.file is ignored);
// `source_name` names it in error messages.
result<config> load_config_text(std::string_view ini_text, std::string_view source_name,
                                const config_sources& sources);

// The effective configuration as INI: every schema key, each provider section, then the caf
// pass-through options. load_config_text(dump(c)) gives back the same values.
std::string dump(const config& c);

}  // namespace wm
