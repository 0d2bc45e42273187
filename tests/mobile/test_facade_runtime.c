/* The facade's basics: version, errors, handles, open/close, runtime info, text stats. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm_check.h"
#include "wm_test_util.h"

static void version_and_abi(void) {
  CHECK(strcmp(wm_version(), "0.1.0") == 0);
  CHECK(wm_abi_version() == WM_ABI_VERSION);
  CHECK(strcmp(wm_status_name(WM_OK), "ok") == 0);
  CHECK(strcmp(wm_status_name(WM_ERR_NOT_FOUND), "not_found") == 0);
  CHECK(strcmp(wm_status_name(WM_ERR_INVALID_HANDLE), "invalid_handle") == 0);
  CHECK(strcmp(wm_status_name(12345), "unknown") == 0);
}

static void last_error_starts_clear_and_is_reset_by_success(void) {
  const wm_error* e = wm_last_error();
  CHECK(e != NULL && e->code == WM_OK && e->message != NULL && e->request_id != NULL);
  CHECK_STATUS(wm_close(NULL, 0), WM_ERR_NULL_ARGUMENT);
  CHECK(wm_last_error()->code == WM_ERR_NULL_ARGUMENT);
  CHECK(strlen(wm_last_error()->message) > 0);
  char* json = NULL;
  CHECK_OK(wm_text_stats("a b", 3, &json));
  wm_string_free(json);
  CHECK(wm_last_error()->code == WM_OK);
  CHECK(wm_last_error()->message[0] == '\0');
}

static void open_rejects_bad_config(void) {
  wm_runtime* rt = (wm_runtime*)0x1;
  CHECK_STATUS(wm_open("{not json", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK(rt == NULL);
  CHECK_STATUS(wm_open("{\"log\":{\"level\":\"loud\"}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "log.level");
  CHECK_STATUS(wm_open("{\"no_such\":{\"key\":1}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_open("[1,2]", &rt), WM_ERR_INVALID_ARGUMENT);
  /* the store needs a directory: ":memory:" once became a directory of that name */
  CHECK_STATUS(wm_open("{\"runtime\":{\"data_dir\":\":memory:\"}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "runtime.data_dir");
  CHECK_STATUS(wm_open("{\"runtime\":{\"data_dir\":\"\"}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_open("{\"apiKeys\":{\"nobody\":\"k\"}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_open("{\"log\":{\"level\":\"\xff\"}}", &rt), WM_ERR_INVALID_UTF8);
  CHECK_STATUS(wm_open(NULL, NULL), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_open_file(NULL, &rt), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_open_file("/nonexistent/writemagic.ini", &rt), WM_ERR_NOT_FOUND);
}

static void open_close_and_stale_handles(void) {
  wm_runtime* rt = wm_test_open(NULL);
  char* info = NULL;
  CHECK_OK(wm_runtime_info(rt, &info));
  CHECK_CONTAINS(info, "\"profile\":\"mobile\"");
  CHECK(wm_test_json_int(info, "schedulerThreads") == 2);
  CHECK(wm_test_json_int(info, "residentBytes") > 0);
  wm_string_free(info);
  char* metrics = NULL;
  CHECK_OK(wm_metrics(rt, &metrics));
  CHECK_CONTAINS(metrics, "writemagic_");
  wm_string_free(metrics);
  CHECK_OK(wm_close(rt, 1000));
  /* the handle is dead now: every use is detected */
  CHECK_STATUS(wm_close(rt, 0), WM_ERR_INVALID_HANDLE);
  CHECK_STATUS(wm_runtime_info(rt, &info), WM_ERR_INVALID_HANDLE);
  CHECK(info == NULL);
  CHECK_STATUS(wm_document_get(rt, "x", &info), WM_ERR_INVALID_HANDLE);
  /* made-up handles */
  CHECK_STATUS(wm_runtime_info((wm_runtime*)0x1234, &info), WM_ERR_INVALID_HANDLE);
  CHECK_STATUS(wm_runtime_info((wm_runtime*)(uintptr_t)0xdeadbeefa5, &info), WM_ERR_INVALID_HANDLE);
  int on_stack = 0;
  CHECK_STATUS(wm_close((wm_runtime*)&on_stack, 0), WM_ERR_INVALID_HANDLE);
  /* a new runtime never gets an old handle's value */
  wm_runtime* rt2 = wm_test_open(NULL);
  CHECK(rt2 != rt);
  CHECK_STATUS(wm_runtime_info(rt, &info), WM_ERR_INVALID_HANDLE);
  CHECK_OK(wm_close(rt2, 0));
}

/* Two runtimes on one data dir: the second open is refused (each caches documents the other
 * would change, so one would serve stale text); after the first closes, it opens. */
static void second_runtime_on_the_same_data_dir_is_refused(void) {
  char dir[512], json[1024];
  wm_test_temp_dir(dir, sizeof dir);
  snprintf(json, sizeof json, "{\"runtime\":{\"data_dir\":\"%s\"},\"log\":{\"level\":\"off\"}}",
           dir);
  wm_runtime* first = NULL;
  CHECK_OK(wm_open(json, &first));
  wm_runtime* second = NULL;
  CHECK_STATUS(wm_open(json, &second), WM_ERR_UNAVAILABLE);
  CHECK(second == NULL);
  CHECK(strstr(wm_last_error()->message, "is held by another runtime") != NULL);
  CHECK_OK(wm_close(first, 0));
  CHECK_OK(wm_open(json, &second));
  CHECK_OK(wm_close(second, 0));
}

static void open_file_ini_and_json(void) {
  char dir[512], path[600];
  wm_test_temp_dir(dir, sizeof dir);
  snprintf(path, sizeof path, "%s/wm.ini", dir);
  FILE* f = fopen(path, "w");
  CHECK(f != NULL);
  fprintf(f, "[runtime]\ndata_dir = \"%s/data\"\n[log]\nlevel = warn\n", dir);
  fclose(f);
  wm_runtime* rt = NULL;
  CHECK_OK(wm_open_file(path, &rt));
  char* info = NULL;
  CHECK_OK(wm_runtime_info(rt, &info));
  CHECK_CONTAINS(info, "/data\"");
  wm_string_free(info);
  CHECK_OK(wm_close(rt, 0));
  snprintf(path, sizeof path, "%s/wm.json", dir);
  f = fopen(path, "w");
  CHECK(f != NULL);
  fprintf(f,
          "  {\"runtime.data_dir\":\"%s/j\",\"log.level\":\"error\",\"profile\":\"server\","
          "\"http\":{\"listen\":\"\"}}",
          dir);
  fclose(f);
  CHECK_OK(wm_open_file(path, &rt));
  CHECK_OK(wm_runtime_info(rt, &info));
  CHECK_CONTAINS(info, "\"profile\":\"server\"");
  wm_string_free(info);
  CHECK_OK(wm_close(rt, 0));
}

static void text_stats_pure(void) {
  char* json = NULL;
  const char* text = "The cat sat. The dog ran! \xe6\x97\xa5\xe6\x9c\xac";
  CHECK_OK(wm_text_stats(text, strlen(text), &json));
  CHECK(wm_test_json_int(json, "sentences") == 3);
  CHECK(wm_test_json_int(json, "characters") == 28);
  CHECK_CONTAINS(json, "readabilityLevel");
  wm_string_free(json);
  CHECK_STATUS(wm_text_stats("ab\xc3", 3, &json), WM_ERR_INVALID_UTF8);
  CHECK(json == NULL);
  CHECK_STATUS(wm_text_stats(NULL, 4, &json), WM_ERR_NULL_ARGUMENT);
  CHECK_OK(wm_text_stats(NULL, 0, &json));
  wm_string_free(json);
  CHECK_STATUS(wm_text_stats("x", 1, NULL), WM_ERR_NULL_ARGUMENT);
}

static void frees_tolerate_null_and_bogus(void) {
  wm_string_free(NULL);
  wm_event_free(NULL);
  wm_event ev;
  memset(&ev, 0, sizeof ev);
  wm_event_free(&ev); /* not ours: refused, not freed */
  CHECK(wm_last_error()->code == WM_ERR_INVALID_HANDLE);
}

static void poll_on_idle_runtime(void) {
  wm_runtime* rt = wm_test_open(NULL);
  wm_event* ev = (wm_event*)0x1;
  CHECK_OK(wm_poll_event(rt, 0, &ev));
  CHECK(ev == NULL);
  CHECK_OK(wm_poll_event(rt, 20, &ev));
  CHECK(ev == NULL);
  CHECK_STATUS(wm_poll_event(rt, 0, NULL), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_cancel(rt, "nope"), WM_ERR_NOT_FOUND);
  CHECK_STATUS(wm_cancel(rt, NULL), WM_ERR_NULL_ARGUMENT);
  CHECK_OK(wm_close(rt, 0));
  CHECK_STATUS(wm_poll_event(rt, 0, &ev), WM_ERR_INVALID_HANDLE);
}

TEST_MAIN_BEGIN
RUN(version_and_abi);
RUN(last_error_starts_clear_and_is_reset_by_success);
RUN(open_rejects_bad_config);
RUN(open_close_and_stale_handles);
RUN(second_runtime_on_the_same_data_dir_is_refused);
RUN(open_file_ini_and_json);
RUN(text_stats_pure);
RUN(frees_tolerate_null_and_bogus);
RUN(poll_on_idle_runtime);
TEST_MAIN_END
