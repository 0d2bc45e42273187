#include "runtime/config/config.hpp"

#include <algorithm>
#include <stdexcept>

#include "adapters/files/whole_file.hpp"
#include "runtime/config/ini_parser.hpp"
#include "runtime/config/ini_writer.hpp"
#include "runtime/config/profiles.hpp"
#include "runtime/config/values.hpp"

namespace wm {

using config_schema::key_spec;
using config_schema::value_type;

namespace {

// A value as it appears in an error message: quoted, escaped, at most 60 bytes.
std::string show_value(std::string_view v) {
  constexpr std::size_t limit = 60;
  std::string out = "'";
  for (std::size_t i = 0; i < v.size() && i < limit; ++i) {
    auto u = static_cast<unsigned char>(v[i]);
    if (v[i] == '\n')
      out += "\\n";
    else if (v[i] == '\t')
      out += "\\t";
    else if (u < 0x20 || u == 0x7f)
      out += "\\x" + std::string{"0123456789abcdef"[u >> 4]} + "0123456789abcdef"[u & 15];
    else
      out += v[i];
  }
  if (v.size() > limit) out += "...";
  return out + "'";
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Values must survive dump(): the INI writer can escape \n and \t but no other control byte.
bool has_unwritable_control(std::string_view v) noexcept {
  return std::any_of(v.begin(), v.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\n' && c != '\t') || u == 0x7f;
  });
}

failure invalid(std::string message) {
  return make_failure(errc::invalid_input, std::move(message));
}

// One key = value from some source, before checking.
struct raw_setting {
  std::string key;
  std::string value;
  bool quoted = false;
  std::string origin;
};

struct explicit_value {
  config_values::typed_value value;
  std::string origin;
};

std::string provider_fields_list() {
  std::string out;
  for (const auto& spec : config_schema::provider_keys()) {
    if (!out.empty()) out += ", ";
    out += spec.key.substr(std::string_view{"provider.*."}.size());
  }
  return out;
}

struct kind_defaults {
  std::string_view base_url, model, api_key_env;
};

kind_defaults defaults_for_kind(std::string_view kind) {
  if (kind == "anthropic")
    return {"https://api.anthropic.com", "claude-3-5-haiku-latest", "ANTHROPIC_API_KEY"};
  return {"https://api.openai.com/v1", "gpt-4o-mini", "OPENAI_API_KEY"};
}

}  // namespace

// Collects the layers in precedence order, checks every key and value, then resolves.
class config_builder {
 public:
  explicit config_builder(const config_sources& sources) : sources_(sources) {}

  status add_file(std::string_view text, std::string_view source_name) {
    auto doc = config_ini::parse_ini_document(text, source_name);
    if (!doc) return doc.error();
    for (auto& e : doc->entries) {
      std::string origin = std::string{source_name} + ":" + std::to_string(e.line);
      if (auto st = add({std::move(e.key), std::move(e.value), e.quoted, std::move(origin)}); !st)
        return st;
    }
    for (const auto& s : doc->empty_sections)
      if (auto st =
              add_empty_section(s.name, std::string{source_name} + ":" + std::to_string(s.line));
          !st)
        return st;
    return {};
  }

  status add_environment(const config_env::env_map& env) {
    for (const auto& [name, value] : env) {
      std::string origin = "environment variable " + name;
      if (auto meant = config_env::misspelled_env_key(name))
        return invalid("unknown key in " + origin + ": use " + config_env::key_to_env_var(*meant) +
                       " for " + *meant + " (a double underscore separates section and key)");
      auto key = config_env::env_var_to_key(name);
      if (!key) continue;  // not configuration, e.g. a secret named by *_env
      if (auto st = add({std::move(*key), value, false, std::move(origin)}); !st) return st;
    }
    return {};
  }

