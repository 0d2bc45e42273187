#include "runtime/config/environment.hpp"

#include <cctype>

#include "runtime/config/schema.hpp"

extern "C" char** environ;  // NOLINT: POSIX, declared here to avoid _GNU_SOURCE

namespace wm::config_env {
namespace {

char lower(char c) noexcept {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper(char c) noexcept {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

bool has_prefix(std::string_view s, std::string_view p) noexcept {
  return s.substr(0, p.size()) == p;
}

}  // namespace

env_map read_process_environment() {
  env_map out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry{*e};
    if (!has_prefix(entry, env_prefix)) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string{entry.substr(0, eq)}, std::string{entry.substr(eq + 1)});
  }
  return out;
}

std::optional<std::string> env_var_to_key(std::string_view name) {
  if (!has_prefix(name, env_prefix)) return std::nullopt;
  std::string_view rest = name.substr(env_prefix.size());
  if (rest.find("__") == std::string_view::npos) return std::nullopt;
  std::string key;
  key.reserve(rest.size());
  bool caf = has_prefix(rest, "CAF__");
  for (std::size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '_' && i + 1 < rest.size() && rest[i + 1] == '_') {
      key += '.';
      ++i;
    } else if (rest[i] == '_' && caf) {
      key += '-';
    } else {
      key += lower(rest[i]);
    }
  }
  return key;
}

std::string key_to_env_var(std::string_view key) {
  std::string out{env_prefix};
  for (char c : key) {
    if (c == '.')
      out += "__";
    else if (c == '-')
      out += '_';
    else
      out += upper(c);
  }
  return out;
}

std::optional<std::string> misspelled_env_key(std::string_view name) {
  if (!has_prefix(name, env_prefix)) return std::nullopt;
  std::string_view rest = name.substr(env_prefix.size());
  if (rest.find("__") != std::string_view::npos) return std::nullopt;
  for (const auto& spec : config_schema::known_keys()) {
    if (spec.key.size() != rest.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < rest.size() && same; ++i) {
      char k = spec.key[i] == '.' ? '_' : spec.key[i];
      same = lower(rest[i]) == k;
    }
    if (same) return std::string{spec.key};
  }
  // WM_PROVIDER_<NAME>_<FIELD>: the provider name may hold '_' too, so match the field suffix.
  std::string lowered;
  for (char c : rest) lowered += lower(c);
  constexpr std::string_view provider = "provider_";
  if (!has_prefix(lowered, provider)) return std::nullopt;
  for (const auto& spec : config_schema::provider_keys()) {
    std::string suffix = "_" + std::string{spec.key.substr(std::string_view{"provider.*."}.size())};
    if (lowered.size() <= provider.size() + suffix.size() ||
        lowered.compare(lowered.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    std::string name =
        lowered.substr(provider.size(), lowered.size() - provider.size() - suffix.size());
    if (config_schema::is_valid_provider_name(name))
      return "provider." + name + "." + suffix.substr(1);
  }
  return std::nullopt;
}

}  // namespace wm::config_env
