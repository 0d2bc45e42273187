#pragma once
// A strict reader of the Prometheus text exposition format 0.0.4, for tests that check a
// scrape: every sample line must parse, belong to a family with # TYPE, and use the
// writemagic_ naming rules.
#include <map>
#include <string>
#include <vector>

namespace wm::testing {

struct prometheus_sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct prometheus_scrape {
  std::map<std::string, std::string> types;  // family name -> counter|gauge|histogram|...
  std::map<std::string, std::string> help;
  std::vector<prometheus_sample> samples;
  std::vector<std::string> errors;  // one line per problem found

  // Value of the first sample with this name whose labels include `labels`; NaN if none.
  double value(const std::string& name,
               const std::map<std::string, std::string>& labels = {}) const;
  bool has(const std::string& name) const;
};

prometheus_scrape parse_prometheus_text(const std::string& text);

}  // namespace wm::testing
