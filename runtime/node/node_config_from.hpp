#pragma once
// Turns the effective configuration (files, environment, command line) into the typed
// node_config that wm::node::start takes.
#include <string_view>

#include "actors/ai/ai_settings.hpp"
#include "messages/result.hpp"
#include "runtime/config/config.hpp"
#include "runtime/node/node_config.hpp"

namespace wm {

// `keys`: API keys handed over in memory by an embedder, by provider name (see
// ai::provider_settings::api_key); each must name a configured provider.
result<node_config> node_config_from(const config& cfg, const ai::provider_keys& keys = {});

// Whether CAF knows an option by this name ("scheduler.max-threads"); for
// config_sources::is_known_caf_option, so a typo in a caf.* key is reported at load time.
bool is_known_caf_option(std::string_view name);

}  // namespace wm
