#pragma once
// One bulk import as an actor: lists the folder, reads each file through a memory map,
// creates documents through the documents service (a few in flight at once, so they
// share group commits), sends import_progress to the caller's listener after each file
// and answers the final report (imported, and skipped with reasons). Detached: file
// reads block.
#include <caf/actor_system.hpp>

#include <chrono>
#include <cstddef>

#include "messages/interfaces.hpp"

namespace wm {

using import_job_actor = caf::typed_actor<
    caf::replies_to<import_atom, std::string, import_listener_actor>::with<import_report>>;

struct import_job_options {
  documents_actor documents;  // where the creates go
  std::size_t max_content_bytes = 10'485'760;
  std::size_t window = 16;
  std::chrono::milliseconds timeout{30'000};
};

import_job_actor spawn_import_job(caf::actor_system& sys, import_job_options options);

}  // namespace wm
