#pragma once
// The document services as supervised children of a node: the store actor first, then
// the documents router (services::store, services::documents).
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "actors/supervision/supervisor.hpp"
#include "adapters/sqlite/document_store.hpp"

namespace wm {

class config;
class metrics_registry;

struct document_services_options {
  std::string db_path = "data/writemagic.db";
  sqlite::store_options store;  // synchronous, max_content_bytes
  std::size_t group_commit_max_batch = 64;
  std::chrono::milliseconds group_commit_max_delay{2};
  std::size_t max_pending_writes = 10'000;
  std::chrono::milliseconds idle_passivation{300'000};
  std::size_t max_open = 10'000;
  std::chrono::milliseconds store_timeout{30'000};  // project, import and export requests
  bool behind_cluster_router = false;               // register as services::documents_local
};

// runtime.data_dir (the file is <data_dir>/writemagic.db), store.*, documents.*.
document_services_options document_services_options_from(const config& cfg);

std::vector<child_spec> make_document_services(const config& cfg,
                                               std::shared_ptr<metrics_registry> metrics);
std::vector<child_spec> make_document_services(document_services_options options,
                                               std::shared_ptr<metrics_registry> metrics);

}  // namespace wm
