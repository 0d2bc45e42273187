// Entry points: streamed AI completions over the gateway (services::gateway). The bridge
// actor is the stream sink; events go to the callback thread or the poll queue.
#include <caf/all.hpp>

#include "messages/interfaces.hpp"
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

}  // namespace

extern "C" {

WM_API wm_status wm_complete(wm_runtime* runtime, const char* request_json,
                             wm_event_callback callback, void* user_data, char** out_request_id) {
  return guarded([&]() -> wm_status {
    if (out_request_id != nullptr) *out_request_id = nullptr;
    auto e = enter_runtime(runtime);
    if (!e) return e.status;
    std::string_view json;
    if (auto st = check_text(request_json, "request_json", json)) return st;
    auto req = parse_completion_request(json);
    if (!req) return fail(req.error());
    const bool generated = req->request_id.empty();
    if (generated) req->request_id = e.rt->next_request_id();
    auto gateway = e.rt->service<gateway_actor>(services::gateway);
    if (!gateway) return fail(WM_ERR_UNAVAILABLE, "the AI gateway is not running", req->request_id);
    // A generated id may be one the app chose itself for a running completion ("mob-1"):
    // then the next one is taken, never a failure the app did not cause.
    while (!e.rt->streams().add(req->request_id, stream_route{callback, user_data})) {
      if (!generated)
        return fail(WM_ERR_INVALID_ARGUMENT, "a completion with this requestId is running",
                    req->request_id);
      req->request_id = e.rt->next_request_id();
    }
    auto id = req->request_id;
    // Handed out before the job runs, so the caller has the id even if events come first.
    char* id_copy = nullptr;
    if (out_request_id != nullptr) id_copy = to_c_string(id);
    auto timeout = request_timeout(*e.rt, *req);
    auto streams = e.rt->streams_ptr();
    auto sink = caf::actor_cast<stream_sink_actor>(e.rt->bridge());
    e.rt->send_job(make_job([gateway, sink, streams, timeout,
                             r = std::move(*req)](caf::event_based_actor* self) mutable {
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
