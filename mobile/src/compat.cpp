// The original core's entry points (writemagic_*), working for real over the handle API:
// one process-wide runtime opened by the first successful initialize call.
#include <caf/all.hpp>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "adapters/codecs/json_writer.hpp"
#include "adapters/prometheus/resident_memory.hpp"
#include "messages/interfaces.hpp"
#include "mobile/src/compat.hpp"
#include "mobile/src/document_ops.hpp"
#include "mobile/src/entry.hpp"
#include "mobile/src/guard.hpp"
#include "mobile/src/json_out.hpp"
#include "mobile/src/version.hpp"
#include "runtime/logging/log.hpp"

using namespace wm;
using namespace wm::mobile;

namespace {

struct process_runtime {
  std::mutex mtx;
  wm_runtime* handle = nullptr;
  std::string temp_dir;  // use_sqlite == 0: a throw-away data dir, removed at shutdown
};

process_runtime& global() {
  static auto* g = new process_runtime;  // leaked: usable during process exit
  return *g;
}

wm_runtime* current() {
  auto& g = global();
  std::lock_guard lock{g.mtx};
  return g.handle;
}

std::string make_temp_dir() {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl =
      std::string{base != nullptr && *base != '\0' ? base : "/tmp"} + "/writemagic-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) return {};
  return tmpl;
}

// The process-wide runtime for a compat call; before writemagic_initialize (or after
// writemagic_shutdown) that is an error saying so, not "runtime handle is NULL".
entered enter_compat() {
  if (wm_runtime* rt = current()) return enter_runtime(rt);
  entered e;
  e.status = fail(WM_ERR_INVALID_HANDLE,
                  "writemagic is not initialized: call writemagic_initialize first");
  return e;
}

char* fail_null(wm_status code, std::string_view message) {
  fail(code, message);
  return nullptr;
}

}  // namespace

namespace wm::mobile {

wm_runtime* compat_runtime() {
  return current();
}

std::string compat_config_json(int use_sqlite, const char* claude_key, const char* openai_key,
                               const std::string& temp_dir) {
  codecs::json_writer w;
  w.begin_object();
  w.key("profile").value("mobile");
  if (!use_sqlite) w.key("runtime.data_dir").value(temp_dir);
  bool claude = claude_key != nullptr && *claude_key != '\0';
  bool openai = openai_key != nullptr && *openai_key != '\0';
  if (claude || openai) {
    w.key("provider").begin_object();
    if (openai) w.key("openai").begin_object().key("fallback_order").value(0).end_object();
    if (claude)
      w.key("claude")
          .begin_object()
          .key("kind")
          .value("anthropic")
          .key("fallback_order")
          .value(1)
          .end_object();
    w.end_object();
    w.key("apiKeys").begin_object();
    if (openai) w.key("openai").value(openai_key);
    if (claude) w.key("claude").value(claude_key);
    w.end_object();
  }
  w.end_object();
  return w.take();
}

}  // namespace wm::mobile

extern "C" {

WM_API int writemagic_initialize_with_ai(int use_sqlite, const char* claude_key,
                                         const char* openai_key) {
  return guarded_value(0, [&]() -> int {
    std::string_view unused;
    if (check_optional_text(claude_key, "claude_key", unused)) return 0;
    if (check_optional_text(openai_key, "openai_key", unused)) return 0;
    auto& g = global();
    std::lock_guard lock{g.mtx};
    if (g.handle != nullptr) {
      clear_error();
      return 1;
    }
    std::string temp_dir;
    if (!use_sqlite) {
      temp_dir = make_temp_dir();
      if (temp_dir.empty()) {
        fail(WM_ERR_INTERNAL, "cannot create a temporary data directory");
        return 0;
      }
    }
    auto json = compat_config_json(use_sqlite, claude_key, openai_key, temp_dir);
    wm_runtime* rt = nullptr;
    if (wm_open(json.c_str(), &rt) != WM_OK) {
      std::error_code ec;
      if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir, ec);
      return 0;
    }
    g.handle = rt;
    g.temp_dir = std::move(temp_dir);
    return 1;
  });
}

WM_API int writemagic_initialize(int use_sqlite) {
  return writemagic_initialize_with_ai(use_sqlite, nullptr, nullptr);
}

WM_API char* writemagic_create_document(const char* title, const char* content,
                                        const char* content_type) {
  return guarded_value<char*>(nullptr, [&]() -> char* {
    std::string_view t, c, ct;
    if (check_text(title, "title", t) || check_optional_text(content, "content", c) ||
        check_optional_text(content_type, "content_type", ct))
      return nullptr;
    auto e = enter_compat();
    if (!e) return nullptr;
    create_document_cmd cmd;
    cmd.title = std::string{t};
    cmd.content = std::string{c};
    if (!ct.empty()) cmd.content_type = std::string{ct};
    auto doc = e.rt->call<document>(e.rt->service<documents_actor>(services::documents),
                                    std::chrono::seconds(30), create_atom::value, std::move(cmd));
    if (!doc) return fail_null(to_status(doc.error().code), doc.error().message);
    clear_error();
    return to_c_string(doc->id);
  });
}

