#include "runtime/cli/shell/command_args.hpp"

#include <algorithm>
#include <charconv>

namespace wm::shell {

const std::string* command_args::value(std::string_view option) const {
  auto it = values.find(option);
  return it == values.end() ? nullptr : &it->second;
}

result<std::optional<uint64_t>> command_args::number(std::string_view option, uint64_t max) const {
  const auto* text = value(option);
  if (!text) return std::optional<uint64_t>{};
  auto n = parse_number(*text, max, option);
  if (!n) return std::move(n).error();
  return std::optional<uint64_t>{*n};
}

result<command_args> parse_command_args(const std::vector<std::string>& words, size_t first,
                                        std::vector<std::string_view> value_options,
                                        std::vector<std::string_view> flag_options) {
  command_args out;
  bool options_done = false;
  for (size_t i = first; i < words.size(); ++i) {
    const auto& w = words[i];
    if (options_done || w.size() < 2 || w[0] != '-' || w[1] != '-') {
      out.positional.push_back(w);
      continue;
    }
    if (w == "--") {
      options_done = true;
      continue;
    }
    std::string_view name = w;
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string_view::npos) {
      inline_value = std::string{name.substr(eq + 1)};
      name = name.substr(0, eq);
    }
    auto is = [&](const auto& list) {
      return std::find(list.begin(), list.end(), name) != list.end();
    };
    if (is(value_options)) {
      if (inline_value) {
        out.values[std::string{name}] = *inline_value;
      } else if (i + 1 < words.size()) {
        out.values[std::string{name}] = words[++i];
      } else {
        return failure{errc::invalid_input, std::string{name} + " needs a value"};
      }
    } else if (is(flag_options)) {
      if (inline_value)
        return failure{errc::invalid_input, "option " + std::string{name} +
                                                " is a flag and takes no value (got '" + w +
                                                "'; write " + std::string{name} + " alone)"};
      out.flags.emplace(name);
    } else {
      std::string known;
      for (auto o : value_options) known += " " + std::string{o};
      for (auto o : flag_options) known += " " + std::string{o};
      return failure{errc::invalid_input,
                     "unknown option " + std::string{name} +
                         (known.empty() ? " (this command takes none)" : " (known:" + known + ")")};
    }
  }
  return out;
}

result<uint64_t> parse_number(std::string_view text, uint64_t max, std::string_view what) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n > max)
    return failure{errc::invalid_input, std::string{what} + " must be a number in 0.." +
                                            std::to_string(max) + ", got '" + std::string{text} +
                                            "'"};
  return n;
}

}  // namespace wm::shell
