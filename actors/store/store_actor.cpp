#include "actors/store/store_actor.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <utility>
#include <vector>

#include "actors/common/stray_messages.hpp"
#include "actors/store/group_commit.hpp"
#include "actors/store/store_commands.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"
#include "runtime/logging/log.hpp"

namespace wm {

namespace {

using clock = std::chrono::steady_clock;

struct store_state {
  std::shared_ptr<sqlite::document_store> db;
  store_actor_options options;
  store_metrics metrics;
  // Writers of the staged group, in staging order: their ops are already applied inside
  // the open transaction (each as it arrived, while the rest of the group was still on
  // its way); they hear back when it commits.
  std::vector<caf::typed_response_promise<write_ack>> pending;
  store::group_commit window{1, {}};  // set from options at spawn
  clock::time_point last_commit;
  // One delayed flush nudge at a time for the idle index catch-up; due when it lands.
  bool idle_armed = false;
  clock::time_point idle_due;
  static inline const char* name = "wm.store";

  // Killed outright (a kill cannot be trapped) with writes queued: their writers hear so
  // instead of waiting forever (the document actors ask without a CAF timeout).
  ~store_state() {
    // Their staged ops roll back when the connection closes with the state.
    for (auto& promise : pending)
      if (promise.pending())
        promise.deliver(
            make_error(errc::unavailable, "the store stopped before this write was committed"));
    if (metrics.writes_waiting) metrics.writes_waiting->Set(0);
  }
};

using self_ptr = store_actor::stateful_pointer<store_state>;

void commit(self_ptr self);
void idle_step(self_ptr self);

// Carries out what the group-commit window decided.
void carry_out(self_ptr self, store::group_step step) {
  using store::group_step;
  switch (step) {
    case group_step::wait:
      return;
    case group_step::commit:
      return commit(self);
    case group_step::flush_soon:
      return self->send(self, flush_atom::value);
    case group_step::flush_at_deadline:
      return self->delayed_send(
          self, std::max(self->state.window.deadline() - clock::now(), clock::duration::zero()),
          flush_atom::value);
    case group_step::idle:
      return idle_step(self);
  }
}

// Catches the full-text index up when writes have paused: a chunk per nudge, so any
// message that arrives meanwhile waits for one chunk at most.
void idle_step(self_ptr self) {
  auto& st = self->state;
  if (st.db->fts_backlog() == 0) return;
  auto now = clock::now();
  if (st.idle_armed && now >= st.idle_due) st.idle_armed = false;
  auto quiet = now - st.last_commit;
  if (quiet >= st.options.fts_idle_delay && self->mailbox().size() == 0) {
    auto done = st.db->index_pending(st.options.fts_idle_chunk);
    if (!done) {
      log::warn({}, "store: full-text catch-up failed: {}", done.error().message);
    } else if (*done > 0 && st.db->fts_backlog() > 0) {
      carry_out(self, st.window.request_flush());  // the next chunk after what is queued
      return;
    }
  }
  if (!st.idle_armed && st.db->fts_backlog() > 0) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::max(clock::duration(st.options.fts_idle_delay - quiet),
                 clock::duration(std::chrono::milliseconds(1))));
    st.idle_armed = true;
    st.idle_due = now + wait;
    self->delayed_send(self, wait, flush_atom::value);
  }
}

// Commits the staged group; answers only after the commit returned.
void commit(self_ptr self) {
  auto& st = self->state;
  if (st.pending.empty()) return;
  auto batch = std::move(st.pending);
  st.pending.clear();
  if (st.metrics.writes_waiting) st.metrics.writes_waiting->Set(0);
  auto t0 = clock::now();
  auto results = st.db->commit_staged();
  if (results.size() != batch.size()) {
    // Every writer gets an answer, whatever happened (they wait without a timeout).
    results.assign(batch.size(), failure{errc::internal, "store: the staged group lost count"});
  }
  st.last_commit = clock::now();
  st.window.committed(batch.size(), self->mailbox().size());
  auto seconds = std::chrono::duration<double>(st.last_commit - t0).count();
  if (st.metrics.commit_seconds) st.metrics.commit_seconds->Observe(seconds);
  if (st.metrics.batch_size) st.metrics.batch_size->Observe(static_cast<double>(batch.size()));
  // Counted before the answers go out: a writer that has its ack sees it counted.
  auto acked = std::count_if(results.begin(), results.end(), [](auto& r) { return r.ok(); });
  if (st.metrics.writes_acknowledged)
    st.metrics.writes_acknowledged->Increment(static_cast<double>(acked));
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto& res = results[i];
    if (res.ok())
      batch[i].deliver(store::to_ack(std::move(res.value())));
    else
      batch[i].deliver(make_error(res.error()));
  }
  idle_step(self);
}

caf::result<write_ack> enqueue(self_ptr self, sqlite::write_op op) {
  auto& st = self->state;
  auto waiting = st.pending.size() + self->mailbox().size();
  if (waiting >= st.options.max_pending) {
    carry_out(self, st.window.other_message());
    return make_error(errc::unavailable, "store overloaded: " + std::to_string(waiting) +
                                             " writes waiting (limit " +
                                             std::to_string(st.options.max_pending) + ")");
  }
  auto rp = self->make_response_promise<write_ack>();
  st.db->stage(std::move(op));
  st.pending.push_back(rp);
  if (st.metrics.writes_waiting)
    st.metrics.writes_waiting->Set(static_cast<double>(st.pending.size()));
  carry_out(self, st.window.staged(clock::now(), self->mailbox().size()));
  return rp;
}

// Reads see committed data only (never a write that could still be lost): a staged
// group commits, and its writers hear back, before the read runs.
sqlite::document_store& committed(self_ptr self) {
  self->state.window.not_a_write();
  commit(self);
  return *self->state.db;
}

