#pragma once
// The AI gateway actor (services::gateway). For each request it
//  - plans the route (actors/ai/route.hpp): the provider named by a "provider/model" prefix or
//    ai.default_provider first, then the others in fallback order;
//  - asks the provider actor, and falls over to the next one when the provider is open or failed
//    in a way another provider may not (circuit_open, unavailable, provider_error, rate_limited,
//    timeout, unauthorized) and no streamed text has reached the caller yet;
//  - enforces one deadline per request across every attempt and provider (a generation-tagged
//    timer): past it the caller gets errc::timeout and the provider's transfer is cancelled;
//  - cancel(request_id): stops the transfer at once and answers the caller errc::cancelled;
//  - forwards streamed chunks to the caller's sink (only while the request is live), accounts
//    token usage per provider and model, and records latency and time to first token.
#include <caf/actor_system.hpp>

#include <memory>

#include "messages/errc.hpp"
#include "messages/interfaces.hpp"

namespace wm::ai {

class ai_module;

gateway_actor spawn_gateway(caf::actor_system& sys, std::shared_ptr<ai_module> module);

// Errors after which the gateway tries the next provider.
bool is_fallback_error(errc code) noexcept;

}  // namespace wm::ai
