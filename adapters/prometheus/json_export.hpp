#pragma once
// The JSON export of a scrape: the same families as the text format, for dashboards and
// the shell's `metrics --json`:
// {"metrics":[{"name","help","type","samples":[{"labels":{..},"value":..} |
//   {"labels":{..},"count":..,"sum":..,"buckets":[{"le":..,"count":..}]}]}]}
#include <prometheus/metric_family.h>

#include <string>
#include <vector>

namespace wm {

std::string metrics_to_json(const std::vector<prometheus::MetricFamily>& families);

}  // namespace wm
