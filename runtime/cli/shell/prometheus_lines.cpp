#include "runtime/cli/shell/prometheus_lines.hpp"

#include <cstdlib>

namespace wm::shell {

std::map<std::string, double> samples_by_label(std::string_view text, std::string_view metric,
                                               std::string_view label) {
  std::map<std::string, double> out;
  const std::string key = std::string{label} + "=\"";
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.size() <= metric.size() || line.substr(0, metric.size()) != metric ||
        line[metric.size()] != '{')
      continue;
    auto close = line.find('}');
    if (close == std::string_view::npos) continue;
    auto labels = line.substr(metric.size() + 1, close - metric.size() - 1);
    auto at = labels.find(key);
    if (at == std::string_view::npos) continue;
    auto value_start = at + key.size();
    auto end_quote = labels.find('"', value_start);
    if (end_quote == std::string_view::npos) continue;
    std::string name{labels.substr(value_start, end_quote - value_start)};
    std::string number{line.substr(close + 1)};
    char* end = nullptr;
    double v = std::strtod(number.c_str(), &end);
    if (end == number.c_str()) continue;
    out[name] = v;
  }
  return out;
}

}  // namespace wm::shell
