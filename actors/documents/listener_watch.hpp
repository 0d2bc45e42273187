#pragma once
// Import and export jobs stop when their progress listener goes away (the shell kills it on
// Ctrl-C, or the caller died): the job monitors it and runs `on_gone` when it is down.
#include <caf/system_messages.hpp>

#include <utility>

#include "messages/interfaces.hpp"

namespace wm::documents {

// Nothing to watch for a null listener (the caller wants no progress and cannot cancel).
template <class Self, class OnGone>
void watch_listener(Self* self, const progress_listener_actor& listener, OnGone on_gone) {
  if (!listener) return;
  self->monitor(listener);
  self->set_down_handler(
      [addr = listener.address(), on_gone = std::move(on_gone)](caf::down_msg& dm) {
        if (dm.source == addr) on_gone();
      });
}

}  // namespace wm::documents
