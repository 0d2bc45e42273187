// Entry points: streamed AI completions and writing operations over the gateway
// (services::gateway). The bridge actor is the stream sink; events go to the callback thread
// or the poll queue.
#include <caf/all.hpp>

#include "actors/ai/ai_settings.hpp"
#include "actors/ai/ai_writer.hpp"
#include "messages/interfaces.hpp"
#include "mobile/src/document_ops.hpp"
#include "mobile/src/entry.hpp"
#include "mobile/src/guard.hpp"
#include "mobile/src/json_in.hpp"
#include "mobile/src/json_out.hpp"
#include "runtime/errors/error_body.hpp"

using namespace wm;
using namespace wm::mobile;

namespace {

// Beyond the gateway's own deadline: the gateway answers every request by then.
constexpr std::chrono::seconds deadline_margin{10};

std::chrono::milliseconds request_timeout(const runtime_impl& rt, const completion_request& r) {
  auto deadline = r.deadline_ms > 0 ? std::chrono::milliseconds{r.deadline_ms}
                                    : rt.cfg().get_duration("ai.request_deadline");
  return deadline + deadline_margin;
}

// Registers the request's stream and sends it to the gateway with the bridge as its sink.
// Generates the request id when the app gave none.
wm_status start_completion(const entered& e, completion_request req, wm_event_callback callback,
                           void* user_data, char** out_request_id) {
  const bool generated = req.request_id.empty();
  if (generated) req.request_id = e.rt->next_request_id();
  auto gateway = e.rt->service<gateway_actor>(services::gateway);
  if (!gateway) return fail(WM_ERR_UNAVAILABLE, "the AI gateway is not running", req.request_id);
  // A generated id may be one the app chose itself for a running completion ("mob-1"):
  // then the next one is taken, never a failure the app did not cause.
  while (!e.rt->streams().add(req.request_id, stream_route{callback, user_data})) {
    if (!generated)
      return fail(WM_ERR_INVALID_ARGUMENT, "a completion with this requestId is running",
                  req.request_id);
    req.request_id = e.rt->next_request_id();
  }
  auto id = req.request_id;
  // Handed out before the job runs, so the caller has the id even if events come first.
  char* id_copy = nullptr;
  if (out_request_id != nullptr) id_copy = to_c_string(id);
  auto timeout = request_timeout(*e.rt, req);
  auto streams = e.rt->streams_ptr();
  auto sink = caf::actor_cast<stream_sink_actor>(e.rt->bridge());
  e.rt->send_job(make_job([gateway, sink, streams, timeout,
                           r = std::move(req)](caf::event_based_actor* self) mutable {
    auto rid = r.request_id;
    self->request(gateway, timeout, complete_atom::value, std::move(r), sink)
        .then([streams,
               rid](completion_result& res) { streams->done(rid, completion_result_json(res)); },
              [streams, rid](caf::error& err) {
                auto f = to_failure(err);
                streams->error(rid, to_status(f.code), error_body_json(f, rid));
              });
  }));
  if (out_request_id != nullptr) *out_request_id = id_copy;
  clear_error();
  return WM_OK;
}

// The prologue of wm_complete and wm_write: the id out-parameter reset, the handle entered,
// the request text checked; then `start` with both.
template <class Start>
wm_status stream_entry(wm_runtime* runtime, const char* request_json, char** out_request_id,
                       Start&& start) {
  return guarded([&]() -> wm_status {
    if (out_request_id != nullptr) *out_request_id = nullptr;
    auto e = enter_runtime(runtime);
    if (!e) return e.status;
    std::string_view json;
    if (auto st = check_text(request_json, "request_json", json)) return st;
    return start(e, json);
  });
}

}  // namespace

extern "C" {

WM_API wm_status wm_complete(wm_runtime* runtime, const char* request_json,
                             wm_event_callback callback, void* user_data, char** out_request_id) {
  return stream_entry(runtime, request_json, out_request_id,
                      [&](const entered& e, std::string_view json) -> wm_status {
                        auto req = parse_completion_request(json);
                        if (!req) return fail(req.error());
                        return start_completion(e, std::move(*req), callback, user_data,
                                                out_request_id);
                      });
}

WM_API wm_status wm_write(wm_runtime* runtime, const char* request_json, wm_event_callback callback,
                          void* user_data, char** out_request_id) {
  return stream_entry(runtime, request_json, out_request_id,
                      [&](const entered& e, std::string_view json) -> wm_status {
                        auto w = parse_writing_request(json);
                        if (!w) return fail(w.error());
                        if (!w->document_id.empty()) {
                          auto doc = get_document(*e.rt, w->document_id);
                          if (!doc) return fail(doc.error());
                          w->text = std::move(doc->content);
                        }
                        // The options come with stream = true (parse_writing_request).
                        auto req = ai::build_writing_request(ai::writer_settings_from(e.rt->cfg()),
                                                             w->op, w->text, std::move(w->options));
                        if (!req) return fail(req.error());
                        return start_completion(e, std::move(*req), callback, user_data,
                                                out_request_id);
                      });
}

WM_API wm_status wm_cancel(wm_runtime* runtime, const char* request_id) {
  return guarded([&]() -> wm_status {
    auto e = enter_runtime(runtime);
    if (!e) return e.status;
    std::string_view id_view;
    if (auto st = check_text(request_id, "request_id", id_view)) return st;
    std::string id{id_view};
    if (!e.rt->streams().contains(id))
      return fail(WM_ERR_NOT_FOUND, "no running completion with this id", id);
    auto gateway = e.rt->service<gateway_actor>(services::gateway);
    auto known = e.rt->call<bool>(gateway, std::chrono::seconds(5), cancel_atom::value, id);
    if (!known || !*known) {
      // The gateway has no such request (any more): end the stream here; ignored if its
      // final event is already out.
      failure f{errc::cancelled, "cancelled"};
      e.rt->streams().error(id, WM_ERR_CANCELLED, error_body_json(f, id));
    }
    clear_error();
    return WM_OK;
  });
}

}  // extern "C"
