#pragma once
// Typed actor interfaces: what each service actor answers. The compiler checks every
// send against these, so a wrong message is a build error, not a dead actor.
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "messages/ai.hpp"
#include "messages/atoms.hpp"
#include "messages/shutdown.hpp"
#include "messages/supervision.hpp"

namespace wm {

// A supervisor lists its subtree.
using supervisor_actor =
  caf::typed_actor<caf::replies_to<list_children_atom>::with<std::vector<child_info>>>;

// Anything that takes part in shutdown: acks a phase (true) when its work is done.
using shutdown_subscriber_actor =
  caf::typed_actor<caf::replies_to<phase_atom, shutdown_phase>::with<bool>>;

// The shutdown coordinator: subscribe with a phase and a name; run the shutdown with a
// per-phase deadline (ms) and get the report; ask whether a shutdown has begun.
using shutdown_coordinator_actor = caf::typed_actor<
  caf::reacts_to<subscribe_atom, shutdown_phase, std::string, shutdown_subscriber_actor>,
  caf::replies_to<shutdown_atom, int64_t>::with<shutdown_report>,
  caf::replies_to<status_atom>::with<bool>, caf::replies_to<mailbox_atom>::with<uint64_t>>;

// Service actors report their own mailbox backlog when asked (the mailbox may only be
// read by its owner).
using mailbox_probe_actor = caf::typed_actor<caf::replies_to<mailbox_atom>::with<uint64_t>>;

// The metrics actor: Prometheus text format 0.0.4, a JSON export, a sampling tick that
// refreshes runtime gauges (actors alive, heap, mailbox backlogs), and registration of the
// service actors whose mailbox backlog it samples.
using metrics_actor = caf::typed_actor<caf::replies_to<scrape_atom>::with<std::string>,
                                       caf::replies_to<scrape_json_atom>::with<std::string>,
                                       caf::reacts_to<sample_atom>,
                                       caf::reacts_to<mailbox_atom, std::string, mailbox_probe_actor>,
                                       caf::replies_to<mailbox_atom>::with<uint64_t>>;

// A minimal service used by health checks and the supervision-tree benchmark.
using echo_actor = caf::typed_actor<caf::replies_to<ping_atom, uint64_t>::with<uint64_t>,
                                    caf::replies_to<mailbox_atom>::with<uint64_t>>;

// Receives the pieces of a streamed completion as they arrive.
using stream_sink_actor = caf::typed_actor<caf::reacts_to<completion_chunk>>;

// One configured AI provider (actors/ai/provider_actor.hpp): runs a completion with retries
// behind its circuit breaker, until the absolute deadline (steady_clock nanoseconds since its
// epoch; same process only). Streamed text goes to the sink (may be invalid when not streaming).
// cancel stops the request's transfer at once; its reply is then errc::cancelled. The transfer_*
// messages come from the HTTP client's I/O thread, retry_atom from the actor's own timers.
using provider_actor = caf::typed_actor<
  caf::replies_to<complete_atom, completion_request, int64_t, stream_sink_actor>::with<
    completion_result>,
  caf::reacts_to<cancel_atom, std::string>, caf::replies_to<breaker_atom>::with<breaker_report>,
  caf::reacts_to<transfer_head>, caf::reacts_to<transfer_body>, caf::reacts_to<transfer_end>,
  caf::reacts_to<retry_atom, uint64_t, uint32_t>, caf::replies_to<mailbox_atom>::with<uint64_t>>;

// The AI gateway (services::gateway): routes, falls over, enforces one deadline per request,
// cancels, accounts usage. complete(req) answers the whole result; complete(req, sink) streams
// completion_chunk messages to the sink and answers the final result (usage, finish reason).
// The gateway is itself a stream sink: providers stream through it, so nothing reaches the
// caller's sink after the final answer. writing_atom runs a writing operation on a text.
using gateway_actor = caf::typed_actor<
  caf::replies_to<complete_atom, completion_request>::with<completion_result>,
  caf::replies_to<complete_atom, completion_request, stream_sink_actor>::with<completion_result>,
  caf::replies_to<cancel_atom, std::string>::with<bool>,
  caf::replies_to<breaker_atom>::with<std::vector<breaker_report>>,
  caf::replies_to<usage_atom>::with<std::vector<usage_report>>,
  caf::replies_to<writing_atom, writing_op, std::string>::with<completion_result>,
  caf::reacts_to<completion_chunk>, caf::reacts_to<deadline_atom, std::string, uint64_t>,
  caf::replies_to<mailbox_atom>::with<uint64_t>>;

}  // namespace wm
