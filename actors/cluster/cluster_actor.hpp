#pragma once
// The cluster actor: this node's member of a cluster of nodes joined over CAF's network
// layer (the middleman). One actor, two roles, both keyed by the same membership view:
//
//  - Membership (services::cluster, published on caf.port): connects to every seed,
//    exchanges a versioned hello, monitors each peer, marks it down when its connection
//    drops and reconnects with backoff; peers learn each other's members at hello.
//  - Placement (services::documents): answers the documents interface for the whole
//    cluster. A request for one document goes to its owner on the consistent-hash ring:
//    to this node's documents router (services::documents_local) by delegation, or to the
//    owner's cluster actor as a versioned forward, the answer coming back the same way.
//    An owner that is down fails at once with `unavailable`, and so do requests in
//    flight to a member when its connection drops. Listing, search and projects span
//    every member (and need them all up).
//
// Members are never dropped from the ring when they go down: their documents stay theirs
// (their stores are durable) and are served again when they come back.
#include <caf/actor_system.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/cluster/member_table.hpp"
#include "actors/cluster/seed_list.hpp"

namespace wm {
class metrics_registry;
}

namespace wm::cluster {

struct cluster_options {
  std::string advertise;        // this node's name on the ring: host:port of its caf.port
  std::vector<endpoint> seeds;  // may include this node
  uint32_t vnodes = 64;
  std::chrono::milliseconds forward_timeout{10'000};
  reconnect_backoff backoff;
  uint32_t max_list_depth = 1000;  // offset + limit of a cluster-wide listing
  // Where the cluster actor publishes itself (caf.port; the advertised host): every
  // incarnation, so peers redialling after a crash reach the live one.
  std::string publish_host = "127.0.0.1";
  uint16_t publish_port = 0;  // 0: not published
};

// Spawns the actor, publishes it on publish_port (in place of a previous incarnation,
// after a restart) and registers it as services::cluster and services::documents. Throws
// std::runtime_error when the port cannot be had, so the supervisor reports the failed
// start (a node whose port is taken does not start).
caf::actor spawn_cluster_actor(caf::actor_system& sys, cluster_options options,
                               std::shared_ptr<metrics_registry> metrics);

}  // namespace wm::cluster
