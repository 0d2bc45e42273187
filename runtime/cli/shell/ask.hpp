#pragma once
// Blocking requests from the shell's thread into the actor world (as wm::node::ask, but for
// any actor system, so the --connect mode uses it too). A shell command waits for one
// answer at a time; the cost of a scoped_actor is irrelevant at typing speed.
#include <caf/scoped_actor.hpp>

#include <chrono>
#include <optional>
#include <utility>

#include "messages/caf_error.hpp"
#include "messages/result.hpp"

namespace wm::shell {

template <class Result, class Handle, class... Ts>
result<Result> ask(caf::actor_system& sys, const Handle& dest, std::chrono::milliseconds timeout,
                   Ts&&... xs) {
  if (!dest) return failure{errc::unavailable, "service not running"};
  std::optional<result<Result>> out;
  caf::scoped_actor self{sys};
  self->request(dest, timeout, std::forward<Ts>(xs)...)
      .receive([&](Result& r) { out.emplace(std::move(r)); },
               [&](caf::error& err) { out.emplace(to_failure(err)); });
  return std::move(*out);
}

// For requests answered with an empty reply (caf::reacts_to / void handlers).
template <class Handle, class... Ts>
status ask_void(caf::actor_system& sys, const Handle& dest, std::chrono::milliseconds timeout,
                Ts&&... xs) {
  if (!dest) return failure{errc::unavailable, "service not running"};
  status out;
  caf::scoped_actor self{sys};
  self->request(dest, timeout, std::forward<Ts>(xs)...)
      .receive([&]() {}, [&](caf::error& err) { out = to_failure(err); });
  return out;
}

}  // namespace wm::shell
