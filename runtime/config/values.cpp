#include "runtime/config/values.hpp"

#include <array>
#include <limits>

#include "runtime/config/endpoints.hpp"

namespace wm::config_values {
namespace {

using config_schema::key_spec;
using config_schema::value_type;

struct unit {
  std::string_view name;
  int64_t factor;
};

// Largest first, so formatting picks the biggest unit that divides exactly.
constexpr std::array<unit, 4> duration_units{
    {{"h", 3'600'000}, {"min", 60'000}, {"s", 1000}, {"ms", 1}}};
constexpr std::array<unit, 5> size_units{{{"TiB", int64_t{1} << 40},
                                          {"GiB", int64_t{1} << 30},
                                          {"MiB", int64_t{1} << 20},
                                          {"KiB", int64_t{1} << 10},
                                          {"B", 1}}};

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Digits only, no sign; nullopt on overflow.
std::optional<int64_t> parse_unsigned(std::string_view text) noexcept {
  if (text.empty() || text.size() > 19) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (!is_digit(c)) return std::nullopt;
    if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

template <std::size_t N>
std::optional<int64_t> parse_with_units(std::string_view text, const std::array<unit, N>& units,
                                        bool unit_required) noexcept {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  auto number = parse_unsigned(text.substr(0, digits));
  if (!number) return std::nullopt;
  std::string_view suffix = text.substr(digits);
  if (suffix.empty()) {
    if (unit_required && *number != 0) return std::nullopt;
    return number;
  }
  for (const auto& u : units) {
    if (u.name != suffix) continue;
    if (*number > std::numeric_limits<int64_t>::max() / u.factor) return std::nullopt;
    return *number * u.factor;
  }
  return std::nullopt;
}

template <std::size_t N>
std::string format_with_units(int64_t value, const std::array<unit, N>& units) {
  for (const auto& u : units)
    if (value != 0 && value % u.factor == 0)
      return std::to_string(value / u.factor) + std::string{u.name};
  return "0" + std::string{units.back().name};
}

std::string join_choices(const key_spec& spec) {
  std::string out;
  for (auto c : spec.choices) {
    if (!out.empty()) out += '|';
    out += c;
  }
  return out;
}

}  // namespace

std::optional<int64_t> parse_int(std::string_view text) noexcept {
  if (!text.empty() && text.front() == '-') {
    auto v = parse_unsigned(text.substr(1));
    if (!v) return std::nullopt;
    return -*v;
  }
  return parse_unsigned(text);
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) noexcept {
  auto v = parse_with_units(text, duration_units, true);
  if (!v) return std::nullopt;
  return std::chrono::milliseconds{*v};
}

std::optional<int64_t> parse_size(std::string_view text) noexcept {
  return parse_with_units(text, size_units, false);
}

std::string format_duration(std::chrono::milliseconds d) {
  return format_with_units(d.count(), duration_units);
}

std::string format_size(int64_t bytes) {
  return format_with_units(bytes, size_units);
}

bool is_valid_endpoint(std::string_view text) noexcept {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::string_view host = text.substr(0, colon);
  std::string_view port = text.substr(colon + 1);
  auto p = parse_unsigned(port);
  if (!p || *p > 65535 || port.size() > 5) return false;
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    for (char c : host.substr(1, host.size() - 2))
      if (!(is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
            c == '.'))
        return false;
    return true;
  }
  for (char c : host)
    if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-'))
      return false;
  return true;
}

bool is_valid_env_var_name(std::string_view text) noexcept {
  if (text.empty() || is_digit(text.front())) return false;
  for (char c : text)
    if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
      return false;
  return true;
}

std::string describe_expected(const key_spec& spec) {
  auto range = [&](auto fmt) { return " in " + fmt(spec.min) + ".." + fmt(spec.max); };
  auto as_int = [](int64_t v) { return std::to_string(v); };
  auto as_duration = [](int64_t v) { return format_duration(std::chrono::milliseconds{v}); };
  switch (spec.type) {
    case value_type::string:
      return "a string";
    case value_type::integer:
      return "an integer" + range(as_int);
    case value_type::boolean:
      return "a boolean (true or false)";
    case value_type::duration:
      return "a duration like 250ms, 5s, 2min or 1h" + range(as_duration);
    case value_type::enumeration:
      return "one of " + join_choices(spec);
    case value_type::size:
      return "a size like 512B, 64KiB, 10MiB or 1GiB" + range(format_size);
    case value_type::endpoint:
      return "host:port (port 0..65535), or empty";
    case value_type::env_var_name:
      return "an environment variable name ([A-Za-z_][A-Za-z0-9_]*), or empty";
    case value_type::directory:
      return "a directory path (not empty; \":memory:\" is no directory: the document store "
             "keeps its SQLite file and write-ahead log there)";
    case value_type::endpoint_list:
      return "host:port entries (port 1..65535) separated by commas or spaces, or empty";
    case value_type::peer_endpoint:
      return "host:port (port 1..65535: where the other nodes connect), or empty";
  }
  return "a valid value";
}

result<typed_value> check_value(const key_spec& spec, std::string_view text) {
  auto bad = [&] {
    return make_failure(errc::invalid_input, "expected " + describe_expected(spec));
  };
  auto in_range = [&](int64_t v) { return v >= spec.min && v <= spec.max; };
  switch (spec.type) {
    case value_type::string:
      return typed_value{std::string{text}, 0};
    case value_type::integer: {
      auto v = parse_int(text);
      if (!v || !in_range(*v)) return bad();
      return typed_value{std::to_string(*v), *v};
    }
    case value_type::boolean: {
      auto v = parse_bool(text);
      if (!v) return bad();
      return typed_value{*v ? "true" : "false", *v ? 1 : 0};
    }
    case value_type::duration: {
      auto v = parse_duration(text);
      if (!v || !in_range(v->count())) return bad();
      return typed_value{format_duration(*v), v->count()};
    }
    case value_type::size: {
      auto v = parse_size(text);
      if (!v || !in_range(*v)) return bad();
      return typed_value{format_size(*v), *v};
    }
    case value_type::enumeration:
      for (auto c : spec.choices)
        if (c == text) return typed_value{std::string{text}, 0};
      return bad();
    case value_type::endpoint:
      if (!text.empty() && !is_valid_endpoint(text)) return bad();
      return typed_value{std::string{text}, 0};
    case value_type::env_var_name:
      if (!text.empty() && !is_valid_env_var_name(text)) return bad();
      return typed_value{std::string{text}, 0};
    case value_type::directory:
      if (text.empty() || text == ":memory:") return bad();
      return typed_value{std::string{text}, 0};
    case value_type::endpoint_list:
      // The parser the cluster uses (runtime/config/endpoints.hpp), so what loads, runs.
      if (auto list = parse_endpoint_list(text); !list)
        return make_failure(errc::invalid_input,
                            "expected " + describe_expected(spec) + "; " + list.error().message);
      return typed_value{std::string{text}, 0};
    case value_type::peer_endpoint:
      // The cluster's own parser: a port of 0 cannot be connected to.
      if (text.empty()) return typed_value{std::string{}, 0};
      if (auto e = parse_endpoint(text); !e)
        return make_failure(errc::invalid_input,
                            "expected " + describe_expected(spec) + "; " + e.error().message);
      return typed_value{std::string{text}, 0};
  }
  return bad();
}

}  // namespace wm::config_values
