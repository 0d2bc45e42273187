// Entry points: errors, version, strings, open/close, runtime info, events, text stats.
#include <caf/all.hpp>

#include "actors/documents/text/text_stats.hpp"
#include "adapters/codecs/json_writer.hpp"
#include "adapters/prometheus/resident_memory.hpp"
#include "mobile/src/entry.hpp"
#include "mobile/src/event_box.hpp"
#include "mobile/src/guard.hpp"
#include "mobile/src/json_out.hpp"
#include "mobile/src/version.hpp"

using namespace wm;
using namespace wm::mobile;

namespace {

template <class T>
void reset_out(T** out) {
  if (out != nullptr) *out = nullptr;
}

wm_status open_with(result<facade_config> fc, wm_runtime** out) {
  if (!fc) return fail(fc.error());
  auto rt = runtime_impl::open(std::move(*fc));
  if (!rt) return fail(rt.error());
  *out = register_runtime(std::move(*rt));
  clear_error();
  return WM_OK;
}

}  // namespace

extern "C" {

WM_API const char* wm_status_name(wm_status status) {
  return status_name(status);
}

WM_API const wm_error* wm_last_error(void) {
  return last_error();
}

WM_API const char* wm_version(void) {
  return version_text;
}

WM_API uint32_t wm_abi_version(void) {
  return WM_ABI_VERSION;
}

WM_API void wm_string_free(char* s) {
  std::free(s);
}

WM_API wm_status wm_open(const char* config_json, wm_runtime** out_runtime) {
  return guarded([&]() -> wm_status {
    if (out_runtime == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "out_runtime is NULL");
    *out_runtime = nullptr;
    std::string_view json;
    if (auto st = check_optional_text(config_json, "config_json", json)) return st;
    return open_with(load_facade_config_json(json), out_runtime);
  });
}

WM_API wm_status wm_open_file(const char* path, wm_runtime** out_runtime) {
  return guarded([&]() -> wm_status {
    if (out_runtime == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "out_runtime is NULL");
    *out_runtime = nullptr;
    std::string_view p;
    if (auto st = check_text(path, "path", p)) return st;
    return open_with(load_facade_config_file(std::string{p}), out_runtime);
  });
}

WM_API wm_status wm_close(wm_runtime* runtime, uint32_t deadline_ms) {
  return guarded([&]() -> wm_status {
    if (runtime == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "runtime handle is NULL");
    {
      auto rt = find_runtime(runtime);
      if (!rt) return fail(WM_ERR_INVALID_HANDLE, "not a live runtime handle");
      if (rt->streams().callbacks().on_callback_thread())
        return fail(WM_ERR_INVALID_ARGUMENT,
                    "wm_close called from a callback of the same runtime (it would wait for "
                    "itself); close from another thread");
    }
    auto rt = unregister_runtime(runtime);
    if (!rt) return fail(WM_ERR_INVALID_HANDLE, "runtime already closed");
    auto st = rt->close(std::chrono::milliseconds{deadline_ms});
    if (!st) return fail(st.error());
    clear_error();
    return WM_OK;
  });
}

WM_API wm_status wm_runtime_info(wm_runtime* runtime, char** out_json) {
  return guarded([&]() -> wm_status {
    reset_out(out_json);
    auto e = enter_runtime(runtime);
    if (!e) return e.status;
    codecs::json_writer w;
    w.begin_object();
    w.key("profile").value(e.rt->cfg().profile());
    w.key("dataDir").value(e.rt->cfg().get_string("runtime.data_dir"));
    w.key("residentBytes").value(resident_bytes());
    w.key("openRuntimes").value(static_cast<uint64_t>(live_runtimes()));
    w.key("schedulerThreads")
        .value(static_cast<uint64_t>(e.rt->node().system().scheduler().num_workers()));
    w.key("pendingEvents").value(static_cast<uint64_t>(e.rt->streams().polls().size()));
    w.key("activeStreams").value(static_cast<uint64_t>(e.rt->streams().active()));
    w.end_object();
    return give_string(out_json, w.str());
  });
}

WM_API wm_status wm_metrics(wm_runtime* runtime, char** out_text) {
  return guarded([&]() -> wm_status {
    reset_out(out_text);
    auto e = enter_runtime(runtime);
    if (!e) return e.status;
    auto text = e.rt->call<std::string>(e.rt->service<metrics_actor>(services::metrics),
                                        std::chrono::seconds(10), scrape_atom::value);
    if (!text) return fail(text.error());
    return give_string(out_text, *text);
  });
}

WM_API wm_status wm_poll_event(wm_runtime* runtime, uint32_t timeout_ms, wm_event** out_event) {
  return guarded([&]() -> wm_status {
    if (out_event == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "out_event is NULL");
    *out_event = nullptr;
    auto e = enter_runtime(runtime);
    if (!e) return e.status;
    bool closed = false;
    auto box = e.rt->streams().polls().pop(std::chrono::milliseconds{timeout_ms}, closed);
    if (box) {
      *out_event = hand_out(std::move(box));
    } else if (closed) {
      return fail(WM_ERR_SHUTTING_DOWN, "the runtime is closing");
    }
    clear_error();
    return WM_OK;
  });
}

WM_API void wm_event_free(wm_event* event) {
  guarded([&]() -> wm_status {
    if (event == nullptr) return WM_OK;
    auto box = take_back(event);
    if (!box) return fail(WM_ERR_INVALID_HANDLE, "not an event from wm_poll_event (or freed)");
    clear_error();
    return WM_OK;
  });
}

WM_API wm_status wm_text_stats(const char* text, size_t length, char** out_json) {
  return guarded([&]() -> wm_status {
    reset_out(out_json);
    if (out_json == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "out_json is NULL");
    if (text == nullptr && length != 0) return fail(WM_ERR_NULL_ARGUMENT, "text is NULL");
    if (length > max_input_bytes)
      return fail(WM_ERR_PAYLOAD_TOO_LARGE, "text is larger than the accepted maximum");
    std::string_view view{text == nullptr ? "" : text, length};
    auto stats = compute_text_stats(view);
    if (!stats) {
      return fail(WM_ERR_INVALID_UTF8, "text: " + stats.error().message);
    }
    return give_string(out_json, text_stats_json(*stats));
  });
}

}  // extern "C"
