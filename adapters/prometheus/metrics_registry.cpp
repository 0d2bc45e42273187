#include "adapters/prometheus/metrics_registry.hpp"

#include <prometheus/text_serializer.h>

#include <sstream>
#include <stdexcept>

namespace wm {

namespace {

void check_name(const std::string& name, bool is_counter) {
  static constexpr std::string_view prefix = "writemagic_";
  static constexpr std::string_view total = "_total";
  if (name.rfind(prefix, 0) != 0)
    throw std::invalid_argument("metric name must start with writemagic_: " + name);
  bool ends_total = name.size() > total.size() &&
                    name.compare(name.size() - total.size(), total.size(), total) == 0;
  if (is_counter != ends_total) throw std::invalid_argument("only counters end in _total: " + name);
}

template <class Builder, class Family>
Family& family_for(std::map<std::string, Family*>& families, prometheus::Registry& registry,
                   Builder builder, const std::string& name, const std::string& help) {
  auto it = families.find(name);
  if (it != families.end()) return *it->second;
  auto& fam = builder.Name(name).Help(help).Register(registry);
  families.emplace(name, &fam);
  return fam;
}

}  // namespace

metrics_registry::metrics_registry() : registry_(std::make_shared<prometheus::Registry>()) {}

prometheus::Counter& metrics_registry::counter(const std::string& name, const std::string& help,
                                               const metric_labels& labels) {
  check_name(name, true);
  std::lock_guard lock{mtx_};
  return family_for(counters_, *registry_, prometheus::BuildCounter(), name, help).Add(labels);
}

prometheus::Gauge& metrics_registry::gauge(const std::string& name, const std::string& help,
                                           const metric_labels& labels) {
  check_name(name, false);
  std::lock_guard lock{mtx_};
  return family_for(gauges_, *registry_, prometheus::BuildGauge(), name, help).Add(labels);
}

prometheus::Histogram& metrics_registry::histogram(const std::string& name, const std::string& help,
                                                   const std::vector<double>& buckets,
                                                   const metric_labels& labels) {
  check_name(name, false);
  std::lock_guard lock{mtx_};
  return family_for(histograms_, *registry_, prometheus::BuildHistogram(), name, help)
      .Add(labels, buckets);
}

void metrics_registry::on_collect(std::function<void()> hook) {
  std::lock_guard lock{mtx_};
  hooks_.push_back(std::move(hook));
}

void metrics_registry::run_hooks() {
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock{mtx_};
    hooks = hooks_;
  }
  for (auto& hook : hooks) hook();
}

std::vector<prometheus::MetricFamily> metrics_registry::collect() {
  run_hooks();
  return registry_->Collect();
}

std::string metrics_registry::scrape_text() {
  std::ostringstream out;
  prometheus::TextSerializer{}.Serialize(out, collect());
  return out.str();
}

const std::vector<double>& llm_latency_buckets() {
  static const std::vector<double> buckets{0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120};
  return buckets;
}

const std::vector<double>& fast_latency_buckets() {
  static const std::vector<double> buckets{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                           0.01,    0.025,  0.05,    0.1,    0.5,   1,      5};
  return buckets;
}

}  // namespace wm
