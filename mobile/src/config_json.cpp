#include "mobile/src/config_json.hpp"

#include <simdjson.h>

#include <vector>

#include "adapters/files/whole_file.hpp"
#include "runtime/config/ini_parser.hpp"
#include "runtime/config/ini_writer.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm::mobile {

namespace {

namespace dom = simdjson::dom;

constexpr size_t max_depth = 8;

std::string quote_ini(std::string_view v) {
  return config_ini::format_ini_value(v, true);
}

struct flattener {
  std::vector<std::pair<std::string, std::string>> entries;  // dotted key, INI value text
  std::vector<std::string> objects;                          // dotted path of every object
  json_layer* layer;

  status scalar(const std::string& key, dom::element v) {
    switch (v.type()) {
      case dom::element_type::STRING:
        entries.emplace_back(key, quote_ini(std::string_view{v.get_string().value_unsafe()}));
        return {};
      case dom::element_type::INT64:
        entries.emplace_back(key, std::to_string(int64_t(v.get_int64().value_unsafe())));
        return {};
      case dom::element_type::UINT64:
        entries.emplace_back(key, std::to_string(uint64_t(v.get_uint64().value_unsafe())));
        return {};
      case dom::element_type::BOOL:
        entries.emplace_back(key, v.get_bool().value_unsafe() ? "true" : "false");
        return {};
      case dom::element_type::DOUBLE:
        return failure{errc::invalid_input,
                       "config JSON: " + key + ": fractional numbers are not accepted"};
      case dom::element_type::NULL_VALUE:
        return {};  // null: leave the key at its default
      default:
        return failure{errc::invalid_input, "config JSON: " + key + ": arrays are not accepted"};
    }
  }

  status walk(const std::string& prefix, dom::object obj, size_t depth) {
    if (depth > max_depth) return failure{errc::invalid_input, "config JSON: nested too deeply"};
    for (auto field : obj) {
      std::string key{field.key};
      if (key.empty()) return failure{errc::invalid_input, "config JSON: empty key"};
      std::string full = prefix.empty() ? key : prefix + "." + key;
      // Keys become INI names: nothing else may reach the INI text (a ']' or a newline would
      // write sections and keys of its own).
      if (!config_ini::is_valid_ini_name(full))
        return failure{errc::invalid_input,
                       "config JSON: bad key '" + full +
                           "': use letters, digits, '_', '-' or '.' (as in config/writemagic.ini)"};
      if (prefix.empty() && key == "apiKeys") {
        if (field.value.type() != dom::element_type::OBJECT)
          return failure{errc::invalid_input, "config JSON: apiKeys must be an object"};
        for (auto k : dom::object(field.value)) {
          if (k.value.type() != dom::element_type::STRING)
            return failure{errc::invalid_input,
                           "config JSON: apiKeys." + std::string{k.key} + " must be a string"};
          layer->api_keys[std::string{k.key}] = std::string{std::string_view{k.value}};
        }
        continue;
      }
      if (full == "profile" || full == "runtime.profile") {
        if (field.value.type() != dom::element_type::STRING)
          return failure{errc::invalid_input, "config JSON: " + full + " must be a string"};
        layer->profile = std::string{std::string_view{field.value}};
        continue;
      }
      if (field.value.type() == dom::element_type::OBJECT) {
        objects.push_back(full);
        if (auto st = walk(full, dom::object(field.value), depth + 1); !st) return st;
        continue;
      }
      if (auto st = scalar(full, field.value); !st) return st;
    }
    return {};
  }
};

}  // namespace

result<json_layer> json_to_ini(std::string_view json) {
  json_layer layer;
  size_t first = json.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return layer;
  dom::parser parser;
  dom::element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root))
    return failure{errc::invalid_input,
                   std::string{"config JSON: "} + simdjson::error_message(err)};
  if (root.type() != dom::element_type::OBJECT)
    return failure{errc::invalid_input, "config JSON: the configuration must be a JSON object"};
  flattener f{{}, {}, &layer};
  if (auto st = f.walk("", dom::object(root), 0); !st) return st.error();
  // Group by section: "a.b.c" is key "c" of [a.b]; a top-level key has no section, which
  // the schema never has either, so it is reported as unknown by the INI loader.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
  for (auto& [key, value] : f.entries) {
    auto dot = key.rfind('.');
    if (dot == std::string::npos)
      return failure{errc::invalid_input, "config JSON: unknown key '" + key + "'"};
    sections[key.substr(0, dot)].emplace_back(key.substr(dot + 1), value);
  }
  // Every object is a section, keys or not, as in INI: {"provider":{"openai":{}}} declares
  // that provider with its defaults, {"nonsense":{}} is refused as an unknown section.
  for (const auto& path : f.objects) sections[path];
  for (auto& [section, keys] : sections) {
    layer.ini += "[" + section + "]\n";
    for (auto& [k, v] : keys) layer.ini += k + " = " + v + "\n";
  }
  return layer;
}

namespace {

result<facade_config> finish(json_layer layer, std::string_view default_profile,
                             std::string_view source_name) {
  config_sources sources;
  sources.profile = layer.profile.empty() ? std::string{default_profile} : layer.profile;
  sources.is_known_caf_option = is_known_caf_option;
  auto cfg = load_config_text(layer.ini, source_name, sources);
  if (!cfg) return cfg.error();
  facade_config out{std::move(*cfg), std::move(layer.api_keys)};
  return out;
}

}  // namespace

result<facade_config> load_facade_config_json(std::string_view json,
                                              std::string_view default_profile) {
  auto layer = json_to_ini(json);
  if (!layer) return layer.error();
  return finish(std::move(*layer), default_profile, "config JSON");
}

result<facade_config> load_facade_config_file(const std::string& path,
                                              std::string_view default_profile) {
  auto read = files::read_whole_file(path, "config file");
  if (!read) return std::move(read).error();
  const std::string& text = *read;
  auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    auto layer = json_to_ini(text);
    if (!layer) return failure{layer.error().code, path + ": " + layer.error().message};
    return finish(std::move(*layer), default_profile, path);
  }
  config_sources sources;
  sources.profile = std::string{default_profile};
  sources.is_known_caf_option = is_known_caf_option;
  auto cfg = load_config_text(text, path, sources);
  if (!cfg) return cfg.error();
  facade_config out{std::move(*cfg), {}};
  return out;
}

}  // namespace wm::mobile
