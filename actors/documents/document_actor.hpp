#pragma once
// One actor per open document. It caches the document, serializes every edit to it (a
// write awaits the store's acknowledgement before the next message is handled), checks
// input (UTF-8, size limit, expected_version against its cache, refreshed from the store
// before it reports a conflict; the store checks again in the transaction) and writes
// through the store actor. The store is the truth: a crash of this actor loses nothing
// that was acknowledged, and the next request re-activates the document from the store.
#include <caf/actor_system.hpp>

#include <chrono>
#include <cstddef>
#include <string>

#include "messages/interfaces.hpp"

namespace prometheus {
class Counter;
}  // namespace prometheus

namespace wm {

// The router's (documents_actor) requests about one document, forwarded unchanged, and
// passivate_atom: finish the current edit, then stop.
using document_actor =
    caf::typed_actor<caf::replies_to<create_atom, create_document_cmd>::with<document>,
                     caf::replies_to<get_atom, std::string>::with<document>,
                     caf::replies_to<update_atom, update_document_cmd>::with<document>,
                     caf::replies_to<patch_atom, patch_document_cmd>::with<document>,
                     caf::replies_to<rename_atom, rename_document_cmd>::with<document>,
                     caf::replies_to<move_atom, move_document_cmd>::with<document>,
                     caf::replies_to<delete_atom, delete_document_cmd>::with<document>,
                     caf::replies_to<undelete_atom, delete_document_cmd>::with<document>,
                     caf::replies_to<purge_atom, delete_document_cmd>::with<bool>,
                     caf::replies_to<restore_atom, restore_cmd>::with<document>,
                     caf::replies_to<replace_atom, find_replace_cmd>::with<find_replace_result>,
                     caf::replies_to<stats_atom, std::string>::with<text_stats>,
                     caf::reacts_to<passivate_atom>>;

struct document_actor_options {
  std::size_t max_content_bytes = 10'485'760;
  prometheus::Counter* conflicts = nullptr;  // optional
};

// id: a canonical UUID. fresh: the id was just generated, so there is nothing to load.
document_actor spawn_document_actor(caf::actor_system& sys, std::string id, bool fresh,
                                    document_actor_options options);

}  // namespace wm
