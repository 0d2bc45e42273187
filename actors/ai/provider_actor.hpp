#pragma once
// The provider actor: one per configured provider. It turns a completion request into HTTP
// attempts on the shared http_client, with
//  - retry as a behavior: a failed attempt is judged by resilience::retry_policy (SDK rules,
//    x-should-retry, retry-after-ms / retry-after up to a cap, never after streamed tokens) and
//    the retry budget; the next attempt is a generation-tagged delayed_send to itself;
//  - a circuit breaker as three behaviors (closed / open / half-open) switched with become() on
//    the pure circuit_breaker's transition events; open answers errc::circuit_open at once;
//  - per-attempt timeouts clamped to the request's absolute deadline.
// The http_client's callbacks (its I/O thread) only post transfer_* messages to this actor
// through a weak handle; all state lives here.
#include <caf/actor_system.hpp>

#include <memory>

#include "actors/ai/ai_settings.hpp"
#include "messages/interfaces.hpp"

namespace wm::ai {

class ai_module;

// Reads the API key from the environment variable named in the settings (and registers it as a
// log secret). Without it every request fails with errc::unauthorized "API key not configured
// (set $NAME)".
provider_actor spawn_provider(caf::actor_system& sys, provider_settings settings,
                              std::shared_ptr<ai_module> module);

}  // namespace wm::ai
