#include "actors/shutdown/shutdown_coordinator.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <memory>

#include "actors/common/stray_messages.hpp"
#include "runtime/logging/log.hpp"

namespace wm {

namespace {

using clock = std::chrono::steady_clock;

struct subscriber {
  std::string name;
  shutdown_phase phase;
  shutdown_subscriber_actor handle;
};

struct coordinator_state {
  std::vector<subscriber> subscribers;
  bool shutting_down = false;
  bool finished = false;
  std::vector<caf::typed_response_promise<shutdown_report>> waiters;
  shutdown_report report;
  clock::time_point started;
  static inline const char* name = "wm.shutdown_coordinator";
};

using self_ptr = shutdown_coordinator_actor::stateful_pointer<coordinator_state>;

int64_t ms_since(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - t).count();
}

void finish(self_ptr self) {
  auto& st = self->state;
  st.finished = true;
  st.report.total_ms = ms_since(st.started);
  log::info("", "shutdown finished in {} ms ({})", st.report.total_ms,
            st.report.clean ? "clean" : "some subscribers were cut");
  for (auto& rp : st.waiters) rp.deliver(st.report);
  st.waiters.clear();
}

void run_phase(self_ptr self, size_t phase_index, std::chrono::milliseconds deadline) {
  if (phase_index >= std::size(all_shutdown_phases)) {
    finish(self);
    return;
  }
  auto phase = all_shutdown_phases[phase_index];
  std::vector<subscriber> members;
  for (auto& s : self->state.subscribers)
    if (s.phase == phase) members.push_back(s);
  if (members.empty()) {
    run_phase(self, phase_index + 1, deadline);
    return;
  }
  log::info("", "shutdown phase {}: {} subscriber(s), deadline {} ms", to_string(phase),
            members.size(), deadline.count());
  auto pending = std::make_shared<size_t>(members.size());
  auto phase_start = clock::now();
  for (auto& member : members) {
    auto record = [self, pending, phase_index, deadline, phase, phase_start,
                   name = member.name](shutdown_outcome outcome) {
      self->state.report.steps.push_back({name, phase, outcome, ms_since(phase_start)});
      if (outcome == shutdown_outcome::cut) self->state.report.clean = false;
      if (--*pending == 0) run_phase(self, phase_index + 1, deadline);
    };
    // The subscriber is told the phase's deadline so it can cut its own work in time.
    self->request(member.handle, deadline, phase_atom::value, phase, caf::timespan{deadline})
        .then([record](bool) { record(shutdown_outcome::acked); },
              [self, record, member](caf::error& err) {
                if (err == caf::sec::request_timeout) {
                  log::warn("", "shutdown: {} missed its {} deadline; killing it", member.name,
                            to_string(member.phase));
                  self->send_exit(member.handle, caf::exit_reason::kill);
                  record(shutdown_outcome::cut);
                } else {
                  record(shutdown_outcome::already_down);
                }
              });
  }
}

shutdown_coordinator_actor::behavior_type coordinator_impl(self_ptr self) {
  self->set_default_handler(drop_stray_message);
  self->set_down_handler([self](caf::down_msg& msg) {
    if (self->state.shutting_down) return;  // the report still names them
    auto& subs = self->state.subscribers;
    subs.erase(
        std::remove_if(subs.begin(), subs.end(),
                       [&](const subscriber& s) { return s.handle.address() == msg.source; }),
        subs.end());
  });
  return {
      [self](subscribe_atom, shutdown_phase phase, std::string name,
             shutdown_subscriber_actor handle) {
        if (!handle) return;
        self->monitor(handle);
        self->state.subscribers.push_back({std::move(name), phase, std::move(handle)});
      },
      [self](shutdown_atom, int64_t phase_deadline_ms) -> caf::result<shutdown_report> {
        auto& st = self->state;
        if (st.finished) return st.report;
        auto rp = self->make_response_promise<shutdown_report>();
        st.waiters.push_back(rp);
        if (!st.shutting_down) {
          st.shutting_down = true;
          st.started = clock::now();
          log::info("", "shutdown started with {} subscriber(s)", st.subscribers.size());
          run_phase(self, 0, std::chrono::milliseconds{std::max<int64_t>(phase_deadline_ms, 1)});
        }
        return rp;
      },
      [self](status_atom) { return self->state.shutting_down; },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

}  // namespace

shutdown_coordinator_actor spawn_shutdown_coordinator(caf::actor_system& sys) {
  return sys.spawn(coordinator_impl);
}

}  // namespace wm
