/*
 * writemagic.h: the C facade of the WriteMagic core (C11; no C++ in this header).
 *
 * Conventions (see mobile/README.md for the full text and the ABI rule):
 *  - Every function that can fail returns a wm_status (WM_OK = 0). The details of the last
 *    failure on the calling thread are in wm_last_error(); a successful call resets it.
 *  - Handles are opaque. A closed, freed or bogus wm_runtime* gives WM_ERR_INVALID_HANDLE;
 *    handles are never reused within a process.
 *  - Strings in are NUL-terminated UTF-8 (invalid UTF-8 gives WM_ERR_INVALID_UTF8). Strings
 *    out (char**) are owned by the caller and freed with wm_string_free(); on failure the
 *    out pointer is set to NULL. Structured results are JSON objects with camelCase keys.
 *  - Thread-safe: any thread may call any function at any time, also at once.
 *  - No C++ exception and no abort crosses this boundary.
 */
#ifndef WRITEMAGIC_H
#define WRITEMAGIC_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#define WM_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define WM_API __attribute__((visibility("default")))
#else
#define WM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this header. wm_abi_version() of the loaded library must equal WM_ABI_VERSION. */
#define WM_VERSION_MAJOR 0
#define WM_VERSION_MINOR 1
#define WM_VERSION_PATCH 0
#define WM_ABI_VERSION 1

/* ---- status codes ---------------------------------------------------------------------- */
/* 1..63 are the core's error codes (wm::errc, the same numbers on every edge); 64.. are the
 * facade's own. New codes may be added; existing numbers never change. */
typedef int32_t wm_status;
enum {
  WM_OK = 0,
  WM_ERR_INVALID_ARGUMENT = 1, /* bad input: malformed JSON, out-of-range value, bad id */
  WM_ERR_NOT_FOUND = 2,
  WM_ERR_CONFLICT = 3, /* expected version did not match */
  WM_ERR_TIMEOUT = 4,
  WM_ERR_RATE_LIMITED = 5,
  WM_ERR_UNAVAILABLE = 6, /* a service is not running (e.g. AI without a provider) */
  WM_ERR_CIRCUIT_OPEN = 7,
  WM_ERR_PROVIDER = 8,
  WM_ERR_CANCELLED = 9,
  WM_ERR_SHUTTING_DOWN = 10,
  WM_ERR_INTERNAL = 11,
  WM_ERR_UNAUTHORIZED = 12,
  WM_ERR_FORBIDDEN = 13,
  WM_ERR_PAYLOAD_TOO_LARGE = 14,
  WM_ERR_INVALID_HANDLE = 64, /* closed, freed or bogus handle */
  WM_ERR_NULL_ARGUMENT = 65,  /* a required pointer argument was NULL */
  WM_ERR_INVALID_UTF8 = 66    /* a string argument is not valid UTF-8 */
};

/* Stable snake_case name of a status ("ok", "not_found", "invalid_handle", ...). Never NULL. */
WM_API const char* wm_status_name(wm_status status);

/* ---- errors ----------------------------------------------------------------------------- */
typedef struct wm_error {
  wm_status code;         /* WM_OK when the last call on this thread succeeded */
  const char* message;    /* never NULL; "" when code is WM_OK */
  const char* request_id; /* never NULL; the request the failure belongs to, or "" */
} wm_error;

/* The last failure on the calling thread (thread-local). Never NULL. The pointers stay valid
 * until the next call into this library on the same thread. */
WM_API const wm_error* wm_last_error(void);

/* ---- version ---------------------------------------------------------------------------- */
/* "0.1.0" (static storage; do not free). */
WM_API const char* wm_version(void);
/* The ABI generation of the loaded library; compare with WM_ABI_VERSION at start-up. */
WM_API uint32_t wm_abi_version(void);

/* ---- strings ---------------------------------------------------------------------------- */
/* Frees a string returned through a char** out parameter. NULL is ignored. */
WM_API void wm_string_free(char* s);

/* ---- runtime ---------------------------------------------------------------------------- */
typedef struct wm_runtime wm_runtime;

/* Opens a runtime. config_json is a JSON object (NULL or "" for all defaults) whose keys are
 * the configuration keys of config/writemagic.ini, flat ("log.level": "warn") or nested
 * ({"log": {"level": "warn"}}); "profile" picks the profile ("mobile" by default) and
 * "provider": {"<name>": {...}} declares AI providers. Values are strings, numbers or
 * booleans. "apiKeys": {"<provider name>": "<key>"} hands API keys over directly (kept in
 * memory with its provider, never put in the process environment nor written to the
 * configuration, masked in logs). WM_* environment variables of
 * the process apply on top of the JSON, as in the node. */
WM_API wm_status wm_open(const char* config_json, wm_runtime** out_runtime);

/* As wm_open, with the configuration from a file: a JSON object as above if the file starts
 * with '{', otherwise the INI format of config/writemagic.ini. */
