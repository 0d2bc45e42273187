#include "adapters/prometheus/json_export.hpp"

#include <cmath>

#include "adapters/codecs/json_writer.hpp"

namespace wm {

namespace {

const char* type_name(prometheus::MetricType type) {
  switch (type) {
    case prometheus::MetricType::Counter:
      return "counter";
    case prometheus::MetricType::Gauge:
      return "gauge";
    case prometheus::MetricType::Histogram:
      return "histogram";
    case prometheus::MetricType::Summary:
      return "summary";
    default:
      return "untyped";
  }
}

void write_sample(codecs::json_writer& w, prometheus::MetricType type,
                  const prometheus::ClientMetric& m) {
  w.begin_object().key("labels").begin_object();
  for (const auto& label : m.label) w.key(label.name).value(label.value);
  w.end_object();
  switch (type) {
    case prometheus::MetricType::Counter:
      w.key("value").value(m.counter.value);
      break;
    case prometheus::MetricType::Gauge:
      w.key("value").value(m.gauge.value);
      break;
    case prometheus::MetricType::Histogram:
      w.key("count").value(static_cast<uint64_t>(m.histogram.sample_count));
      w.key("sum").value(m.histogram.sample_sum);
      w.key("buckets").begin_array();
      for (const auto& b : m.histogram.bucket) {
        w.begin_object().key("le");
        if (std::isinf(b.upper_bound))
          w.value("+Inf");  // JSON has no infinity; Prometheus spells it so
        else
          w.value(b.upper_bound);
        w.key("count").value(static_cast<uint64_t>(b.cumulative_count)).end_object();
      }
      w.end_array();
      break;
    default:
      w.key("value").value(m.untyped.value);
      break;
  }
  w.end_object();
}

}  // namespace

std::string metrics_to_json(const std::vector<prometheus::MetricFamily>& families) {
  codecs::json_writer w;
  w.begin_object().key("metrics").begin_array();
  for (const auto& fam : families) {
    w.begin_object().key("name").value(fam.name).key("help").value(fam.help);
    w.key("type").value(type_name(fam.type)).key("samples").begin_array();
    for (const auto& m : fam.metric) write_sample(w, fam.type, m);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.take();
}

}  // namespace wm