template <class T>
caf::result<T> reply(result<T> r) {
  if (!r) return make_error(r.error());
  return std::move(r.value());
}

store_actor::behavior_type store_impl(self_ptr self, std::shared_ptr<sqlite::document_store> db,
                                      store_actor_options options, store_metrics metrics) {
  self->state.db = std::move(db);
  self->state.options = std::move(options);
  self->state.window =
      store::group_commit(self->state.options.max_batch, self->state.options.max_delay);
  self->state.metrics = metrics;
  self->set_default_handler(drop_stray_message);
  // A supervisor's exit (user_shutdown) or a link: commit what is queued, then go.
  self->set_exit_handler([self](caf::exit_msg& msg) {
    commit(self);
    self->quit(std::move(msg.reason));
  });
  using namespace store;
  return {
      [self](create_atom, create_document_cmd& c) {
        return enqueue(self, to_write_op(std::move(c)));
      },
      [self](update_atom, update_document_cmd& c) {
        return enqueue(self, to_write_op(std::move(c)));
      },
      [self](update_atom, update_document_cmd& c, content_digest& digest) {
        return enqueue(self, to_write_op(std::move(c), std::move(digest)));
      },
      [self](rename_atom, rename_document_cmd& c) {
        return enqueue(self, to_write_op(std::move(c)));
      },
      [self](move_atom, move_document_cmd& c) { return enqueue(self, to_write_op(std::move(c))); },
      [self](delete_atom, delete_document_cmd& c) {
        return enqueue(self, to_delete_op(std::move(c)));
      },
      [self](undelete_atom, delete_document_cmd& c) {
        return enqueue(self, to_undelete_op(std::move(c)));
      },
      [self](purge_atom, delete_document_cmd& c) {
        return enqueue(self, to_purge_op(std::move(c)));
      },
      [self](restore_atom, restore_cmd& c) { return enqueue(self, to_write_op(std::move(c))); },
      [self](replace_atom, find_replace_cmd& c) {
        return enqueue(self, to_write_op(std::move(c)));
      },
      [self](project_atom, create_atom, create_project_cmd& c) {
        return enqueue(self, to_write_op(std::move(c)));
      },
      [self](get_atom, const std::string& id, bool include_deleted) {
        return reply(committed(self).get(id, include_deleted));
      },
      [self](list_atom, const list_query& q) { return reply(committed(self).list(q)); },
      [self](history_atom, const history_query& q) {
        return reply(committed(self).history(q.id, q.offset, q.limit));
      },
      [self](search_atom, const std::string& query, uint32_t limit) {
        return reply(committed(self).search(query, limit));
      },
      [self](project_atom, get_atom, const std::string& id) {
        return reply(committed(self).get_project(id));
      },
      [self](project_atom, list_atom) { return reply(committed(self).list_projects()); },
      [self](flush_atom) {
        carry_out(self, self->state.window.flushed(clock::now(), self->mailbox().size()));
      },
      [self](phase_atom, shutdown_phase, caf::timespan) {
        // Flush phase: everything queued is committed (and answered) before the ack.
        commit(self);
        return true;
      },
      [self](mailbox_atom) {
        carry_out(self, self->state.window.other_message());
        return static_cast<uint64_t>(self->mailbox().size());
      },
  };
}

}  // namespace

namespace {
std::atomic<uint64_t> registered_stores{0};
}  // namespace

uint64_t store_generation() noexcept {
  return registered_stores.load(std::memory_order_acquire);
}

store_metrics store_metrics::from(metrics_registry& registry) {
  static const std::vector<double> batch_buckets{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};
  store_metrics m;
  m.batch_size = &registry.histogram("writemagic_store_batch_size",
                                     "writes committed per store transaction", batch_buckets);
  m.commit_seconds = &registry.histogram(
      "writemagic_store_commit_duration_seconds",
      "time to commit one store transaction (its writes were applied as they arrived)",
      fast_latency_buckets());
  m.writes_acknowledged = &registry.counter("writemagic_store_writes_acknowledged_total",
                                            "writes acknowledged after their commit");
  m.writes_waiting =
      &registry.gauge("writemagic_store_writes_waiting", "writes queued for the next group commit");
  return m;
}

result<store_actor> spawn_store_actor(caf::actor_system& sys, store_actor_options options,
                                      store_metrics metrics) {
  if (options.max_batch == 0) options.max_batch = 1;
  std::error_code ec;
  auto dir = std::filesystem::path(options.path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec)
    return failure{errc::unavailable,
                   "cannot create data directory " + dir.string() + ": " + ec.message()};
  auto opened = sqlite::document_store::open(options.path, options.store);
  if (!opened) return std::move(opened).error();
  std::shared_ptr<sqlite::document_store> db = std::move(opened.value());
  auto handle = sys.spawn<caf::detached>(store_impl, std::move(db), std::move(options), metrics);
  // put() keeps an existing entry: erase the previous incarnation's first.
  sys.registry().erase(services::store);
  sys.registry().put(services::store, caf::actor_cast<caf::strong_actor_ptr>(handle));
  registered_stores.fetch_add(1, std::memory_order_release);  // after put: see store_of
  if (auto coord =
          caf::actor_cast<shutdown_coordinator_actor>(sys.registry().get(services::shutdown)))
    caf::anon_send(coord, subscribe_atom::value, shutdown_phase::flush, std::string{"store"},
                   caf::actor_cast<shutdown_subscriber_actor>(handle));
  if (auto m = caf::actor_cast<metrics_actor>(sys.registry().get(services::metrics)))
    caf::anon_send(m, mailbox_atom::value, std::string{"store"},
                   caf::actor_cast<mailbox_probe_actor>(handle));
  return handle;
}

}  // namespace wm
