#include "actors/metrics/metrics_actor.hpp"

#include <caf/all.hpp>

#include "actors/common/stray_messages.hpp"
#include "adapters/prometheus/heap_stats.hpp"
#include "adapters/prometheus/json_export.hpp"
#include "adapters/prometheus/metrics_registry.hpp"

namespace wm {

namespace {

struct probe {
  std::string name;
  mailbox_probe_actor handle;
};

struct metrics_state {
  std::shared_ptr<metrics_registry> registry;
  std::chrono::milliseconds interval{1000};
  std::vector<probe> probes;           // registered by message
  std::vector<sampled_service> named;  // looked up per tick
  prometheus::Gauge* actors_alive = nullptr;
  prometheus::Gauge* scheduler_threads = nullptr;
  prometheus::Gauge* heap_allocated = nullptr;
  prometheus::Gauge* heap_size = nullptr;
  prometheus::Gauge* heap_free = nullptr;
  prometheus::Gauge* heap_unmapped = nullptr;
  static inline const char* name = "wm.metrics";
};

using self_ptr = metrics_actor::stateful_pointer<metrics_state>;

// Values that are cheap to read right now: refreshed before every scrape.
void refresh_runtime_gauges(self_ptr self) {
  auto& st = self->state;
  st.actors_alive->Set(static_cast<double>(self->system().registry().running()));
  st.scheduler_threads->Set(static_cast<double>(self->system().scheduler().num_workers()));
  if (auto heap = read_heap_stats()) {
    st.heap_allocated->Set(static_cast<double>(heap->allocated_bytes));
    st.heap_size->Set(static_cast<double>(heap->heap_size_bytes));
    st.heap_free->Set(static_cast<double>(heap->free_bytes));
    st.heap_unmapped->Set(static_cast<double>(heap->unmapped_bytes));
  }
}

void init_gauges(self_ptr self) {
  auto& st = self->state;
  auto& r = *st.registry;
  st.actors_alive = &r.gauge("writemagic_actors_alive", "Actors running in the actor system");
  st.scheduler_threads =
      &r.gauge("writemagic_scheduler_threads", "Worker threads of the CAF scheduler");
  st.heap_allocated =
      &r.gauge("writemagic_heap_allocated_bytes", "tcmalloc: bytes in use by the application");
  st.heap_size =
      &r.gauge("writemagic_heap_size_bytes", "tcmalloc: bytes of system memory reserved");
  st.heap_free = &r.gauge("writemagic_heap_free_bytes", "tcmalloc: free bytes in the page heap");
  st.heap_unmapped =
      &r.gauge("writemagic_heap_unmapped_bytes", "tcmalloc: bytes released to the OS");
}

prometheus::Gauge* backlog_gauge(self_ptr self, const std::string& label) {
  return &self->state.registry->gauge("writemagic_mailbox_backlog",
                                      "Messages waiting in a service actor's mailbox",
                                      {{"actor", label}});
}

// The gauge appears with the first answer: a service that never answered has none.
void sample_backlog(self_ptr self, const mailbox_probe_actor& target, const std::string& label) {
  self->request(target, self->state.interval, mailbox_atom::value)
      .then([self, label](uint64_t n) { backlog_gauge(self, label)->Set(static_cast<double>(n)); },
            [](caf::error&) { /* the probe died or is too busy; the next tick retries */ });
}

metrics_actor::behavior_type metrics_impl(self_ptr self, std::shared_ptr<metrics_registry> registry,
                                          std::chrono::milliseconds interval,
                                          std::vector<sampled_service> services) {
  self->state.registry = std::move(registry);
  self->state.interval = interval;
  init_gauges(self);
  self->state.named = std::move(services);
  self->set_default_handler(drop_stray_message);
  self->set_down_handler([self](caf::down_msg& msg) {
    auto& probes = self->state.probes;
    for (auto& p : probes)
      if (p.handle.address() == msg.source) backlog_gauge(self, p.name)->Set(0);
    probes.erase(std::remove_if(probes.begin(), probes.end(),
                                [&](const probe& p) { return p.handle.address() == msg.source; }),
                 probes.end());
  });
  if (interval.count() > 0) self->send(self, sample_atom::value);
  return {
      [self](scrape_atom) {
        refresh_runtime_gauges(self);
        return self->state.registry->scrape_text();
      },
      [self](scrape_json_atom) {
        refresh_runtime_gauges(self);
        return metrics_to_json(self->state.registry->collect());
      },
      [self](sample_atom) {
        refresh_runtime_gauges(self);
        for (auto& p : self->state.probes) sample_backlog(self, p.handle, p.name);
        for (const auto& svc : self->state.named) {
          auto target =
              caf::actor_cast<mailbox_probe_actor>(self->system().registry().get(svc.name));
          if (target) sample_backlog(self, target, svc.label);
        }
        self->delayed_send(self, self->state.interval, sample_atom::value);
      },
      [self](mailbox_atom, std::string name, mailbox_probe_actor handle) {
        if (!handle) return;
        self->monitor(handle);
        self->state.probes.push_back({std::move(name), std::move(handle)});
      },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

}  // namespace

metrics_actor spawn_metrics_actor(caf::actor_system& sys,
                                  std::shared_ptr<metrics_registry> registry,
                                  std::chrono::milliseconds sample_interval,
                                  std::vector<sampled_service> services) {
  return sys.spawn(metrics_impl, std::move(registry), sample_interval, std::move(services));
}

}  // namespace wm
