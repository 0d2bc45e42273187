#include "tests/support/prometheus_text.hpp"

#include <cmath>
#include <limits>
#include <sstream>

namespace wm::testing {

namespace {

bool is_name_char(char c, bool first) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
         (!first && std::isdigit(static_cast<unsigned char>(c)));
}

// The family a sample belongs to: histogram samples carry _bucket/_sum/_count.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  if (types.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    std::string s{suffix};
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      auto base = name.substr(0, name.size() - s.size());
      if (types.count(base)) return base;
    }
  }
  return {};
}

bool parse_sample(const std::string& line, prometheus_sample& out, std::string& why) {
  size_t i = 0;
  while (i < line.size() && is_name_char(line[i], i == 0)) ++i;
  if (i == 0) return why = "no metric name", false;
  out.name = line.substr(0, i);
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (i < line.size() && line[i] != '}') {
      size_t start = i;
      while (i < line.size() && is_name_char(line[i], i == start)) ++i;
      auto key = line.substr(start, i - start);
      if (key.empty() || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"')
        return why = "bad label", false;
      i += 2;
      std::string value;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) {
          ++i;
          value += line[i] == 'n' ? '\n' : line[i];
        } else {
          value += line[i];
        }
        ++i;
      }
      if (i >= line.size()) return why = "unterminated label value", false;
      ++i;
      out.labels[key] = value;
      if (i < line.size() && line[i] == ',') ++i;
    }
    if (i >= line.size()) return why = "unterminated label set", false;
    ++i;
  }
  if (i >= line.size() || line[i] != ' ') return why = "no space before value", false;
  auto rest = line.substr(i + 1);
  auto space = rest.find(' ');  // optional timestamp after the value
  auto number = rest.substr(0, space);
  if (number == "+Inf")
    out.value = std::numeric_limits<double>::infinity();
  else if (number == "-Inf")
    out.value = -std::numeric_limits<double>::infinity();
  else if (number == "NaN")
    out.value = std::nan("");
  else {
    char* end = nullptr;
    out.value = std::strtod(number.c_str(), &end);
    if (end == number.c_str() || *end != '\0') return why = "bad value '" + number + "'", false;
  }
  return true;
}

}  // namespace

prometheus_scrape parse_prometheus_text(const std::string& text) {
  prometheus_scrape scrape;
  std::istringstream in{text};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    if (line.rfind("# TYPE ", 0) == 0 || line.rfind("# HELP ", 0) == 0) {
      auto rest = line.substr(7);
      auto space = rest.find(' ');
      if (space == std::string::npos) {
        scrape.errors.push_back("line " + std::to_string(n) + ": malformed comment");
        continue;
      }
      auto name = rest.substr(0, space);
      (line[2] == 'T' ? scrape.types : scrape.help)[name] = rest.substr(space + 1);
      continue;
    }
    if (line[0] == '#') continue;
    prometheus_sample sample;
    std::string why;
    if (!parse_sample(line, sample, why)) {
      scrape.errors.push_back("line " + std::to_string(n) + ": " + why + ": " + line);
      continue;
    }
    auto family = family_of(sample.name, scrape.types);
    if (family.empty())
      scrape.errors.push_back("line " + std::to_string(n) + ": sample without # TYPE: " + line);
    else if (family.rfind("writemagic_", 0) != 0)
      scrape.errors.push_back("line " + std::to_string(n) + ": name lacks writemagic_ prefix");
    else if (scrape.types[family] == "counter" &&
             (family.size() < 6 || family.compare(family.size() - 6, 6, "_total") != 0))
      scrape.errors.push_back("line " + std::to_string(n) + ": counter not ending in _total");
    scrape.samples.push_back(std::move(sample));
  }
  return scrape;
}

double prometheus_scrape::value(const std::string& name,
                                const std::map<std::string, std::string>& labels) const {
  for (const auto& s : samples) {
    if (s.name != name) continue;
    bool match = true;
    for (const auto& [k, v] : labels) {
      auto it = s.labels.find(k);
      if (it == s.labels.end() || it->second != v) match = false;
    }
    if (match) return s.value;
  }
  return std::nan("");
}

bool prometheus_scrape::has(const std::string& name) const {
  for (const auto& s : samples)
    if (s.name == name) return true;
  return false;
}

}  // namespace wm::testing
