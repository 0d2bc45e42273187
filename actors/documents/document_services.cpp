#include "actors/documents/document_services.hpp"

#include <caf/all.hpp>

#include <filesystem>
#include <stdexcept>

#include "actors/documents/documents_router.hpp"
#include "actors/store/store_actor.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/service_names.hpp"
#include "runtime/config/config.hpp"

namespace wm {

document_services_options document_services_options_from(const config& cfg) {
  document_services_options o;
  o.db_path =
      (std::filesystem::path(cfg.get_string("runtime.data_dir")) / "writemagic.db").string();
  o.store.synchronous = cfg.get_string("store.synchronous");
  o.store.max_content_bytes = static_cast<std::size_t>(cfg.get_size("store.max_content_bytes"));
  o.group_commit_max_batch = static_cast<std::size_t>(cfg.get_int("store.group_commit_max_batch"));
  o.group_commit_max_delay = cfg.get_duration("store.group_commit_max_delay");
  o.store.wal_autocheckpoint_pages = static_cast<int>(cfg.get_int("store.wal_autocheckpoint"));
  o.idle_passivation = cfg.get_duration("documents.idle_passivation");
  o.max_open = static_cast<std::size_t>(cfg.get_int("documents.max_open"));
  return o;
}

std::vector<child_spec> make_document_services(const config& cfg,
                                               std::shared_ptr<metrics_registry> metrics) {
  return make_document_services(document_services_options_from(cfg), std::move(metrics));
}

std::vector<child_spec> make_document_services(document_services_options options,
                                               std::shared_ptr<metrics_registry> metrics) {
  // Handles are taken once, here, and shared by every incarnation of the actors.
  store_metrics sm;
  documents_metrics dm;
  if (metrics) {
    sm = store_metrics::from(*metrics);
    dm = documents_metrics::from(*metrics);
  }
  store_actor_options so;
  so.path = options.db_path;
  so.store = options.store;
  so.max_batch = options.group_commit_max_batch;
  so.max_delay = options.group_commit_max_delay;
  so.max_pending = options.max_pending_writes;
  documents_router_options ro;
  ro.idle_passivation = options.idle_passivation;
  ro.max_open = options.max_open;
  ro.max_content_bytes = options.store.max_content_bytes;
  ro.store_timeout = options.store_timeout;
  if (options.behind_cluster_router) ro.registry_name = services::documents_local;
  std::vector<child_spec> specs;
  specs.push_back({"store", [so, sm, metrics](caf::actor_system& sys) {
                     auto handle = spawn_store_actor(sys, so, sm);
                     // The supervisor reports the message as the start failure.
                     if (!handle) throw std::runtime_error(handle.error().message);
                     return caf::actor_cast<caf::actor>(*handle);
                   }});
  specs.push_back({"documents", [ro, dm, metrics](caf::actor_system& sys) {
                     return caf::actor_cast<caf::actor>(spawn_documents_router(sys, ro, dm));
                   }});
  return specs;
}

}  // namespace wm
