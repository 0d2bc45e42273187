#pragma once
// The process's Prometheus registry. Actors take counter/gauge/histogram handles once at
// start and update them directly (atomic, lock-free), so hot paths never send a message
// per increment. Scrapes run the collect hooks (runtime gauges) and then serialize.
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace wm {

using metric_labels = std::map<std::string, std::string>;

class metrics_registry {
 public:
  metrics_registry();

  // Names must follow the conventions: `writemagic_` prefix, base units, counters end
  // in `_total`. A name that breaks them throws std::invalid_argument at start-up.
  prometheus::Counter& counter(const std::string& name, const std::string& help,
                               const metric_labels& labels = {});
  prometheus::Gauge& gauge(const std::string& name, const std::string& help,
                           const metric_labels& labels = {});
  prometheus::Histogram& histogram(const std::string& name, const std::string& help,
                                   const std::vector<double>& buckets,
                                   const metric_labels& labels = {});

  // Runs before every scrape, e.g. to refresh gauges that are sampled, not pushed.
  void on_collect(std::function<void()> hook);

  // Prometheus text exposition format 0.0.4.
  std::string scrape_text();

  // The families as collected (for the JSON export and for tests).
  std::vector<prometheus::MetricFamily> collect();

  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  void run_hooks();

  std::shared_ptr<prometheus::Registry> registry_;
  std::mutex mtx_;
  std::map<std::string, prometheus::Family<prometheus::Counter>*> counters_;
  std::map<std::string, prometheus::Family<prometheus::Gauge>*> gauges_;
  std::map<std::string, prometheus::Family<prometheus::Histogram>*> histograms_;
  std::vector<std::function<void()>> hooks_;
};

// Bucket boundaries (seconds) for LLM request latency: 0.1 s .. 120 s.
const std::vector<double>& llm_latency_buckets();

// Bucket boundaries (seconds) for fast operations (document reads/writes): 50 us .. 5 s.
const std::vector<double>& fast_latency_buckets();

}  // namespace wm
