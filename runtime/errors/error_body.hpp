#pragma once
// The one JSON error shape, used by the HTTP API, the shell's --json output and the C
// facade: {"error":{"code","message","request_id","timestamp"}}. Registered secrets are
// masked in the message.
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm {

// `timestamp_ms` is milliseconds since the epoch, rendered as ISO-8601 UTC.
std::string error_body_json(const failure& f, std::string_view request_id, int64_t timestamp_ms);

// Same, stamped with the current time.
std::string error_body_json(const failure& f, std::string_view request_id);

}  // namespace wm
