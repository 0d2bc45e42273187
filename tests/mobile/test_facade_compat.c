#define _GNU_SOURCE
/* The original core's entry points over the process-wide runtime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm_check.h"
#include "wm_test_util.h"

static void compat_lifecycle(void) {
  /* before initialize: NULL / 0 with a reason that says so */
  CHECK(writemagic_get_document("x") == NULL);
  CHECK(wm_last_error()->code == WM_ERR_INVALID_HANDLE);
  CHECK_CONTAINS(wm_last_error()->message, "writemagic_initialize");
  CHECK(writemagic_create_document("t", "c", NULL) == NULL);
  CHECK_CONTAINS(wm_last_error()->message, "not initialized");
  CHECK(writemagic_shutdown() == 0);
  CHECK(strcmp(writemagic_get_version(), wm_version()) == 0);

  CHECK(writemagic_initialize_with_ai(0, NULL, "") == 1);
  CHECK(writemagic_initialize(1) == 1); /* idempotent */

  char* id = writemagic_create_document("Draft", "one two three", "markdown");
  CHECK(id != NULL && strlen(id) == 36);
  CHECK(writemagic_update_document_content(id, "one two three four \xc3\xa9") == 1);
  char* doc = writemagic_get_document(id);
  CHECK(doc != NULL);
  CHECK(wm_test_json_int(doc, "wordCount") == 5);
  CHECK(wm_test_json_int(doc, "characterCount") == 20);
  CHECK(wm_test_json_int(doc, "version") == 2);
  CHECK_CONTAINS(doc, "\"contentType\":\"markdown\"");
  CHECK_CONTAINS(doc, "\"isDeleted\":false");
  CHECK_CONTAINS(doc, "\"createdAt\":\"20"); /* ISO-8601 */
  writemagic_free_string(doc);

  char* list = writemagic_list_documents(0, 10);
  CHECK(list != NULL);
  CHECK(wm_test_json_int(list, "count") == 1);
  CHECK(strstr(list, "\"content\"") == NULL);
  writemagic_free_string(list);
  CHECK(writemagic_list_documents(-1, 10) == NULL);
  CHECK(wm_last_error()->code == WM_ERR_INVALID_ARGUMENT);

  CHECK(writemagic_create_document(NULL, "x", NULL) == NULL);
  CHECK(wm_last_error()->code == WM_ERR_NULL_ARGUMENT);
  CHECK(writemagic_update_document_content(id, "\xff") == 0);
  CHECK(wm_last_error()->code == WM_ERR_INVALID_UTF8);

  /* no keys: AI fails clearly, documents keep working */
  char* completion = writemagic_complete_text("hello", NULL);
  CHECK(completion != NULL);
  CHECK_CONTAINS(completion, "\"success\":false");
  CHECK_CONTAINS(completion, "\"error\":");
  writemagic_free_string(completion);

  char* mem = writemagic_memory_status();
  CHECK(mem != NULL);
  CHECK(wm_test_json_int(mem, "residentBytes") > 0);
  writemagic_free_string(mem);
  writemagic_free_string(id);

  CHECK(writemagic_shutdown() == 1);
  CHECK(writemagic_get_document("x") == NULL);
  CHECK_CONTAINS(wm_last_error()->message, "not initialized");
  CHECK(writemagic_shutdown() == 0);
}

static void compat_completion_with_key(void) {
  int port = wm_test_fake_provider_start();
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.1:%d/v1", port);
  setenv("WM_PROVIDER__OPENAI__BASE_URL", url, 1);
  CHECK(writemagic_initialize_with_ai(0, NULL, "sk-compat-key") == 1);
  char* completion = writemagic_complete_text("hello", "");
  CHECK(completion != NULL);
  CHECK_CONTAINS(completion, "{\"completion\":\"Hello, world!\",\"success\":true}");
  writemagic_free_string(completion);
  CHECK(writemagic_shutdown() == 1);
  wm_test_fake_provider_stop();
}

TEST_MAIN_BEGIN
RUN(compat_lifecycle);
RUN(compat_completion_with_key);
TEST_MAIN_END
