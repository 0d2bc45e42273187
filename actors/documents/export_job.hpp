#pragma once
// One export as an actor: pages through the live documents (store listing by keyset, so
// there is no offset cap), reads each one and writes it to <folder>/<title-slug>.md
// (markdown) or .txt, adding -2, -3 .. when two titles give the same name. Answers the
// files written. Detached: file writes block.
#include <caf/actor_system.hpp>

#include <chrono>

#include "messages/interfaces.hpp"

namespace wm {

using export_job_actor =
    caf::typed_actor<caf::replies_to<export_atom, std::string>::with<export_report>>;

// page_size: documents per store listing (1..1000); every live document is exported
// whatever their number (keyset paging; export_report::truncated stays false).
export_job_actor spawn_export_job(caf::actor_system& sys, std::chrono::milliseconds timeout,
                                  uint32_t page_size = 1000);

}  // namespace wm
