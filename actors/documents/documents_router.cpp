#include "actors/documents/documents_router.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <list>
#include <unordered_map>
#include <utility>

#include "actors/common/stray_messages.hpp"
#include "actors/documents/export_job.hpp"
#include "actors/documents/import_job.hpp"
#include "actors/documents/text/utf8.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"

namespace wm {

namespace {

using clock = std::chrono::steady_clock;

struct open_entry {
  document_actor handle;
  std::list<std::string>::iterator lru;
  clock::time_point last_used;
};

struct router_state {
  std::unordered_map<std::string, open_entry> open;
  std::unordered_map<caf::actor_id, std::string> by_actor;
  std::list<std::string> lru;  // front: most recently used (so last_used falls along it)
  // One idle sweep timer for all open documents. A timer per document would stay in
  // CAF's clock (it cannot be cancelled) for idle_passivation after the document was
  // evicted by max_open: ~0.3 KB per new document under sustained creation.
  bool sweep_armed = false;
  documents_router_options options;
  documents_metrics metrics;
  sqlite::uuid_generator uuids;
  static inline const char* name = "wm.documents";

  router_state() = default;
  router_state(const router_state&) = delete;
  router_state& operator=(const router_state&) = delete;
  // However the router ends, its document actors end with it: pending request timeouts
  // would otherwise keep them (and ~actor_system) alive until they fire.
  ~router_state() {
    for (auto& [id, e] : open) caf::anon_send_exit(e.handle, caf::exit_reason::user_shutdown);
  }
};

using self_ptr = documents_actor::stateful_pointer<router_state>;

void update_gauge(self_ptr self) {
  if (auto* g = self->state.metrics.open_documents)
    g->Set(static_cast<double>(self->state.open.size()));
}

// Arms the sweep for when the least recently used document turns idle.
void arm_sweep(self_ptr self) {
  auto& st = self->state;
  if (st.sweep_armed || st.lru.empty()) return;
  auto tail = st.open.find(st.lru.back());
  if (tail == st.open.end()) return;
  auto idle = clock::now() - tail->second.last_used;
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::max(clock::duration(st.options.idle_passivation - idle),
               clock::duration(std::chrono::milliseconds(1))));
  st.sweep_armed = true;
  self->delayed_send(self, delay, passivate_atom::value, std::string{}, uint64_t{0});
}

void forget(self_ptr self, std::unordered_map<std::string, open_entry>::iterator it) {
  auto& st = self->state;
  st.by_actor.erase(it->second.handle.id());
  st.lru.erase(it->second.lru);
  st.open.erase(it);
  update_gauge(self);
}

// The document actor finishes what is in its mailbox (its edits are all acknowledged
// by then), then stops; a later request spawns a fresh one.
void passivate(self_ptr self, std::unordered_map<std::string, open_entry>::iterator it) {
  self->demonitor(it->second.handle.address());
  self->send(it->second.handle, passivate_atom::value);
  if (auto* c = self->state.metrics.passivations) c->Increment();
  forget(self, it);
}

document_actor activate(self_ptr self, const std::string& id, bool fresh) {
  auto& st = self->state;
  while (st.open.size() >= st.options.max_open && !st.lru.empty())
    passivate(self, st.open.find(st.lru.back()));
  document_actor_options opts;
  opts.max_content_bytes = st.options.max_content_bytes;
  opts.conflicts = st.metrics.conflicts;
  auto handle = spawn_document_actor(self->system(), id, fresh, opts);
  self->monitor(handle);
  st.lru.push_front(id);
  auto& e = st.open[id];
  e.handle = handle;
  e.lru = st.lru.begin();
  e.last_used = clock::now();
  st.by_actor.emplace(handle.id(), id);
  arm_sweep(self);
  update_gauge(self);
  return handle;
}

caf::error bad_id(const std::string& id) {
  return make_error(errc::invalid_input, "'" + id + "' is not a document id (a UUID)");
}

// The actor of a document, activated if needed; marks it most recently used.
std::optional<document_actor> route(self_ptr self, const std::string& raw_id, caf::error& err) {
  auto id = sqlite::normalize_uuid(raw_id);
  if (!id) {
    err = bad_id(raw_id);
    return std::nullopt;
  }
  auto& st = self->state;
  auto it = st.open.find(*id);
  if (it == st.open.end()) return activate(self, *id, false);
  it->second.last_used = clock::now();
  st.lru.splice(st.lru.begin(), st.lru, it->second.lru);
  return it->second.handle;
}

store_actor store_of(self_ptr self) {
  return caf::actor_cast<store_actor>(self->system().registry().get(services::store));
}

caf::error store_down() {
  return make_error(errc::unavailable, "store not running");
}

// Forwards a request about one document to its actor; the reply goes straight back.
template <class R, class Atom, class Cmd>
caf::result<R> forward(self_ptr self, Atom atom, Cmd&& cmd, const std::string& id) {
  caf::error err;
  auto handle = route(self, id, err);
  if (!handle) return err;
  return self->delegate(*handle, atom, std::forward<Cmd>(cmd));
}

}  // namespace

