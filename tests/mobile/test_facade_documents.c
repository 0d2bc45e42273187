/* Documents through the facade: CRUD with versions, list, history, restore, search, stats,
 * NULL pointers, invalid UTF-8 and huge inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm_check.h"
#include "wm_test_util.h"

static char* create(wm_runtime* rt, const char* title, const char* content, char* id,
                    size_t id_size) {
  char json[4096];
  snprintf(json, sizeof json, "{\"title\":\"%s\",\"content\":\"%s\",\"contentType\":\"markdown\"}",
           title, content);
  char* out = NULL;
  CHECK_OK(wm_document_create(rt, json, &out));
  CHECK(wm_test_json_string(out, "id", id, id_size));
  return out;
}

static void crud_with_versions(void) {
  wm_runtime* rt = wm_test_open(NULL);
  char id[64];
  char* doc = create(rt, "Notes", "Hello brave new world", id, sizeof id);
  CHECK(strlen(id) == 36);
  CHECK(wm_test_json_int(doc, "version") == 1);
  CHECK(wm_test_json_int(doc, "wordCount") == 4);
  CHECK(wm_test_json_int(doc, "characterCount") == 21);
  CHECK_CONTAINS(doc, "\"isDeleted\":false");
  wm_string_free(doc);

  char* got = NULL;
  CHECK_OK(wm_document_get(rt, id, &got));
  CHECK_CONTAINS(got, "\"content\":\"Hello brave new world\"");
  wm_string_free(got);

  char* updated = NULL;
  CHECK_OK(wm_document_update(rt, id, "{\"content\":\"h\xc3\xa9llo\"}", 1, &updated));
  CHECK(wm_test_json_int(updated, "version") == 2);
  CHECK(wm_test_json_int(updated, "characterCount") == 5); /* code points, not bytes */
  wm_string_free(updated);
  /* a stale expected version conflicts */
  CHECK_STATUS(wm_document_update(rt, id, "{\"title\":\"T\"}", 1, &updated), WM_ERR_CONFLICT);
  CHECK(updated == NULL);
  /* WM_ANY_VERSION applies on top of whatever is current */
  CHECK_OK(wm_document_update(rt, id, "{\"title\":\"Renamed\"}", WM_ANY_VERSION, NULL));
  CHECK_OK(wm_document_get(rt, id, &got));
  CHECK_CONTAINS(got, "\"title\":\"Renamed\"");
  CHECK(wm_test_json_int(got, "version") == 3);
  wm_string_free(got);

  char* history = NULL;
  CHECK_OK(wm_document_history(rt, id, &history));
  CHECK_CONTAINS(history, "\"revisions\":[");
  CHECK_CONTAINS(history, "Hello brave new world");
  wm_string_free(history);

  char* restored = NULL;
  CHECK_OK(wm_document_restore(rt, id, 1, &restored));
  CHECK_CONTAINS(restored, "\"content\":\"Hello brave new world\"");
  CHECK(wm_test_json_int(restored, "version") == 4);
  wm_string_free(restored);

  char* stats = NULL;
  CHECK_OK(wm_document_stats(rt, id, &stats));
  CHECK(wm_test_json_int(stats, "words") == 4);
  wm_string_free(stats);

  CHECK_STATUS(wm_document_delete(rt, id, 1), WM_ERR_CONFLICT);
  CHECK_OK(wm_document_delete(rt, id, WM_ANY_VERSION));
  char* gone = NULL;
  CHECK_STATUS(wm_document_get(rt, id, &gone), WM_ERR_NOT_FOUND);
  /* a soft delete can be undone: the same document, at the same version */
  char* back = NULL;
  CHECK_OK(wm_document_undelete(rt, id, &back));
  CHECK(wm_test_json_int(back, "version") == 4);
  CHECK_CONTAINS(back, "\"isDeleted\":false");
  wm_string_free(back);
  CHECK_OK(wm_document_get(rt, id, &back));
  wm_string_free(back);
  CHECK_STATUS(wm_document_undelete(rt, "00000000-0000-4000-8000-00000000dead", NULL),
               WM_ERR_NOT_FOUND);
  CHECK_OK(wm_close(rt, 0));
}

