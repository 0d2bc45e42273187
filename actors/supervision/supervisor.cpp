#include "actors/supervision/supervisor.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "actors/common/stray_messages.hpp"
#include "actors/supervision/restart_intensity.hpp"
#include "actors/supervision/restart_plan.hpp"
#include "actors/supervision/stop_sequence.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/caf_error.hpp"
#include "runtime/logging/log.hpp"

namespace wm {

namespace {

struct child_slot {
  child_spec spec;
  caf::actor handle;  // strong handle: keeps the child alive (an actor_addr would not)
  child_info info;
  prometheus::Counter* restarts_counter = nullptr;
};

struct supervisor_state {
  supervisor_spec spec;
  std::vector<child_slot> children;
  std::unordered_set<caf::actor_addr> retired;  // stopped by us; their exit is expected
  std::unique_ptr<restart_intensity> intensity;
  // Addresses of the running children, shared with the functor that stops them if the
  // supervisor dies without running its own stop path (e.g. killed).
  std::shared_ptr<std::vector<caf::actor_addr>> live =
      std::make_shared<std::vector<caf::actor_addr>>();
  // Stops and restarts in OTP order (see stop_sequence); the supervisor quits with
  // stop_reason once its last child is down, so whoever waits for it waits for its tree.
  std::optional<stop_sequence> sequence;
  caf::error stop_reason;
  caf::actor_addr awaiting;   // the child being stopped
  uint64_t awaiting_tag = 0;  // tags its shutdown timer: delayed_send cannot be cancelled
  static inline const char* name = "wm.supervisor";
};

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

bool is_abnormal(const caf::error& reason) {
  return reason && reason != caf::exit_reason::normal;
}

bool start_child(self_ptr self, child_slot& slot) {
  caf::actor child;
  try {
    child = slot.spec.start(self->system());
  } catch (const std::exception& e) {
    slot.info.last_exit = std::string{"start failed: "} + e.what();
  }
  if (!child) {
    slot.info.state = child_state::failed;
    if (slot.info.last_exit.empty()) slot.info.last_exit = "start returned no actor";
    return false;
  }
  // Monitor, not link: a child killed with exit_reason::kill would take a linked
  // supervisor down with it (CAF cannot trap kill).
  self->monitor(child);
  self->state.live->push_back(child.address());
  slot.handle = child;
  slot.info.state = child_state::running;
  slot.info.actor_id = child.id();
  return true;
}

// The slot's actor is gone (or on its way out): it no longer counts as running.
void vacate(self_ptr self, child_slot& slot, child_state state) {
  auto& live = *self->state.live;
  live.erase(std::remove(live.begin(), live.end(), slot.handle.address()), live.end());
  slot.handle = nullptr;
  slot.info.state = state;
  slot.info.actor_id = 0;
}

void stop_child(self_ptr self, child_slot& slot, const caf::error& reason) {
  if (!slot.handle) return;
  self->state.retired.insert(slot.handle.address());
  self->send_exit(slot.handle, reason);
  vacate(self, slot, child_state::stopped);
}

void escalate(self_ptr self, const std::string& why);

// Starts the children of a restart's start step, in order; the first that fails escalates.
void restart_children(self_ptr self, const std::vector<size_t>& targets) {
  auto& st = self->state;
  for (size_t k = 0; k < targets.size(); ++k) {
    auto& target = st.children[targets[k]];
    ++target.info.restarts;
    if (target.restarts_counter) target.restarts_counter->Increment();
    if (!start_child(self, target)) {
      for (size_t rest = k; rest < targets.size(); ++rest) st.sequence->ended(targets[rest]);
      escalate(self, "child " + target.spec.name + " failed to restart: " + target.info.last_exit);
      return;
    }
  }
}

// Carries out the sequence's steps until it has to wait for a child to go down.
void advance(self_ptr self) {
  auto& st = self->state;
  for (;;) {
    auto step = st.sequence->next();
    switch (step.what) {
      case stop_step::kind::wait:
        return;
      case stop_step::kind::stop: {
        auto& slot = st.children[step.child];
        st.awaiting = slot.handle.address();
        stop_child(self, slot, caf::exit_reason::user_shutdown);
        // A nested supervisor bounds its own children's stops, so it gets no timer.
        if (!slot.spec.is_supervisor)
          self->delayed_send(self, slot.spec.shutdown, deadline_atom::value, ++st.awaiting_tag);
        return;
      }
      case stop_step::kind::start:
        restart_children(self, step.children);
        break;
      case stop_step::kind::quit:
        self->quit(std::move(st.stop_reason));
        return;
    }
  }
}

void stop_all_and_quit(self_ptr self, caf::error reason) {
  auto& st = self->state;
  if (st.sequence->quitting()) return;  // already on its way out
  st.stop_reason = std::move(reason);
  st.sequence->quit();
  advance(self);
}

// Past its shutdown time a child is killed and given as long again to go down (a kill is
// handled when the actor next runs); after that the supervisor goes on without it.
void on_shutdown_timeout(self_ptr self, uint64_t tag) {
  auto& st = self->state;
  auto index = st.sequence->awaiting();
  if (!index || tag != st.awaiting_tag) return;  // that child went down in time
  const auto& slot = st.children[*index];
  if (st.sequence->shutdown_timed_out()) {
    log::warn("", "supervisor {}: child {} did not stop within {} ms, killing it", st.spec.name,
              slot.spec.name, slot.spec.shutdown.count());
    caf::anon_send_exit(st.awaiting, caf::exit_reason::kill);
    self->delayed_send(self, slot.spec.shutdown, deadline_atom::value, ++st.awaiting_tag);
    return;
  }
  log::error("", "supervisor {}: child {} is still running after a kill, going on without it",
             st.spec.name, slot.spec.name);
  st.retired.erase(st.awaiting);
  st.awaiting = nullptr;
  advance(self);
}

void escalate(self_ptr self, const std::string& why) {
  log::error("", "supervisor {} gives up: {}", self->state.spec.name, why);
  stop_all_and_quit(
      self, make_error(errc::internal, "supervisor " + self->state.spec.name + " gave up: " + why));
}

void handle_child_exit(self_ptr self, size_t index, const caf::error& reason) {
  auto& st = self->state;
  auto& slot = st.children[index];
  bool abnormal = is_abnormal(reason);
  vacate(self, slot, abnormal ? child_state::failed : child_state::stopped);
  slot.info.last_exit = to_string(reason);
  std::vector<restart_policy> policies;
  for (auto& c : st.children) policies.push_back(c.spec.restart);
  auto plan = plan_restart(st.spec.strategy, policies, index, abnormal);
  if (plan.to_start.empty()) {
    log::info("", "supervisor {}: child {} exited ({}), not restarted", st.spec.name,
              slot.spec.name, slot.info.last_exit);
    return;
  }
  if (!st.intensity->record(restart_intensity::clock::now())) {
    escalate(self, "child " + slot.spec.name + " exceeded " +
                       std::to_string(st.intensity->max_restarts()) + " restarts in " +
                       std::to_string(st.intensity->window().count()) + " ms");
    return;
  }
  log::warn("", "supervisor {}: child {} exited ({}), restarting ({})", st.spec.name,
            slot.spec.name, slot.info.last_exit, to_string(st.spec.strategy));
  // Siblings are stopped (one at a time, waiting for each) before anything starts again; a
  // second exit while that runs adds its own plan to the same restart.
  st.sequence->restart(plan);
  advance(self);
}

void on_child_down(self_ptr self, caf::down_msg& msg) {
  auto& st = self->state;
  if (st.retired.erase(msg.source) > 0) {  // a child we stopped on purpose
    if (st.awaiting && msg.source == st.awaiting) {
      st.sequence->stopped(*st.sequence->awaiting());
      st.awaiting = nullptr;
      advance(self);
    }
    return;
  }
  for (size_t i = 0; i < st.children.size(); ++i) {
    auto& slot = st.children[i];
    if (slot.handle && slot.handle.address() == msg.source) {
      st.sequence->ended(i);
      if (!st.sequence->quitting()) {
        handle_child_exit(self, i, msg.reason);
      } else {  // ended on its own while its siblings stop: nothing left to wait for
        vacate(self, slot, child_state::stopped);
      }
      return;
    }
  }
}

void list_children(self_ptr self, caf::typed_response_promise<std::vector<child_info>> rp) {
  struct collector {
    std::vector<child_info> result;
    size_t pending = 0;
    caf::typed_response_promise<std::vector<child_info>> rp;
  };
  auto acc = std::make_shared<collector>();
  acc->rp = std::move(rp);
  for (auto& slot : self->state.children) acc->result.push_back(slot.info);
  for (size_t i = 0; i < self->state.children.size(); ++i) {
    auto& slot = self->state.children[i];
    if (slot.spec.is_supervisor && slot.handle) {
      ++acc->pending;
      auto done = [acc, i](std::vector<child_info> kids) {
        acc->result[i].children = std::move(kids);
        if (--acc->pending == 0) acc->rp.deliver(std::move(acc->result));
      };
      self->request(caf::actor_cast<supervisor_actor>(slot.handle), std::chrono::seconds(5),
                    list_children_atom::value)
          .then(done, [done](caf::error&) { done({}); });
    }
  }
  if (acc->pending == 0) acc->rp.deliver(std::move(acc->result));
}

supervisor_actor::behavior_type supervisor_impl(self_ptr self, supervisor_spec spec) {
  auto& st = self->state;
  st.intensity = std::make_unique<restart_intensity>(spec.max_restarts, spec.window);
  for (auto& child : spec.children) {
    child_slot slot;
    slot.info.name = child.name;
    slot.info.is_supervisor = child.is_supervisor;
    if (spec.metrics)
      slot.restarts_counter = &spec.metrics->counter(
          "writemagic_supervisor_restarts_total", "Child restarts performed by a supervisor",
          {{"supervisor", spec.name}, {"child", child.name}});
    slot.spec = std::move(child);
    st.children.push_back(std::move(slot));
  }
  spec.children.clear();
  st.spec = std::move(spec);
  st.sequence.emplace(st.children.size());
  self->set_default_handler(drop_stray_message);
  self->set_down_handler([self](caf::down_msg& msg) { on_child_down(self, msg); });
  // An exit message comes from our parent (or the runtime): stop the children first.
  self->set_exit_handler(
      [self](caf::exit_msg& msg) { stop_all_and_quit(self, std::move(msg.reason)); });
  self->attach_functor([live = st.live] {
    for (auto& addr : *live) caf::anon_send_exit(addr, caf::exit_reason::user_shutdown);
  });
  for (size_t i = 0; i < st.children.size(); ++i) {
    auto& slot = st.children[i];
    if (!start_child(self, slot)) {
      escalate(self, "child " + slot.spec.name + " failed to start: " + slot.info.last_exit);
      break;
    }
    st.sequence->started(i);
  }
  return {
      [self](list_children_atom) -> caf::result<std::vector<child_info>> {
        auto rp = self->make_response_promise<std::vector<child_info>>();
        list_children(self, rp);
        return rp;
      },
      [self](deadline_atom, uint64_t tag) { on_shutdown_timeout(self, tag); },
  };
}

}  // namespace

supervisor_actor spawn_supervisor(caf::actor_system& sys, supervisor_spec spec) {
  return sys.spawn(supervisor_impl, std::move(spec));
}

std::chrono::milliseconds stop_bound(const supervisor_spec& spec) {
  std::chrono::milliseconds total{0};
  for (const auto& child : spec.children)
    total += child.is_supervisor ? child.shutdown : 2 * child.shutdown;
  return total;
}

child_spec supervisor_child(supervisor_spec spec, restart_policy restart) {
  child_spec child;
  child.name = spec.name;
  child.restart = restart;
  child.is_supervisor = true;
  child.shutdown = stop_bound(spec);
  child.start = [spec = std::move(spec)](caf::actor_system& sys) {
    return caf::actor_cast<caf::actor>(spawn_supervisor(sys, spec));
  };
  return child;
}

}  // namespace wm