WM_API wm_status wm_open_file(const char* path, wm_runtime** out_runtime);

/* Runs the phased shutdown (each phase waits at most deadline_ms; 0 = the configured
 * shutdown.phase_deadline), ends every running completion (its last event is WM_EVENT_ERROR
 * with WM_ERR_SHUTTING_DOWN), waits until no callback runs any more, and invalidates the
 * handle. Calls running on other threads at that moment fail with WM_ERR_SHUTTING_DOWN or
 * WM_ERR_INVALID_HANDLE. Must not be called from a callback of the same runtime (gives
 * WM_ERR_INVALID_ARGUMENT). */
WM_API wm_status wm_close(wm_runtime* runtime, uint32_t deadline_ms);

/* {"profile","dataDir","residentBytes","openRuntimes","pendingEvents","activeStreams"}. */
WM_API wm_status wm_runtime_info(wm_runtime* runtime, char** out_json);

/* The runtime's metrics in Prometheus text format 0.0.4. */
WM_API wm_status wm_metrics(wm_runtime* runtime, char** out_text);

/* ---- documents -------------------------------------------------------------------------- */
/* Document JSON: {"id","projectId","title","content","contentType","contentHash",
 * "wordCount","characterCount","createdAt","updatedAt","createdBy","updatedBy","version",
 * "isDeleted"} (timestamps are milliseconds since the Unix epoch, characterCount counts
 * code points). Summaries (lists) are the same without content and contentHash. */

/* document_json: {"title", "content", "contentType" (default "markdown"), "projectId"?,
 * "author"?}. Returns the new document. */
WM_API wm_status wm_document_create(wm_runtime* runtime, const char* document_json,
                                    char** out_json);
WM_API wm_status wm_document_get(wm_runtime* runtime, const char* id, char** out_json);
/* patch_json: any of {"title","content","contentType","author"}. The update applies only if
 * the stored version equals expected_version (else WM_ERR_CONFLICT); WM_ANY_VERSION skips the
 * check: the update applies on top of whatever version is current when the runtime takes it
 * (writes to one document are serialized, so concurrent writers never conflict). Returns the
 * document after the update. */
#define WM_ANY_VERSION 0u
WM_API wm_status wm_document_update(wm_runtime* runtime, const char* id, const char* patch_json,
                                    uint64_t expected_version, char** out_json);
/* Soft delete. expected_version as for update. */
WM_API wm_status wm_document_delete(wm_runtime* runtime, const char* id, uint64_t expected_version);
/* Undoes a soft delete: the document is live again as it was (same version). Returns it. */
WM_API wm_status wm_document_undelete(wm_runtime* runtime, const char* id, char** out_json);
/* query_json (NULL = defaults): {"offset" 0..10000, "limit" 1..1000 (50), "projectId",
 * "sort": "updated"|"created"|"title", "includeDeleted", "afterId"}. "afterId" is the id of
 * the last document of the previous page: the page starts after it in the sort order (keyset
 * paging, no offset cap; WM_ERR_NOT_FOUND when that document is gone). Returns
 * {"documents":[summary...],"count":N,"total":T}. */
WM_API wm_status wm_document_list(wm_runtime* runtime, const char* query_json, char** out_json);
/* {"revisions":[{"documentId","version","title","content","createdAt","author"}...]} */
WM_API wm_status wm_document_history(wm_runtime* runtime, const char* id, char** out_json);
/* Makes the content of `version` the current content (a new version). Returns the document. */
WM_API wm_status wm_document_restore(wm_runtime* runtime, const char* id, uint64_t version,
                                     char** out_json);
/* Full-text search. {"hits":[{"documentId","title","snippet","rank"}...]} best first. */
WM_API wm_status wm_document_search(wm_runtime* runtime, const char* query, uint32_t limit,
                                    char** out_json);
/* Text statistics of a stored document: {"words","characters","graphemes","sentences",
 * "paragraphs","syllables","readingTimeSeconds","fleschReadingEase","fleschKincaidGrade",
 * "readabilityLevel"}. */
WM_API wm_status wm_document_stats(wm_runtime* runtime, const char* id, char** out_json);
/* The same statistics of any UTF-8 text (no runtime needed). */
WM_API wm_status wm_text_stats(const char* text, size_t length, char** out_json);

/* Projects: {"id","name","description","documentIds","createdAt","updatedAt","version"}
 * (timestamps ISO-8601 UTC, as the original core). project_json: {"name","description"}. */
WM_API wm_status wm_project_create(wm_runtime* runtime, const char* project_json, char** out_json);
WM_API wm_status wm_project_get(wm_runtime* runtime, const char* id, char** out_json);

