// Metrics: the registry's scrape parses back as Prometheus text format 0.0.4, the JSON
// export carries the same values, and naming rules are enforced.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "adapters/prometheus/json_export.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm {
namespace {

TEST(metrics_registry, scrape_parses_back_with_types_and_values) {
  metrics_registry reg;
  auto& hits = reg.counter("writemagic_test_hits_total", "Hits", {{"route", "/v1/x"}});
  hits.Increment(3);
  reg.gauge("writemagic_test_open", "Open things").Set(5);
  auto& lat = reg.histogram("writemagic_test_latency_seconds", "Latency", llm_latency_buckets());
  lat.Observe(0.3);
  lat.Observe(70);
  auto parsed = testing::parse_prometheus_text(reg.scrape_text());
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  EXPECT_EQ(parsed.types["writemagic_test_hits_total"], "counter");
  EXPECT_EQ(parsed.types["writemagic_test_open"], "gauge");
  EXPECT_EQ(parsed.types["writemagic_test_latency_seconds"], "histogram");
  EXPECT_DOUBLE_EQ(parsed.value("writemagic_test_hits_total", {{"route", "/v1/x"}}), 3);
  EXPECT_DOUBLE_EQ(parsed.value("writemagic_test_open"), 5);
  EXPECT_DOUBLE_EQ(parsed.value("writemagic_test_latency_seconds_count"), 2);
  EXPECT_DOUBLE_EQ(parsed.value("writemagic_test_latency_seconds_bucket", {{"le", "0.5"}}), 1);
  EXPECT_DOUBLE_EQ(parsed.value("writemagic_test_latency_seconds_bucket", {{"le", "+Inf"}}), 2);
}

TEST(metrics_registry, handles_are_stable_and_shared) {
  metrics_registry reg;
  auto& a = reg.counter("writemagic_same_total", "x", {{"k", "v"}});
  auto& b = reg.counter("writemagic_same_total", "x", {{"k", "v"}});
  EXPECT_EQ(&a, &b);
  a.Increment();
  b.Increment();
  EXPECT_DOUBLE_EQ(testing::parse_prometheus_text(reg.scrape_text())
                       .value("writemagic_same_total", {{"k", "v"}}),
                   2);
}

TEST(metrics_registry, rejects_names_that_break_the_conventions) {
  metrics_registry reg;
  EXPECT_THROW(reg.counter("other_total", "x"), std::invalid_argument);
  EXPECT_THROW(reg.counter("writemagic_hits", "x"), std::invalid_argument);
  EXPECT_THROW(reg.gauge("writemagic_open_total", "x"), std::invalid_argument);
}

TEST(metrics_registry, collect_hooks_run_before_each_scrape) {
  metrics_registry reg;
  auto& g = reg.gauge("writemagic_sampled", "sampled");
  int calls = 0;
  reg.on_collect([&] { g.Set(++calls); });
  reg.scrape_text();
  auto text = reg.scrape_text();
  EXPECT_DOUBLE_EQ(testing::parse_prometheus_text(text).value("writemagic_sampled"), 2);
}

TEST(metrics_json, carries_the_same_families) {
  metrics_registry reg;
  reg.counter("writemagic_j_total", "J", {{"a", "b"}}).Increment(4);
  reg.histogram("writemagic_j_seconds", "H", {0.1, 1}).Observe(0.5);
  auto json = metrics_to_json(reg.collect());
  simdjson::dom::parser parser;
  auto doc = parser.parse(json);
  ASSERT_FALSE(doc.error()) << json;
  bool saw_counter = false, saw_hist = false;
  for (auto fam : doc["metrics"].get_array()) {
    auto name = std::string_view(fam["name"].get_string().value());
    if (name == "writemagic_j_total") {
      saw_counter = true;
      EXPECT_EQ(std::string_view(fam["type"].get_string().value()), "counter");
      auto sample = fam["samples"].at(0);
      EXPECT_DOUBLE_EQ(double(sample["value"].get_double().value()), 4);
      EXPECT_EQ(std::string_view(sample["labels"]["a"].get_string().value()), "b");
    }
    if (name == "writemagic_j_seconds") {
      saw_hist = true;
      auto sample = fam["samples"].at(0);
      EXPECT_EQ(uint64_t(sample["count"].get_uint64().value()), 1u);
      auto buckets = sample["buckets"].get_array().value();
      EXPECT_EQ(buckets.size(), 3u);
      EXPECT_EQ(std::string_view(buckets.at(2)["le"].get_string().value()), "+Inf");
    }
  }
  EXPECT_TRUE(saw_counter);
  EXPECT_TRUE(saw_hist);
}

}  // namespace
}  // namespace wm
