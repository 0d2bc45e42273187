#pragma once
// The cluster's metrics: membership (members by state, each member up or not) and
// requests forwarded to each member and served for peers. Handles are taken once per
// member (members are few and rarely learned) and updated directly.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "messages/cluster.hpp"

namespace prometheus {
class Counter;
class Gauge;
}  // namespace prometheus

namespace wm {
class metrics_registry;
}

namespace wm::cluster {

class cluster_metrics {
 public:
  explicit cluster_metrics(std::shared_ptr<metrics_registry> registry);

  void membership(const std::vector<member_info>& members);
  void forwarded(const std::string& member);
  void forward_failed(const std::string& member);
  void served_for_peer();

 private:
  struct per_member {
    prometheus::Gauge* up = nullptr;
    prometheus::Counter* forwarded = nullptr;
    prometheus::Counter* failed = nullptr;
  };
  per_member* member(const std::string& address);

  std::shared_ptr<metrics_registry> registry_;
  std::map<std::string, per_member> members_;
  std::map<member_state, prometheus::Gauge*> by_state_;
  prometheus::Counter* served_ = nullptr;
};

}  // namespace wm::cluster
