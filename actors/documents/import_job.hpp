#pragma once
// One bulk import as an actor: lists the folder, reads each file through a memory map,
// creates documents through the documents service (a few in flight at once, so they
// share group commits), sends file_progress to the caller's listener after each file
// and answers the final report (imported, and skipped with reasons). When the listener
// goes away (the shell's Ctrl-C kills it) the job starts no more files: the rest are
// skipped as "not tried: the import was cancelled". Detached: file reads block.
#include <caf/actor_system.hpp>

#include <chrono>
#include <cstddef>

#include "messages/interfaces.hpp"

namespace wm {

// deadline_atom is the job's own stall check (sent to itself).
using import_job_actor = caf::typed_actor<
    caf::replies_to<import_atom, std::string, progress_listener_actor>::with<import_report>,
    caf::reacts_to<deadline_atom>>;

struct import_job_options {
  documents_actor documents;  // where the creates go
  std::size_t max_content_bytes = 10'485'760;
  std::size_t window = 16;
  // The job gives up when creates are in flight and none has been answered for this long:
  // the files in flight and those not yet tried are reported skipped. One timer for the
  // job, not a CAF request timeout per create (each of those stays in CAF's clock until it
  // fires, ~140 B apiece: 14 MB for an import of 100,000 files).
  std::chrono::milliseconds timeout{30'000};
};

import_job_actor spawn_import_job(caf::actor_system& sys, import_job_options options);

}  // namespace wm