  status add_overrides(const std::vector<std::string>& overrides) {
    for (const auto& item : overrides) {
      auto eq = item.find('=');
      if (eq == std::string::npos)
        return invalid("--set " + show_value(item) + ": expected key=value");
      std::string key{trim(std::string_view{item}.substr(0, eq))};
      std::string value{trim(std::string_view{item}.substr(eq + 1))};
      if (auto st = add({std::move(key), std::move(value), false, "--set " + item}); !st) return st;
    }
    return {};
  }

  result<config> finish() {
    config c;
    // Profile: the highest layer's runtime.profile, else the caller's choice, else server.
    std::string profile{config_profiles::default_profile};
    std::string profile_origin = "default";
    if (auto it = explicit_.find("runtime.profile"); it != explicit_.end()) {
      profile = it->second.value.text;
      profile_origin = it->second.origin;
    } else if (!sources_.profile.empty()) {
      profile = sources_.profile;
      profile_origin = "config_sources::profile";
    }
    const auto* overlay = config_profiles::find_profile(profile);
    if (overlay == nullptr)
      return invalid("unknown profile " + show_value(profile) + " (from " + profile_origin +
                     "): expected one of mobile|server");

    for (const auto& spec : config_schema::known_keys()) {
      std::string key{spec.key};
      if (auto it = explicit_.find(key); it != explicit_.end()) {
        push(c, key, spec.type, it->second.value, it->second.origin);
        continue;
      }
      std::string_view text = spec.default_value;
      std::string origin = "default";
      for (const auto& o : *overlay)
        if (o.key == spec.key) {
          text = o.value;
          origin = "profile " + profile;
        }
      auto checked = config_values::check_value(spec, text);
      if (!checked) return internal_error(key, text);
      push(c, key, spec.type, *checked, origin);
    }
    if (auto st = resolve_providers(c); !st) return st.error();

    const auto& default_provider = c.get_string("ai.default_provider");
    if (!default_provider.empty() && c.find_provider(default_provider) == nullptr)
      return invalid("ai.default_provider " + show_value(default_provider) + " (from " +
                     c.find("ai.default_provider")->origin + ") names no [provider." +
                     default_provider + "] section");

    for (auto& [key, opt] : caf_) c.caf_options_.push_back(std::move(opt));
    return c;
  }

 private:
  status add(raw_setting raw) {
    if (has_unwritable_control(raw.value))
      return invalid("control character in value of " + raw.key + " (from " + raw.origin + ")");
    if (!config_ini::is_valid_ini_name(raw.key))
      return invalid("invalid key " + show_value(raw.key) + " (from " + raw.origin +
                     "): keys are names of letters, digits, '_' or '-' joined by '.'");
    if (config_schema::is_caf_passthrough_key(raw.key)) {
      std::string caf_key = raw.key.substr(config_schema::caf_prefix.size());
      if (sources_.is_known_caf_option) {
        const auto info = sources_.is_known_caf_option(caf_key);
        if (!info.known)
          return invalid("unknown key '" + raw.key + "' (from " + raw.origin +
                         "): CAF has no option '" + caf_key + "'");
        // The value as the node will apply it: a bad one is refused here, with its origin,
        // not reported by CAF and ignored at start-up.
        if (info.check_value)
          if (auto why = info.check_value(raw.value); !why.empty())
            return invalid("invalid value " + show_value(raw.value) + " for " + raw.key +
                           " (from " + raw.origin + "): " + why);
      }
      caf_[caf_key] = caf_option{caf_key, std::move(raw.value), raw.quoted, std::move(raw.origin)};
      return {};
    }
    const key_spec* spec = config_schema::find_key_spec(raw.key);
    if (spec == nullptr) {
      std::string msg = "unknown key '" + raw.key + "' (from " + raw.origin + ")";
      if (raw.key.rfind("provider.", 0) == 0)
        msg +=
            ": provider keys are provider.<name>.<field> with a lowercase name ([a-z0-9_]) "
            "and a field among " +
            provider_fields_list();
      return invalid(std::move(msg));
    }
    auto checked = config_values::check_value(*spec, raw.value);
    if (!checked)
      return invalid("invalid value " + show_value(raw.value) + " for " + raw.key + " (from " +
                     raw.origin + "): " + checked.error().message);
    explicit_[raw.key] = explicit_value{std::move(*checked), std::move(raw.origin)};
    return {};
  }

