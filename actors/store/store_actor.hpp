#pragma once
// The store actor: owns one wm::sqlite::document_store on a detached thread (SQLite
// blocks; the scheduler's workers must not). Group commit: each write is staged into the
// open transaction as it arrives (its SQL runs while the rest of the group is still on
// its way) and queued with its response promise; a flush nudge sent to itself commits
// the group once what arrived before it is in (up to group_commit_max_batch, waiting at
// most group_commit_max_delay while more keep arriving), and each write is answered only
// after that COMMIT. With the mailbox empty, a group smaller than the last one (plus what
// arrived during its commit) waits, at most group_commit_max_delay, for the writers that
// commit answered: closed-loop clients then share one fsync per round instead of
// splitting each round over two. A read commits the staged group first (never waiting
// for the window), so reads see committed data only, every acknowledged write included.
// Full-text index maintenance runs when writes pause. The group-commit decisions are the
// pure store::group_commit (group_commit.hpp); this actor carries them out.
#include <caf/actor_system.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "adapters/sqlite/document_store.hpp"
#include "messages/interfaces.hpp"
#include "messages/result.hpp"

namespace prometheus {
class Counter;
class Histogram;
class Gauge;
}  // namespace prometheus

namespace wm {

class metrics_registry;

struct store_actor_options {
  std::string path;  // the SQLite file; its directory is created if missing
  sqlite::store_options store;
  std::size_t max_batch = 64;
  std::chrono::milliseconds max_delay{2};
  // Writes waiting (queued plus in the mailbox) beyond this are refused with
  // errc::unavailable ("store overloaded") instead of queueing without bound.
  std::size_t max_pending = 10000;
  // Full-text catch-up off the commit path: once no write has committed for
  // fts_idle_delay, the index is brought up to date fts_idle_chunk documents at a time,
  // yielding to any message in between (search catches up on its own regardless).
  std::chrono::milliseconds fts_idle_delay{200};
  std::size_t fts_idle_chunk = 256;
};

// Handles taken once from the registry; null members are simply not updated.
struct store_metrics {
  prometheus::Histogram* batch_size = nullptr;
  prometheus::Histogram* commit_seconds = nullptr;
  prometheus::Counter* writes_acknowledged = nullptr;
  prometheus::Gauge* writes_waiting = nullptr;  // queued for the next commit

  static store_metrics from(metrics_registry& registry);
};

// Opens the store, spawns the actor, puts it in the registry as services::store and
// subscribes it to the shutdown coordinator's flush phase (when one is registered).
// Counts store actors registered under services::store in this process (a restart is a
// new actor under the same name): an actor that caches the store's handle looks it up
// again when this changed, instead of asking the registry (a shared lock) on every write.
uint64_t store_generation() noexcept;

result<store_actor> spawn_store_actor(caf::actor_system& sys, store_actor_options options,
                                      store_metrics metrics = {});

}  // namespace wm
