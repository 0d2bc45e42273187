#include "actors/cluster/cluster_metrics.hpp"

#include "adapters/prometheus/metrics_registry.hpp"

namespace wm::cluster {

cluster_metrics::cluster_metrics(std::shared_ptr<metrics_registry> registry)
    : registry_(std::move(registry)) {
  if (!registry_) return;
  for (auto s : {member_state::up, member_state::connecting, member_state::down})
    by_state_[s] = &registry_->gauge("writemagic_cluster_members",
                                     "cluster members by state as this node sees them",
                                     {{"state", to_string(s)}});
  served_ = &registry_->counter("writemagic_cluster_served_forwards_total",
                                "requests other nodes forwarded to this node's documents");
}

cluster_metrics::per_member* cluster_metrics::member(const std::string& address) {
  if (!registry_) return nullptr;
  auto it = members_.find(address);
  if (it != members_.end()) return &it->second;
  per_member m;
  m.up = &registry_->gauge("writemagic_cluster_member_up", "1 while this node sees the member up",
                           {{"member", address}});
  m.forwarded = &registry_->counter("writemagic_cluster_forwarded_requests_total",
                                    "requests this node forwarded to the member owning them",
                                    {{"member", address}});
  m.failed =
      &registry_->counter("writemagic_cluster_forward_failures_total",
                          "forwarded requests answered unavailable (member down or not answering)",
                          {{"member", address}});
  return &members_.emplace(address, m).first->second;
}

void cluster_metrics::membership(const std::vector<member_info>& members) {
  if (!registry_) return;
  std::map<member_state, double> counts;
  for (const auto& m : members) {
    counts[m.state] += 1;
    member(m.address)->up->Set(m.state == member_state::up ? 1 : 0);
  }
  for (auto& [state, gauge] : by_state_) gauge->Set(counts[state]);
}

void cluster_metrics::forwarded(const std::string& address) {
  if (auto* m = member(address)) m->forwarded->Increment();
}

void cluster_metrics::forward_failed(const std::string& address) {
  if (auto* m = member(address)) m->failed->Increment();
}

void cluster_metrics::served_for_peer() {
  if (served_) served_->Increment();
}

}  // namespace wm::cluster