  // A [section] with no keys sets nothing, but must be a section WriteMagic knows (like an
  // unknown key, an unknown section is a typo to report). [provider.<name>] alone declares
  // the provider with every field at its default.
  status add_empty_section(const std::string& name, std::string origin) {
    constexpr std::string_view provider_prefix = "provider.";
    if (name.starts_with(provider_prefix)) {
      std::string_view provider = std::string_view{name}.substr(provider_prefix.size());
      if (!config_schema::is_valid_provider_name(provider))
        return invalid("unknown section [" + name + "] (from " + origin +
                       "): provider sections are [provider.<name>] with a lowercase name "
                       "([a-z0-9_])");
      declared_providers_.emplace(provider, std::move(origin));
      return {};
    }
    // caf.<group>: CAF's option groups; an empty one passes nothing through.
    if (name == "caf" || name.starts_with(config_schema::caf_prefix)) return {};
    if (!config_schema::is_known_section(name))
      return invalid("unknown section [" + name + "] (from " + origin + ")");
    return {};
  }

  static void push(config& c, const std::string& key, value_type type,
                   const config_values::typed_value& v, std::string origin) {
    c.index_.emplace(key, c.settings_.size());
    c.settings_.push_back(setting{key, v.text, v.number, type, std::move(origin)});
  }

  static failure internal_error(std::string_view key, std::string_view text) {
    return make_failure(errc::internal, "built-in default " + show_value(text) + " for " +
                                            std::string{key} + " does not fit its own type");
  }

  status resolve_providers(config& c) {
    // Every provider a key or an empty section declares, by name, with where it was first
    // declared (a key's origin before a section's).
    std::map<std::string, std::string, std::less<>> names;
    for (const auto& [key, v] : explicit_) {
      std::string_view name, field;
      if (config_schema::split_provider_key(key, name, field))
        names.emplace(std::string{name}, v.origin);
    }
    for (const auto& [name, origin] : declared_providers_) names.emplace(name, origin);
    for (const auto& [name, declared_at] : names) {
      const std::string prefix = "provider." + name + ".";
      auto lookup = [&](std::string_view field) -> const explicit_value* {
        auto it = explicit_.find(prefix + std::string{field});
        return it == explicit_.end() ? nullptr : &it->second;
      };
      std::string kind;
      if (const auto* k = lookup("kind"))
        kind = k->value.text;
      else if (name == "openai" || name == "anthropic")
        kind = name;
      else
        return invalid("provider '" + name + "' (from " + declared_at + ") needs " + prefix +
                       "kind (openai|anthropic)");
      const auto defaults = defaults_for_kind(kind);
      provider_config p;
      p.name = name;
      for (const auto& spec : config_schema::provider_keys()) {
        std::string_view field = spec.key.substr(std::string_view{"provider.*."}.size());
        std::string key = prefix + std::string{field};
        config_values::typed_value value;
        std::string origin;
        if (const auto* e = lookup(field)) {
          value = e->value;
          origin = e->origin;
        } else {
          std::string_view text = spec.default_value;
          if (field == "kind")
            text = kind;
          else if (field == "base_url")
            text = defaults.base_url;
          else if (field == "model")
            text = defaults.model;
          else if (field == "api_key_env")
            text = defaults.api_key_env;
          auto checked = config_values::check_value(spec, text);
          if (!checked) return internal_error(key, text);
          value = std::move(*checked);
          origin = "default for " + kind;
        }
        if (field == "kind")
          p.kind = value.text;
        else if (field == "base_url")
          p.base_url = value.text;
        else if (field == "model")
          p.model = value.text;
        else if (field == "api_key_env")
          p.api_key_env = value.text;
        else if (field == "max_attempts")
          p.max_attempts = static_cast<int>(value.number);
        else if (field == "timeout")
          p.timeout = std::chrono::milliseconds{value.number};
        else if (field == "fallback_order")
          p.fallback_order = static_cast<int>(value.number);
        push(c, key, spec.type, value, std::move(origin));
      }
      c.providers_.push_back(std::move(p));
    }
    std::stable_sort(c.providers_.begin(), c.providers_.end(),
                     [](const provider_config& a, const provider_config& b) {
                       return a.fallback_order < b.fallback_order;
                     });
    return {};
  }

