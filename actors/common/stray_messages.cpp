#include "actors/common/stray_messages.hpp"

#include "messages/caf_error.hpp"
#include "runtime/logging/log.hpp"

namespace wm {

caf::result<caf::message> drop_stray_message(caf::scheduled_actor* self, caf::message_view& msg) {
  auto text = to_string(msg.content());
  if (self->current_message_id().is_request())
    return make_error(errc::invalid_input, "message not understood: " + text);
  log::debug("", "actor {} dropped a stray message: {}", self->id(), text);
  return caf::message{};
}

}  // namespace wm
