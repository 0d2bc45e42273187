#pragma once
// Default handler for service actors. CAF's own default answers an unmatched async
// message with an error that kills the *sender*; this one drops stray async messages
// (logged at debug) and answers stray requests with errc::invalid_input.
#include <caf/message.hpp>
#include <caf/message_view.hpp>
#include <caf/result.hpp>
#include <caf/scheduled_actor.hpp>

namespace wm {

caf::result<caf::message> drop_stray_message(caf::scheduled_actor* self, caf::message_view& msg);

}  // namespace wm