static void list_and_search(void) {
  wm_runtime* rt = wm_test_open(NULL);
  char id[64];
  for (int i = 0; i < 5; ++i) {
    char title[32];
    snprintf(title, sizeof title, "Doc %d", i);
    wm_string_free(create(rt, title, i == 3 ? "a zebra crossing" : "plain words", id, sizeof id));
  }
  char* list = NULL;
  CHECK_OK(wm_document_list(rt, NULL, &list));
  CHECK(wm_test_json_int(list, "count") == 5);
  CHECK(strstr(list, "\"content\"") == NULL); /* summaries carry no content */
  wm_string_free(list);
  CHECK_OK(wm_document_list(rt, "{\"offset\":1,\"limit\":2,\"sort\":\"title\"}", &list));
  CHECK(wm_test_json_int(list, "count") == 2);
  CHECK(wm_test_json_int(list, "total") == 5);
  CHECK_CONTAINS(list, "Doc 1");
  wm_string_free(list);
  /* Keyset paging: after the newest ("Doc 4", the last id created) comes "Doc 3". */
  char after[160];
  snprintf(after, sizeof after, "{\"afterId\":\"%s\",\"sort\":\"created\",\"limit\":1}", id);
  CHECK_OK(wm_document_list(rt, after, &list));
  CHECK(wm_test_json_int(list, "count") == 1);
  CHECK_CONTAINS(list, "Doc 3");
  wm_string_free(list);
  CHECK_STATUS(
      wm_document_list(rt, "{\"afterId\":\"00000000-0000-4000-8000-000000000000\"}", &list),
      WM_ERR_NOT_FOUND);
  CHECK_STATUS(wm_document_list(rt, "{\"afterId\":7}", &list), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_list(rt, "{\"limit\":0}", &list), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_list(rt, "{\"limit\":5000}", &list), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_list(rt, "{\"bogus\":1}", &list), WM_ERR_INVALID_ARGUMENT);
  CHECK(list == NULL);

  char* hits = NULL;
  CHECK_OK(wm_document_search(rt, "zebra", 10, &hits));
  CHECK_CONTAINS(hits, "Doc 3");
  CHECK(strstr(hits, "Doc 1") == NULL);
  wm_string_free(hits);
  CHECK_STATUS(wm_document_search(rt, "zebra", 0, &hits), WM_ERR_INVALID_ARGUMENT);
  CHECK_OK(wm_close(rt, 0));
}

static void bad_arguments(void) {
  wm_runtime* rt = wm_test_open(NULL);
  char* out = (char*)0x1;
  CHECK_STATUS(wm_document_create(rt, NULL, &out), WM_ERR_NULL_ARGUMENT);
  CHECK(out == NULL);
  CHECK_STATUS(wm_document_create(rt, "{\"title\":\"x\"}", NULL), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_create(rt, "{\"content\":\"no title\"}", &out), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_create(rt, "{\"title\":\"\"}", &out), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_create(rt, "{\"title\":\"x\",\"contentType\":\"exe\"}", &out),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_create(rt, "{\"title\":\"x\",\"content\":\"\xc0\xaf\"}", &out),
               WM_ERR_INVALID_UTF8);
  CHECK_STATUS(wm_document_create(rt, "{\"title\":1}", &out), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_get(rt, NULL, &out), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_get(rt, "\xff\xfe", &out), WM_ERR_INVALID_UTF8);
  CHECK_STATUS(wm_document_get(rt, "00000000-0000-4000-8000-000000000000", &out), WM_ERR_NOT_FOUND);
  CHECK_STATUS(wm_document_get(NULL, "x", &out), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_update(rt, "x", "{}", 1, NULL), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_update(rt, "x", NULL, 1, NULL), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_delete(rt, NULL, 0), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_restore(rt, "x", 0, NULL), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_document_history(rt, "x", NULL), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_search(rt, NULL, 5, &out), WM_ERR_NULL_ARGUMENT);
  CHECK_STATUS(wm_document_stats(rt, NULL, &out), WM_ERR_NULL_ARGUMENT);
  CHECK_OK(wm_close(rt, 0));
}

static void huge_inputs(void) {
  wm_runtime* rt = wm_test_open(NULL);
  /* 10,485,760 ASCII characters: the largest content the original accepted */
  size_t n = 10485760;
  char* json = malloc(n + 64);
  CHECK(json != NULL);
  int head = sprintf(json, "{\"title\":\"big\",\"content\":\"");
  memset(json + head, 'a', n);
  strcpy(json + head + n, "\"}");
  char* out = NULL;
  CHECK_OK(wm_document_create(rt, json, &out));
  CHECK(wm_test_json_int(out, "characterCount") == (long long)n);
  wm_string_free(out);
  free(json);
  /* 64 MiB is refused before anything is parsed */
  size_t big = (size_t)64 << 20;
  char* huge = malloc(big + 1);
  CHECK(huge != NULL);
  memset(huge, 'b', big);
  huge[big] = '\0';
  CHECK_STATUS(wm_document_create(rt, huge, &out), WM_ERR_PAYLOAD_TOO_LARGE);
  CHECK_STATUS(wm_document_get(rt, huge, &out), WM_ERR_PAYLOAD_TOO_LARGE);
  free(huge);
  CHECK_OK(wm_close(rt, 0));
}

TEST_MAIN_BEGIN
RUN(crud_with_versions);
RUN(list_and_search);
RUN(bad_arguments);
RUN(huge_inputs);
TEST_MAIN_END
