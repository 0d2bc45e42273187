#pragma once
// One export as an actor: pages through the live documents (store listing by keyset, so
// there is no offset cap), reads each one and writes it to <folder>/<title-slug>.md
// (markdown) or .txt, adding -2, -3 .. when two titles give the same name. Sends
// file_progress to the caller's listener after each file and answers the files written.
// When the listener goes away (the shell's Ctrl-C kills it) the job stops at once and
// answers what it wrote, marked cancelled. Detached: file writes block.
#include <caf/actor_system.hpp>

#include <chrono>

#include "messages/interfaces.hpp"

namespace wm {

// deadline_atom is the job's own stall check (sent to itself).
using export_job_actor = caf::typed_actor<
    caf::replies_to<export_atom, std::string, progress_listener_actor>::with<export_report>,
    caf::reacts_to<deadline_atom>>;

// timeout: the longest the store may take to answer one listing or read; then the export
// fails with errc::timeout. One timer for the job, not a CAF request timeout per document
// (each of those stays in CAF's clock until it fires). page_size: documents per store
// listing (1..1000); every live document is exported whatever their number (keyset
// paging; export_report::truncated stays false).
export_job_actor spawn_export_job(caf::actor_system& sys, std::chrono::milliseconds timeout,
                                  uint32_t page_size = 1000);

}  // namespace wm
