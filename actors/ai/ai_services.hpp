#pragma once
// The AI subtree as supervised services for a wm::node: one "ai" supervisor (one_for_one) over
// a provider actor per configured provider and the gateway (registered as services::gateway).
// The ai_module (shared http_client, settings, provider directory) is owned by the returned
// specs, so it outlives the actors and goes away after the actor system.
#include <memory>
#include <vector>

#include "actors/ai/ai_settings.hpp"
#include "actors/supervision/supervisor.hpp"
#include "adapters/http_client/http_client.hpp"

namespace wm {

class config;
class metrics_registry;

// From the ai.* and provider.* keys, plus keys handed over in memory (by provider name; they
// must name configured providers). With no provider configured the gateway still starts and
// answers errc::unavailable "no AI provider configured".
result<std::vector<child_spec>> make_ai_services(const config& cfg,
                                                 std::shared_ptr<metrics_registry> metrics,
                                                 const ai::provider_keys& keys = {});

// The same from settings built in code (tests, embedders).
std::vector<child_spec> make_ai_services(ai::ai_settings settings,
                                         std::shared_ptr<metrics_registry> metrics,
                                         http_client_options client_options = {});

}  // namespace wm
