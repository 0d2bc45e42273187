#include "tests/runtime/slow_stopper.hpp"

#include <stdexcept>

namespace wm::testing {
namespace {

using finish_atom = caf::atom_constant<caf::atom("tfinish")>;

struct slow_stopper_state {
  std::shared_ptr<journal> log;
  std::string name;
  ~slow_stopper_state() {
    if (log) log->add("end " + name);
  }
};

caf::behavior slow_stopper(caf::stateful_actor<slow_stopper_state>* self,
                           std::shared_ptr<journal> log, std::string name,
                           std::chrono::milliseconds delay, bool ignore_exit) {
  self->state.log = log;
  self->state.name = name;
  self->set_exit_handler([self, log, name, delay, ignore_exit](caf::exit_msg&) {
    log->add("exit " + name);
    if (!ignore_exit) self->delayed_send(self, delay, finish_atom::value);
  });
  return {
      [self](finish_atom) { self->quit(caf::exit_reason::user_shutdown); },
      [](slow_stopper_crash) -> int { throw std::runtime_error("boom"); },
  };
}

}  // namespace

child_spec slow_stopper_spec(std::shared_ptr<journal> log, const std::string& name,
                             std::chrono::milliseconds delay, bool ignore_exit) {
  child_spec spec;
  spec.name = name;
  spec.start = [log, name, delay, ignore_exit](caf::actor_system& s) {
    return s.spawn(slow_stopper, log, name, delay, ignore_exit);
  };
  return spec;
}

}  // namespace wm::testing