documents_metrics documents_metrics::from(metrics_registry& registry) {
  documents_metrics m;
  m.open_documents =
      &registry.gauge("writemagic_documents_open", "document actors currently open (activated)");
  m.passivations = &registry.counter("writemagic_document_passivations_total",
                                     "document actors stopped after idling or beyond max_open");
  m.conflicts = &registry.counter("writemagic_document_conflicts_total",
                                  "writes refused because they were based on a stale version");
  return m;
}

namespace {

documents_actor::behavior_type router_impl(self_ptr self, documents_router_options options,
                                           documents_metrics metrics) {
  self->state.options = options;
  if (self->state.options.max_open == 0) self->state.options.max_open = 1;
  self->state.metrics = metrics;
  update_gauge(self);
  self->set_default_handler(drop_stray_message);
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& st = self->state;
    auto who = st.by_actor.find(msg.source.id());
    if (who == st.by_actor.end()) return;
    auto it = st.open.find(who->second);
    if (it != st.open.end() && it->second.handle.address() == msg.source)
      forget(self, it);
    else
      st.by_actor.erase(who);
  });
  return {
      [self](create_atom a, create_document_cmd& cmd) -> caf::result<document> {
        auto& st = self->state;
        bool fresh = cmd.id.empty();
        if (fresh) {
          cmd.id = st.uuids.next();
        } else {
          auto id = sqlite::normalize_uuid(cmd.id);
          if (!id) return bad_id(cmd.id);
          cmd.id = *id;
        }
        auto it = st.open.find(cmd.id);
        if (it != st.open.end()) {
          auto handle = it->second.handle;
          return self->delegate(handle, a, std::move(cmd));
        }
        auto handle = activate(self, cmd.id, fresh);
        return self->delegate(handle, a, std::move(cmd));
      },
      [self](get_atom a, std::string& id) -> caf::result<document> {
        auto key = id;
        return forward<document>(self, a, std::move(id), key);
      },
      [self](update_atom a, update_document_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](patch_atom a, patch_document_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](rename_atom a, rename_document_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](move_atom a, move_document_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](delete_atom a, delete_document_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](undelete_atom a, delete_document_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](purge_atom a, delete_document_cmd& cmd) -> caf::result<bool> {
        auto key = cmd.id;
        return forward<bool>(self, a, std::move(cmd), key);
      },
      [self](restore_atom a, restore_cmd& cmd) -> caf::result<document> {
        auto key = cmd.id;
        return forward<document>(self, a, std::move(cmd), key);
      },
      [self](replace_atom a, find_replace_cmd& cmd) -> caf::result<find_replace_result> {
        auto key = cmd.id;
        return forward<find_replace_result>(self, a, std::move(cmd), key);
      },
      [self](stats_atom a, std::string& id) -> caf::result<text_stats> {
        auto key = id;
        return forward<text_stats>(self, a, std::move(id), key);
      },
      [self](list_atom a, list_query& q) -> caf::result<document_page> {
        auto store = store_of(self);
        if (!store) return store_down();
        return self->delegate(store, a, std::move(q));
      },
      [self](history_atom a, history_query& q) -> caf::result<std::vector<revision>> {
        auto store = store_of(self);
        if (!store) return store_down();
        return self->delegate(store, a, std::move(q));
      },
      [self](search_atom a, std::string& query,
             uint32_t limit) -> caf::result<std::vector<search_hit>> {
        if (auto st = text::validate_utf8(query); !st)
          return make_error(errc::invalid_input, "query: " + st.error().message);
        auto store = store_of(self);
        if (!store) return store_down();
        return self->delegate(store, a, std::move(query), limit);
      },
      [self](project_atom p, create_atom c, create_project_cmd& cmd) -> caf::result<project> {
        if (auto st = text::validate_utf8(cmd.name); !st)
          return make_error(errc::invalid_input, "name: " + st.error().message);
        if (auto st = text::validate_utf8(cmd.description); !st)
          return make_error(errc::invalid_input, "description: " + st.error().message);
        auto store = store_of(self);
        if (!store) return store_down();
        auto rp = self->make_response_promise<project>();
        auto timeout = self->state.options.store_timeout;
        self->request(store, timeout, p, c, std::move(cmd))
            .then(
                [self, rp, store, timeout](write_ack& ack) mutable {
                  self->request(store, timeout, project_atom::value, get_atom::value, ack.id)
                      .then([rp](project& x) mutable { rp.deliver(std::move(x)); },
                            [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self](project_atom p, get_atom g, std::string& id) -> caf::result<project> {
        auto store = store_of(self);
        if (!store) return store_down();
        return self->delegate(store, p, g, std::move(id));
      },
      [self](project_atom p, list_atom l) -> caf::result<std::vector<project>> {
        auto store = store_of(self);
        if (!store) return store_down();
        return self->delegate(store, p, l);
      },
      [self](import_atom a, std::string& folder,
             progress_listener_actor& listener) -> caf::result<import_report> {
        import_job_options opts;
        opts.documents = caf::actor_cast<documents_actor>(self);
        opts.max_content_bytes = self->state.options.max_content_bytes;
        opts.window = self->state.options.import_window;
        opts.timeout = self->state.options.store_timeout;
        auto job = spawn_import_job(self->system(), std::move(opts));
        return self->delegate(job, a, std::move(folder), std::move(listener));
      },
      [self](export_atom a, std::string& folder,
             progress_listener_actor& listener) -> caf::result<export_report> {
        auto job = spawn_export_job(self->system(), self->state.options.store_timeout);
        return self->delegate(job, a, std::move(folder), std::move(listener));
      },
      [self](open_atom, const std::string& id) -> caf::result<caf::actor> {
        caf::error err;
        auto handle = route(self, id, err);
        if (!handle) return err;
        return caf::actor_cast<caf::actor>(*handle);
      },
      // The idle sweep (empty id): passivates from the least recently used end while
      // documents are idle, then re-arms for the next one.
      [self](passivate_atom, const std::string& id, uint64_t) {
        auto& st = self->state;
        if (!id.empty()) return;
        st.sweep_armed = false;
        auto now = clock::now();
        while (!st.lru.empty()) {
          auto it = st.open.find(st.lru.back());
          if (it == st.open.end() || now - it->second.last_used < st.options.idle_passivation)
            break;
          passivate(self, it);
        }
        arm_sweep(self);
      },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

}  // namespace

documents_actor spawn_documents_router(caf::actor_system& sys, documents_router_options options,
                                       documents_metrics metrics) {
  auto handle = sys.spawn(router_impl, options, metrics);
  sys.registry().erase(options.registry_name);
  sys.registry().put(options.registry_name, caf::actor_cast<caf::strong_actor_ptr>(handle));
  if (auto m = caf::actor_cast<metrics_actor>(sys.registry().get(services::metrics)))
    caf::anon_send(m, mailbox_atom::value, std::string{"documents"},
                   caf::actor_cast<mailbox_probe_actor>(handle));
  return handle;
}

}  // namespace wm
