#pragma once
// The documents service (services::documents): the router the edges call. It spawns one
// document actor per open document on first use (keyed by id, strong handles in a map),
// forwards that document's requests to it, monitors it (a crashed one is dropped; the
// next request re-activates the document from the store), passivates it after
// idle_passivation without requests and beyond max_open passivates the least recently
// used. Listing, search, history and projects go straight to the store actor; import and
// export run as job actors.
#include <caf/actor_system.hpp>

#include <chrono>
#include <cstddef>

#include "actors/documents/document_actor.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"

namespace prometheus {
class Counter;
class Gauge;
}  // namespace prometheus

namespace wm {

class metrics_registry;

struct documents_metrics {
  prometheus::Gauge* open_documents = nullptr;
  prometheus::Counter* passivations = nullptr;
  prometheus::Counter* conflicts = nullptr;

  static documents_metrics from(metrics_registry& registry);
};

struct documents_router_options {
  std::chrono::milliseconds idle_passivation{300'000};
  std::size_t max_open = 10'000;
  std::size_t max_content_bytes = 10'485'760;
  std::chrono::milliseconds store_timeout{30'000};  // project, import and export requests
  std::size_t import_window = 16;                   // creates an import job keeps in flight
  // services::documents, or services::documents_local behind a cluster router.
  caf::atom_value registry_name = services::documents;
};

// Spawns the router and puts it in the registry as services::documents.
documents_actor spawn_documents_router(caf::actor_system& sys, documents_router_options options,
                                       documents_metrics metrics = {});

}  // namespace wm
