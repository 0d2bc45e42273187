#pragma once
// Which supervised services a facade runtime starts besides the core ones (store,
// documents, AI gateway), built from the effective configuration.
#include "messages/result.hpp"
#include "mobile/src/config_json.hpp"
#include "runtime/node/node_config.hpp"

namespace wm::mobile {

status add_services(const facade_config& fc, node_config& ncfg);

}  // namespace wm::mobile
