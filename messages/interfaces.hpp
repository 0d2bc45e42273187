#pragma once
// Typed actor interfaces: what each service actor answers. The compiler checks every
// send against these, so a wrong message is a build error, not a dead actor.
#include <caf/replies_to.hpp>
#include <caf/timespan.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "messages/ai.hpp"
#include "messages/atoms.hpp"
#include "messages/content_digest.hpp"
#include "messages/document.hpp"
#include "messages/documents.hpp"
#include "messages/shutdown.hpp"
#include "messages/supervision.hpp"
#include "messages/text_stats.hpp"

namespace wm {

// A supervisor lists its subtree. (deadline: its own timer for a child it is stopping.)
using supervisor_actor =
    caf::typed_actor<caf::replies_to<list_children_atom>::with<std::vector<child_info>>,
                     caf::reacts_to<deadline_atom, uint64_t>>;

// Anything that takes part in shutdown: acks a phase (true) when its work is done. The
// timespan is the time it has for this phase (the deadline the shutdown runs with, which
// node::stop may shorten): plan any cut-off within it, or the coordinator kills it.
using shutdown_subscriber_actor =
    caf::typed_actor<caf::replies_to<phase_atom, shutdown_phase, caf::timespan>::with<bool>>;

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
using metrics_actor =
    caf::typed_actor<caf::replies_to<scrape_atom>::with<std::string>,
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
// cancel stops the request's transfer at once; its reply is then errc::cancelled. transfer_atom
// rings from the HTTP client's I/O thread when transfer events (transfer_head/body/end) wait in
// the provider's inbox; retry_atom comes from the actor's own timers.
using provider_actor =
    caf::typed_actor<caf::replies_to<complete_atom, completion_request, int64_t,
                                     stream_sink_actor>::with<completion_result>,
                     caf::reacts_to<cancel_atom, std::string>,
                     caf::replies_to<breaker_atom>::with<breaker_report>,
                     caf::reacts_to<transfer_atom>, caf::reacts_to<retry_atom, uint64_t, uint32_t>,
                     caf::replies_to<mailbox_atom>::with<uint64_t>>;

// The AI gateway (services::gateway): routes, falls over, enforces one deadline per request,
// cancels, accounts usage. complete(req) answers the whole result; complete(req, sink) streams
// completion_chunk messages to the sink and answers the final result (usage, finish reason).
// The gateway is itself a stream sink: providers stream through it, so nothing reaches the
// caller's sink after the final answer. writing_atom runs a writing operation on a text,
// or with document_atom on the current content of a stored document. As a shutdown
// subscriber it refuses new requests from stop_intake on and drains in-flight ones.
using gateway_actor = caf::typed_actor<
    caf::replies_to<complete_atom, completion_request>::with<completion_result>,
    caf::replies_to<complete_atom, completion_request, stream_sink_actor>::with<completion_result>,
    caf::replies_to<cancel_atom, std::string>::with<bool>,
    caf::replies_to<breaker_atom>::with<std::vector<breaker_report>>,
    caf::replies_to<usage_atom>::with<std::vector<usage_report>>,
    caf::replies_to<writing_atom, writing_op, std::string>::with<completion_result>,
    caf::replies_to<writing_atom, writing_op, document_atom, std::string>::with<completion_result>,
    caf::reacts_to<completion_chunk>, caf::reacts_to<deadline_atom, std::string, uint64_t>,
    caf::replies_to<phase_atom, shutdown_phase, caf::timespan>::with<bool>,
    caf::replies_to<mailbox_atom>::with<uint64_t>>;

// Receives the progress of an import or export job, one message per file. When it goes
// away (the shell's Ctrl-C) the job stops and answers what it did.
using progress_listener_actor = caf::typed_actor<caf::reacts_to<file_progress>>;

// The store actor (services::store): owns the SQLite document store on its own thread.
// Writes that arrive together commit in one transaction and are answered only after it
// committed; errc::unavailable ("store overloaded") when too many writes wait. Reads are
// served directly and see every acknowledged write.
using store_actor = caf::typed_actor<
    caf::replies_to<create_atom, create_document_cmd>::with<write_ack>,
    caf::replies_to<update_atom, update_document_cmd>::with<write_ack>,
    // The same with the new content's digest, computed by the sender (the document actor).
    caf::replies_to<update_atom, update_document_cmd, content_digest>::with<write_ack>,
    caf::replies_to<rename_atom, rename_document_cmd>::with<write_ack>,
    caf::replies_to<move_atom, move_document_cmd>::with<write_ack>,
    caf::replies_to<delete_atom, delete_document_cmd>::with<write_ack>,
    caf::replies_to<undelete_atom, delete_document_cmd>::with<write_ack>,
    caf::replies_to<purge_atom, delete_document_cmd>::with<write_ack>,
    caf::replies_to<restore_atom, restore_cmd>::with<write_ack>,
    caf::replies_to<replace_atom, find_replace_cmd>::with<write_ack>,
    caf::replies_to<project_atom, create_atom, create_project_cmd>::with<write_ack>,
    // reads: get(id, include_deleted)
    caf::replies_to<get_atom, std::string, bool>::with<document>,
    caf::replies_to<list_atom, list_query>::with<document_page>,
    caf::replies_to<history_atom, history_query>::with<std::vector<revision>>,
    caf::replies_to<search_atom, std::string, uint32_t>::with<std::vector<search_hit>>,
    caf::replies_to<project_atom, get_atom, std::string>::with<project>,
    caf::replies_to<project_atom, list_atom>::with<std::vector<project>>,
    caf::reacts_to<flush_atom>,
    caf::replies_to<phase_atom, shutdown_phase, caf::timespan>::with<bool>,
    caf::replies_to<mailbox_atom>::with<uint64_t>>;

// The documents service (services::documents), the router the edges call. Requests for
// one document go to that document's actor (spawned on first use, passivated when idle),
// so edits to a document are serialized and different documents run in parallel.
// Every error is a caf::error of the wm category (invalid_input, not_found, conflict with
// the current version, payload_too_large, unavailable).
using documents_actor = caf::typed_actor<
    caf::replies_to<create_atom, create_document_cmd>::with<document>,
    caf::replies_to<get_atom, std::string>::with<document>,
    caf::replies_to<update_atom, update_document_cmd>::with<document>,
    caf::replies_to<patch_atom, patch_document_cmd>::with<document>,
    caf::replies_to<rename_atom, rename_document_cmd>::with<document>,
    caf::replies_to<move_atom, move_document_cmd>::with<document>,
    caf::replies_to<delete_atom, delete_document_cmd>::with<document>,
    caf::replies_to<undelete_atom, delete_document_cmd>::with<document>,
    caf::replies_to<purge_atom, delete_document_cmd>::with<bool>,
    caf::replies_to<restore_atom, restore_cmd>::with<document>,
    caf::replies_to<replace_atom, find_replace_cmd>::with<find_replace_result>,
    caf::replies_to<stats_atom, std::string>::with<text_stats>,
    caf::replies_to<list_atom, list_query>::with<document_page>,
    caf::replies_to<history_atom, history_query>::with<std::vector<revision>>,
    caf::replies_to<search_atom, std::string, uint32_t>::with<std::vector<search_hit>>,
    caf::replies_to<project_atom, create_atom, create_project_cmd>::with<project>,
    caf::replies_to<project_atom, get_atom, std::string>::with<project>,
    caf::replies_to<project_atom, list_atom>::with<std::vector<project>>,
    // import(folder, listener): .md/.txt files, progress to the listener, then the report.
    caf::replies_to<import_atom, std::string, progress_listener_actor>::with<import_report>,
    // export(folder, listener): every live document as <title-slug>.md / .txt, progress to
    // the listener (may be null), then the report.
    caf::replies_to<export_atom, std::string, progress_listener_actor>::with<export_report>,
    // The document's actor, activated if needed (introspection and tests).
    caf::replies_to<open_atom, std::string>::with<caf::actor>,
    // The router's own idle timer for one document actor (generation-tagged).
    caf::reacts_to<passivate_atom, std::string, uint64_t>,
    caf::replies_to<mailbox_atom>::with<uint64_t>>;

}  // namespace wm