/* ---- AI completions --------------------------------------------------------------------- */
enum {
  WM_EVENT_CHUNK = 1, /* text: the next piece of the completion */
  WM_EVENT_DONE = 2,  /* json: {"requestId","text","finishReason","provider","model",
                         "promptTokens","completionTokens","attempts"}; the last event */
  WM_EVENT_ERROR = 3  /* status + json: the error body; the last event */
};

typedef struct wm_event {
  int32_t kind;           /* WM_EVENT_* */
  wm_status status;       /* WM_OK, or the failure of a WM_EVENT_ERROR */
  const char* request_id; /* never NULL */
  const char* text;       /* never NULL; the chunk (WM_EVENT_CHUNK), else "" */
  size_t text_length;     /* bytes in text */
  const char* json;       /* never NULL; result or error body (DONE / ERROR), else "" */
} wm_event;

/* Called once per event of one completion, in order; the last call has kind DONE or ERROR.
 * THREAD: callbacks run on the runtime's own callback thread (one per runtime, created by
 * wm_open), one at a time, never on the caller's thread and never after wm_close returns.
 * The event and its strings are valid only during the call. A callback may call any
 * function of this library except wm_close on its own runtime; it should return quickly
 * (it delays the events of every other completion of the runtime). */
typedef void (*wm_event_callback)(const wm_event* event, void* user_data);

/* Starts a streamed completion. request_json: {"prompt": "..."} or {"messages":
 * [{"role","content"}...]}, optional "system", "model" (empty: the provider's default),
 * "maxTokens", "temperature", "requestId" (generated when absent), "deadlineMs".
 * With callback == NULL the events go to the runtime's poll queue (wm_poll_event), for apps
 * that handle everything on their UI thread. *out_request_id (may be NULL) receives the
 * request id; free it with wm_string_free. A failure to start is reported here and produces
 * no event. */
WM_API wm_status wm_complete(wm_runtime* runtime, const char* request_json,
                             wm_event_callback callback, void* user_data, char** out_request_id);

/* Starts a streamed writing operation, with the events, request id and cancellation of
 * wm_complete. request_json: {"operation": "continue" | "rewrite" | "summarize" |
 * "proofread", and "text": "..." or "documentId": "..." (its current content)}, optional
 * "model", "maxTokens", "temperature", "requestId", "deadlineMs". The prompt comes from the
 * runtime's config (ai.system_prompt, ai.prompt.<operation>); the text is trimmed to
 * ai.max_context_chars (continue keeps its end, the others its beginning). An unknown
 * document is WM_ERR_NOT_FOUND here, and produces no event. */
WM_API wm_status wm_write(wm_runtime* runtime, const char* request_json, wm_event_callback callback,
                          void* user_data, char** out_request_id);

/* Cancels a running completion. Its last event is WM_EVENT_ERROR with WM_ERR_CANCELLED (or
 * DONE if it finished first). Unknown or finished ids give WM_ERR_NOT_FOUND. */
WM_API wm_status wm_cancel(wm_runtime* runtime, const char* request_id);

/* Takes the next event of the poll queue, waiting up to timeout_ms (0: do not wait).
 * *out_event is NULL when none arrived; otherwise free it with wm_event_free. */
WM_API wm_status wm_poll_event(wm_runtime* runtime, uint32_t timeout_ms, wm_event** out_event);
WM_API void wm_event_free(wm_event* event);

/* ---- compatibility layer: the entry points of the original WriteMagic core ---------------
 * One process-wide runtime (profile mobile), opened by the first successful initialize call
 * (later calls return 1 and change nothing until writemagic_shutdown). Failures return
 * 0 / NULL with the reason in wm_last_error(). Returned strings: writemagic_free_string. */
WM_API int writemagic_initialize(int use_sqlite);
/* Keys may be NULL or empty (AI calls then fail with a clear error; documents still work). */
WM_API int writemagic_initialize_with_ai(int use_sqlite, const char* claude_key,
                                         const char* openai_key);
/* Returns the new document's id. */
WM_API char* writemagic_create_document(const char* title, const char* content,
                                        const char* content_type);
WM_API int writemagic_update_document_content(const char* document_id, const char* content);
/* {"id","title","content","contentType","wordCount","characterCount","createdAt",
 * "updatedAt","version","isDeleted"} (timestamps: ISO-8601 UTC). */
WM_API char* writemagic_get_document(const char* document_id);
/* {"documents":[... without content ...],"count":N} */
WM_API char* writemagic_list_documents(int offset, int limit);
/* {"completion":"...","success":true} or {"error":"...","success":false}; blocks until the
 * completion ends. NULL or "" model: the provider's default. */
WM_API char* writemagic_complete_text(const char* prompt, const char* model);
WM_API int writemagic_shutdown(void);
WM_API char* writemagic_memory_status(void);
WM_API const char* writemagic_get_version(void);
WM_API void writemagic_free_string(char* s);

#ifdef __cplusplus
}
#endif

#endif /* WRITEMAGIC_H */
