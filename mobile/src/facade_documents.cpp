// Entry points: documents, over the documents service (services::documents).
#include <caf/all.hpp>

#include "messages/interfaces.hpp"
#include "mobile/src/document_ops.hpp"
#include "mobile/src/entry.hpp"
#include "mobile/src/guard.hpp"
#include "mobile/src/json_in.hpp"
#include "mobile/src/json_out.hpp"

using namespace wm;
using namespace wm::mobile;

namespace {

constexpr std::chrono::seconds doc_timeout{30};

// Runs one documents request and turns the answer into JSON for *out (if out is given).
template <class R, class ToJson, class... Ts>
wm_status documents_call(const entered& e, char** out, ToJson&& to_json, Ts&&... xs) {
  auto docs = e.rt->service<documents_actor>(services::documents);
  auto answer = e.rt->call<R>(docs, doc_timeout, std::forward<Ts>(xs)...);
  if (!answer) return fail(answer.error());
  if (out == nullptr) {
    clear_error();
    return WM_OK;
  }
  return give_string(out, to_json(*answer));
}

std::string project_json_of(const project& p) {
  return wm::mobile::project_json(p);
}

auto doc_to_json = [](const document& d) { return wm::mobile::document_json(d); };

// The common prologue: out reset, handle entered, id checked.
wm_status prologue(wm_runtime* runtime, char** out, bool out_required, entered& e) {
  if (out != nullptr) *out = nullptr;
  if (out_required && out == nullptr) return fail(WM_ERR_NULL_ARGUMENT, "out_json is NULL");
  e = enter_runtime(runtime);
  return e.status;
}

}  // namespace

extern "C" {

WM_API wm_status wm_document_create(wm_runtime* runtime, const char* document_json,
                                    char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view json;
    if (auto st = check_text(document_json, "document_json", json)) return st;
    auto cmd = parse_create_document(json);
    if (!cmd) return fail(cmd.error());
    return documents_call<document>(e, out_json, doc_to_json, create_atom::value, std::move(*cmd));
  });
}

WM_API wm_status wm_document_get(wm_runtime* runtime, const char* id, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view doc_id;
    if (auto st = check_text(id, "id", doc_id)) return st;
    return documents_call<document>(e, out_json, doc_to_json, get_atom::value, std::string{doc_id});
  });
}

WM_API wm_status wm_document_update(wm_runtime* runtime, const char* id, const char* patch_json,
                                    uint64_t expected_version, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, false, e)) return st;
    std::string_view doc_id, json;
    if (auto st = check_text(id, "id", doc_id)) return st;
    if (auto st = check_text(patch_json, "patch_json", json)) return st;
    auto cmd = parse_document_patch(json);
    if (!cmd) return fail(cmd.error());
    cmd->id = std::string{doc_id};
    cmd->expected_version = expected_version;
    auto doc = update_document(*e.rt, std::move(*cmd));
    if (!doc) return fail(doc.error());
    if (out_json == nullptr) {
      clear_error();
      return WM_OK;
    }
    return give_string(out_json, mobile::document_json(*doc));
  });
}

WM_API wm_status wm_document_delete(wm_runtime* runtime, const char* id,
                                    uint64_t expected_version) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, nullptr, false, e)) return st;
    std::string_view doc_id;
    if (auto st = check_text(id, "id", doc_id)) return st;
    delete_document_cmd cmd{std::string{doc_id}, expected_version};
    return documents_call<document>(e, nullptr, doc_to_json, delete_atom::value, std::move(cmd));
  });
}

WM_API wm_status wm_document_undelete(wm_runtime* runtime, const char* id, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, false, e)) return st;
    std::string_view doc_id;
    if (auto st = check_text(id, "id", doc_id)) return st;
    delete_document_cmd cmd{std::string{doc_id}, 0};
    return documents_call<document>(e, out_json, doc_to_json, undelete_atom::value, std::move(cmd));
  });
}

WM_API wm_status wm_document_list(wm_runtime* runtime, const char* query_json, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view json;
    if (auto st = check_optional_text(query_json, "query_json", json)) return st;
    auto q = parse_list_query(json);
    if (!q) return fail(q.error());
    return documents_call<document_page>(
        e, out_json, [](const document_page& p) { return page_json(p); }, list_atom::value,
        std::move(*q));
  });
}

WM_API wm_status wm_document_history(wm_runtime* runtime, const char* id, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view doc_id;
    if (auto st = check_text(id, "id", doc_id)) return st;
    history_query q;
    q.id = std::string{doc_id};
    q.limit = 1000;
    return documents_call<std::vector<revision>>(
        e, out_json, [](const std::vector<revision>& r) { return revisions_json(r); },
        history_atom::value, std::move(q));
  });
}

WM_API wm_status wm_document_restore(wm_runtime* runtime, const char* id, uint64_t version,
                                     char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, false, e)) return st;
    std::string_view doc_id;
    if (auto st = check_text(id, "id", doc_id)) return st;
    if (version == 0) return fail(WM_ERR_INVALID_ARGUMENT, "version must be at least 1");
    restore_cmd cmd;
    cmd.id = std::string{doc_id};
    cmd.version = version;
    return documents_call<document>(e, out_json, doc_to_json, restore_atom::value, std::move(cmd));
  });
}

WM_API wm_status wm_document_search(wm_runtime* runtime, const char* query, uint32_t limit,
                                    char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view q;
    if (auto st = check_text(query, "query", q)) return st;
    if (limit == 0 || limit > 1000)
      return fail(WM_ERR_INVALID_ARGUMENT, "limit must be from 1 to 1000");
    return documents_call<std::vector<search_hit>>(
        e, out_json, [](const std::vector<search_hit>& h) { return hits_json(h); },
        search_atom::value, std::string{q}, limit);
  });
}

WM_API wm_status wm_document_stats(wm_runtime* runtime, const char* id, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view doc_id;
    if (auto st = check_text(id, "id", doc_id)) return st;
    return documents_call<text_stats>(
        e, out_json, [](const text_stats& s) { return text_stats_json(s); }, stats_atom::value,
        std::string{doc_id});
  });
}

WM_API wm_status wm_project_create(wm_runtime* runtime, const char* project_json, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view json;
    if (auto st = check_text(project_json, "project_json", json)) return st;
    auto cmd = parse_create_project(json);
    if (!cmd) return fail(cmd.error());
    return documents_call<project>(
        e, out_json, [](const project& p) { return project_json_of(p); }, project_atom::value,
        create_atom::value, std::move(*cmd));
  });
}

WM_API wm_status wm_project_get(wm_runtime* runtime, const char* id, char** out_json) {
  return guarded([&]() -> wm_status {
    entered e;
    if (auto st = prologue(runtime, out_json, true, e)) return st;
    std::string_view pid;
    if (auto st = check_text(id, "id", pid)) return st;
    return documents_call<project>(
        e, out_json, [](const project& p) { return project_json_of(p); }, project_atom::value,
        get_atom::value, std::string{pid});
  });
}

}  // extern "C"
