#pragma once
// Turns the effective configuration (files, environment, command line) into the typed
// node_config that wm::node::start takes.
#include <caf/config_value.hpp>

#include <string_view>

#include "actors/ai/ai_settings.hpp"
#include "messages/result.hpp"
#include "runtime/config/config.hpp"
#include "runtime/node/node_config.hpp"

namespace wm {

// `keys`: API keys handed over in memory by an embedder, by provider name (see
// ai::provider_settings::api_key); each must name a configured provider.
result<node_config> node_config_from(const config& cfg, const ai::provider_keys& keys = {});

// What CAF knows of an option by this name ("scheduler.max-threads"): whether it exists and
// a check of values through caf_option_value. For config_sources::is_known_caf_option, so a
// typo in a caf.* key and a bad value are both reported at load time, with their origin.
config_schema::caf_option_info is_known_caf_option(std::string_view name);

// The value node::start gives CAF for option `name`: `text` read by the option's own type,
// as CAF's command line reads it ("5s" for a timespan, "[a, b]" or "a, b" for a list,
// "sharing" for an atom); a string option takes the text as it is. Errors say what was
// expected. scheduler.policy takes only stealing or sharing (CAF would fall back to stealing
// for any other atom, or run its test scheduler for "testing").
result<caf::config_value> caf_option_value(std::string_view name, std::string_view text);

}  // namespace wm
