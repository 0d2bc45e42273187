#pragma once
// The order in which a supervisor stops its children and what it does once they are down,
// as in OTP: one child at a time, the next only after the previous one is down (or was
// killed past its shutdown time and then given up on); then either start a restart's
// children again, or quit. Pure: the supervisor actor feeds it events and carries out the
// steps next() returns.
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

#include "actors/supervision/restart_plan.hpp"

namespace wm {

struct stop_step {
  enum class kind {
    wait,   // nothing to do until the next event
    stop,   // ask `child` to stop (user_shutdown) and arm its shutdown timer
    start,  // start `children` again, in this (start) order
    quit,   // every child is down: the supervisor ends
  };
  kind what = kind::wait;
  size_t child = 0;
  std::vector<size_t> children;
};

class stop_sequence {
 public:
  explicit stop_sequence(size_t children) : running_(children, false) {}

  // A child runs (started at init or by a start step). A start that fails leaves it down.
  void started(size_t child) { running_.at(child) = true; }
  // A child ended on its own (crash or normal exit), not because it was asked to stop.
  void ended(size_t child);
  // The child being stopped is down.
  void stopped(size_t child);

  // A restart by strategy: stop plan.to_stop in its order, then start plan.to_start. A
  // second restart while one runs joins it (its stops queue behind, its starts merge).
  // Ignored once quitting.
  void restart(const restart_plan& plan);
  // Stop every running child, last started first, then quit. Abandons a restart under way
  // (nothing starts again); a child being stopped is still waited for.
  void quit();

  // The awaited child outlived its shutdown time. True: kill it and wait as long again;
  // false (already killed once): it is given up on and the sequence goes on.
  bool shutdown_timed_out();

  // What to do now. A stop step makes that child the awaited one; a start step counts its
  // children as running; quit is returned once.
  stop_step next();

  std::optional<size_t> awaiting() const { return awaiting_; }
  bool quitting() const { return goal_ == goal::quit; }
  bool running(size_t child) const { return running_.at(child); }

 private:
  enum class goal { none, restart, quit };
  std::vector<bool> running_;
  std::deque<size_t> queue_;  // children to stop, in order
  std::vector<size_t> start_after_;
  goal goal_ = goal::none;
  std::optional<size_t> awaiting_;
  bool killed_ = false;  // the awaited child was sent kill
  bool quit_returned_ = false;
};

}  // namespace wm