WM_API int writemagic_update_document_content(const char* document_id, const char* content) {
  return guarded_value(0, [&]() -> int {
    std::string_view id, c;
    if (check_text(document_id, "document_id", id) || check_text(content, "content", c)) return 0;
    auto e = enter_compat();
    if (!e) return 0;
    update_document_cmd cmd;
    cmd.id = std::string{id};
    cmd.set_content = true;
    cmd.content = std::string{c};
    auto doc = update_document(*e.rt, std::move(cmd));
    if (!doc) {
      fail(doc.error());
      return 0;
    }
    clear_error();
    return 1;
  });
}

WM_API char* writemagic_get_document(const char* document_id) {
  return guarded_value<char*>(nullptr, [&]() -> char* {
    std::string_view id;
    if (check_text(document_id, "document_id", id)) return nullptr;
    auto e = enter_compat();
    if (!e) return nullptr;
    auto doc = get_document(*e.rt, std::string{id});
    if (!doc) return fail_null(to_status(doc.error().code), doc.error().message);
    clear_error();
    return to_c_string(compat_document_json(*doc));
  });
}

WM_API char* writemagic_list_documents(int offset, int limit) {
  return guarded_value<char*>(nullptr, [&]() -> char* {
    if (offset < 0 || offset > 10000)
      return fail_null(WM_ERR_INVALID_ARGUMENT, "offset must be from 0 to 10000");
    if (limit < 1 || limit > 1000)
      return fail_null(WM_ERR_INVALID_ARGUMENT, "limit must be from 1 to 1000");
    auto e = enter_compat();
    if (!e) return nullptr;
    list_query q;
    q.offset = static_cast<uint32_t>(offset);
    q.limit = static_cast<uint32_t>(limit);
    auto page = e.rt->call<document_page>(e.rt->service<documents_actor>(services::documents),
                                          std::chrono::seconds(30), list_atom::value, q);
    if (!page) return fail_null(to_status(page.error().code), page.error().message);
    clear_error();
    return to_c_string(compat_list_json(*page));
  });
}

WM_API char* writemagic_complete_text(const char* prompt, const char* model) {
  return guarded_value<char*>(nullptr, [&]() -> char* {
    std::string_view p, m;
    if (check_text(prompt, "prompt", p) || check_optional_text(model, "model", m)) return nullptr;
    auto e = enter_compat();
    if (!e) return nullptr;
    completion_request req;
    req.request_id = e.rt->next_request_id();
    req.model = std::string{m};
    req.messages.push_back({"user", std::string{p}});
    auto timeout = e.rt->cfg().get_duration("ai.request_deadline") + std::chrono::seconds(10);
    auto res = e.rt->call<completion_result>(e.rt->service<gateway_actor>(services::gateway),
                                             timeout, complete_atom::value, req);
    codecs::json_writer w;
    w.begin_object();
    if (res) {
      w.key("completion").value(res->text).key("success").value(true);
      clear_error();
    } else {
      fail(res.error(), req.request_id);
      w.key("error").value(log::redact(res.error().message)).key("success").value(false);
    }
    w.end_object();
    return to_c_string(w.str());
  });
}

WM_API int writemagic_shutdown(void) {
  return guarded_value(0, [&]() -> int {
    auto& g = global();
    std::lock_guard lock{g.mtx};
    if (g.handle == nullptr) {
      fail(WM_ERR_INVALID_HANDLE, "writemagic is not initialized");
      return 0;
    }
    auto st = wm_close(g.handle, 0);
    g.handle = nullptr;
    if (!g.temp_dir.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(g.temp_dir, ec);
      g.temp_dir.clear();
    }
    return st == WM_OK || st == WM_ERR_TIMEOUT ? 1 : 0;
  });
}

WM_API char* writemagic_memory_status(void) {
  return guarded_value<char*>(nullptr, [&]() -> char* {
    codecs::json_writer w;
    w.begin_object();
    w.key("residentBytes").value(resident_bytes());
    w.key("initialized").value(current() != nullptr);
    w.key("openRuntimes").value(static_cast<uint64_t>(live_runtimes()));
    w.end_object();
    clear_error();
    return to_c_string(w.str());
  });
}

WM_API const char* writemagic_get_version(void) {
  return version_text;
}

WM_API void writemagic_free_string(char* s) {
  std::free(s);
}

}  // extern "C"