  const config_sources& sources_;
  std::map<std::string, explicit_value, std::less<>> explicit_;
  std::map<std::string, caf_option, std::less<>> caf_;
  std::map<std::string, std::string, std::less<>> declared_providers_;  // name -> origin
};

namespace {

result<config> load_layers(const std::string* file_text, std::string_view source_name,
                           const config_sources& sources) {
  config_builder builder{sources};
  if (file_text != nullptr)
    if (auto st = builder.add_file(*file_text, source_name); !st) return st.error();
  if (sources.environment) {
    if (auto st = builder.add_environment(*sources.environment); !st) return st.error();
  } else if (auto st = builder.add_environment(config_env::read_process_environment()); !st) {
    return st.error();
  }
  if (auto st = builder.add_overrides(sources.overrides); !st) return st.error();
  return builder.finish();
}

}  // namespace

result<config> load_config(const config_sources& sources) {
  if (!sources.file || sources.file->empty()) return load_layers(nullptr, {}, sources);
  auto text = files::read_whole_file(sources.file->string(), "config file");
  if (!text) return std::move(text).error();
  return load_layers(&*text, sources.file->string(), sources);
}

result<config> load_config_text(std::string_view ini_text, std::string_view source_name,
                                const config_sources& sources) {
  std::string text{ini_text};
  return load_layers(&text, source_name, sources);
}

const setting* config::find(std::string_view key) const noexcept {
  auto it = index_.find(key);
  return it == index_.end() ? nullptr : &settings_[it->second];
}

const setting& config::require(std::string_view key, value_type type) const {
  const setting* s = find(key);
  if (s == nullptr) throw std::invalid_argument("config: no setting '" + std::string{key} + "'");
  if (s->type != type)
    throw std::invalid_argument("config: '" + std::string{key} + "' is a " +
                                std::string{config_schema::to_string(s->type)} + ", not a " +
                                std::string{config_schema::to_string(type)});
  return *s;
}

const std::string& config::get_string(std::string_view key) const {
  const setting* s = find(key);
  if (s == nullptr) throw std::invalid_argument("config: no setting '" + std::string{key} + "'");
  return s->value;
}

int64_t config::get_int(std::string_view key) const {
  return require(key, value_type::integer).number;
}

bool config::get_bool(std::string_view key) const {
  return require(key, value_type::boolean).number != 0;
}

std::chrono::milliseconds config::get_duration(std::string_view key) const {
  return std::chrono::milliseconds{require(key, value_type::duration).number};
}

int64_t config::get_size(std::string_view key) const {
  return require(key, value_type::size).number;
}

const provider_config* config::find_provider(std::string_view name) const noexcept {
  for (const auto& p : providers_)
    if (p.name == name) return &p;
  return nullptr;
}

std::string dump(const config& c) {
  std::vector<config_ini::ini_entry> entries;
  entries.reserve(c.settings().size() + c.caf_options().size());
  for (const auto& s : c.settings()) {
    bool text_type = s.type == value_type::string || s.type == value_type::endpoint ||
                     s.type == value_type::env_var_name || s.type == value_type::endpoint_list ||
                     s.type == value_type::peer_endpoint || s.type == value_type::directory;
    entries.push_back({s.key, s.value, 0, text_type});
  }
  for (const auto& o : c.caf_options())
    entries.push_back({std::string{config_schema::caf_prefix} + o.key, o.value, 0, o.quoted});
  return "# WriteMagic effective configuration (profile " + c.profile() + ")\n" +
         config_ini::write_ini(entries);
}

}  // namespace wm
