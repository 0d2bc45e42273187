#pragma once
// The table of configuration keys WriteMagic knows: each with its type, built-in default and
// a one-line description. Anything not in this table (and not a caf.* pass-through option)
// is an error, so typos are caught at start-up.
//
// Provider sections repeat: provider.<name>.<field>, where <name> is any lowercase name
// ([a-z0-9]+ joined by single '_'); the table lists them once as "provider.*.<field>".
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wm::config_schema {

enum class value_type {
  string,        // any text
  integer,       // decimal, within [min, max]
  boolean,       // true | false
  duration,      // <n>ms | <n>s | <n>min | <n>h (or 0), within [min, max] milliseconds
  enumeration,   // one of `choices`, case-sensitive
  size,          // <n>B | <n>KiB | <n>MiB | <n>GiB (or a plain byte count), within [min, max] bytes
  endpoint,      // host:port (port 0..65535), or empty where allowed
  env_var_name,  // the NAME of an environment variable ([A-Za-z_][A-Za-z0-9_]*) or empty
  endpoint_list,  // host:port (port 1..65535) entries separated by ',' or blanks; may be empty
  peer_endpoint,  // one host:port (port 1..65535) other nodes connect to, or empty
  directory,      // a directory path, not empty and not ":memory:" (the store needs files)
};

std::string_view to_string(value_type t) noexcept;

struct key_spec {
  std::string_view key;  // "log.level", or "provider.*.model" for provider fields
  value_type type = value_type::string;
  std::string_view default_value;  // canonical text; "" for provider fields with per-kind defaults
  std::string_view description;    // one line
  int64_t min = 0;                 // integer / duration (ms) / size (bytes) range
  int64_t max = 0;
  std::vector<std::string_view> choices{};  // enumeration values
};

// Every fixed key, in documentation order (runtime, log, scheduler, store, documents, http,
// caf, shutdown, metrics, ai).
const std::vector<key_spec>& known_keys();

// The provider.*.<field> specs, in documentation order.
const std::vector<key_spec>& provider_keys();

// The spec for a concrete key: a fixed key, or provider.<name>.<field> with a valid name.
// nullptr for anything else (including every caf.* key but caf.port).
const key_spec* find_key_spec(std::string_view key) noexcept;

// "provider.<name>.<field>": true and sets name/field if the key has that shape with a valid
// name (the field is not checked).
bool split_provider_key(std::string_view key, std::string_view& name,
                        std::string_view& field) noexcept;

bool is_valid_provider_name(std::string_view name) noexcept;

// A section some key can be in: a fixed key's section or one above it ("log", "ai",
// "ai.prompt", "caf"), "provider" and provider.<name> with a valid name. caf.<group>
// sections are CAF's (is_caf_passthrough_key) and not listed here.
bool is_known_section(std::string_view name) noexcept;

// caf.* keys other than caf.port are CAF's own options, passed through to the actor system.
inline constexpr std::string_view caf_prefix = "caf.";
bool is_caf_passthrough_key(std::string_view key) noexcept;

// What the runtime knows about one caf.* option (named as CAF names it, without "caf.").
struct caf_option_info {
  bool known = false;  // CAF has an option by this name
  // Checks a value (INI quotes already removed: quoting is INI syntax, CAF reads the text by
  // the option's type) exactly as the node will apply it. Returns "" if the value is
  // accepted, else what was expected ("a timespan like 500ms, 5s or 1min"). Empty: any value.
  std::function<std::string(std::string_view value)> check_value;

  caf_option_info() = default;
  // A hook that answers only whether a name is known checks names, not values.
  caf_option_info(bool is_known) : known(is_known) {}  // NOLINT(google-explicit-constructor)
};

// Looks up a caf.* key against CAF's option set. Supplied by the runtime, which has a
// caf::actor_system_config to ask (wm::is_known_caf_option).
using caf_option_check = std::function<caf_option_info(std::string_view key)>;

}  // namespace wm::config_schema
