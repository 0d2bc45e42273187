/* Thread safety: 8 threads calling at once, a close racing with calls in flight, a close from
 * another thread than the open. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wm_check.h"
#include "wm_test_util.h"

enum { threads = 8, rounds = 40 };

static wm_runtime* shared_rt;

static void* worker(void* arg) {
  int n = (int)(size_t)arg;
  for (int i = 0; i < rounds; ++i) {
    char json[128], id[64];
    snprintf(json, sizeof json, "{\"title\":\"t%d-%d\",\"content\":\"words %d\"}", n, i, i);
    char* doc = NULL;
    CHECK_OK(wm_document_create(shared_rt, json, &doc));
    CHECK(wm_test_json_string(doc, "id", id, sizeof id));
    wm_string_free(doc);
    CHECK_OK(wm_document_get(shared_rt, id, &doc));
    char title[64];
    snprintf(title, sizeof title, "\"title\":\"t%d-%d\"", n, i);
    CHECK_CONTAINS(doc, title); /* this thread's own document */
    wm_string_free(doc);
    CHECK_OK(wm_document_update(shared_rt, id, "{\"content\":\"changed\"}", 1, NULL));
    CHECK_STATUS(wm_document_get(shared_rt, "00000000-0000-4000-8000-00000000dead", &doc),
                 WM_ERR_NOT_FOUND);
    CHECK(wm_last_error()->code == WM_ERR_NOT_FOUND); /* thread-local, not clobbered */
    char* list = NULL;
    CHECK_OK(wm_document_list(shared_rt, "{\"limit\":5}", &list));
    wm_string_free(list);
  }
  return NULL;
}

static void eight_threads_at_once(void) {
  shared_rt = wm_test_open(NULL);
  pthread_t t[threads];
  for (int i = 0; i < threads; ++i)
    CHECK(pthread_create(&t[i], NULL, worker, (void*)(size_t)i) == 0);
  for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
  char* list = NULL;
  CHECK_OK(wm_document_list(shared_rt, "{\"limit\":1}", &list));
  CHECK(wm_test_json_int(list, "total") == threads * rounds);
  wm_string_free(list);
  CHECK_OK(wm_close(shared_rt, 0));
}

static void* racer(void* arg) {
  (void)arg;
  for (int i = 0; i < 2000; ++i) {
    char* doc = NULL;
    wm_status s = wm_document_create(shared_rt, "{\"title\":\"race\"}", &doc);
    if (s == WM_OK) {
      wm_string_free(doc);
      continue;
    }
    /* once closed, every call fails cleanly */
    CHECK(s == WM_ERR_INVALID_HANDLE || s == WM_ERR_SHUTTING_DOWN || s == WM_ERR_UNAVAILABLE);
    CHECK(doc == NULL);
    if (s == WM_ERR_INVALID_HANDLE) break;
  }
  return NULL;
}

static void close_races_with_calls(void) {
  shared_rt = wm_test_open(NULL);
  pthread_t t[threads];
  for (int i = 0; i < threads; ++i) CHECK(pthread_create(&t[i], NULL, racer, NULL) == 0);
  char* doc = NULL;
  CHECK_OK(wm_document_create(shared_rt, "{\"title\":\"first\"}", &doc));
  wm_string_free(doc);
  CHECK_OK(wm_close(shared_rt, 0));
  for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
}

static void many_runtimes_open_and_close_concurrently_from_threads(void) {
  /* two runtimes at once, each used from its own threads */
  wm_runtime* a = wm_test_open(NULL);
  wm_runtime* b = wm_test_open(NULL);
  CHECK(a != b);
  char* doc = NULL;
  CHECK_OK(wm_document_create(a, "{\"title\":\"in a\"}", &doc));
  char id[64];
  CHECK(wm_test_json_string(doc, "id", id, sizeof id));
  wm_string_free(doc);
  CHECK_STATUS(wm_document_get(b, id, &doc), WM_ERR_NOT_FOUND); /* separate stores */
  CHECK_OK(wm_close(a, 0));
  CHECK_OK(wm_document_create(b, "{\"title\":\"still fine\"}", &doc));
  wm_string_free(doc);
  CHECK_OK(wm_close(b, 0));
}

static char shared_id[64];

static void* any_version_writer(void* arg) {
  int n = (int)(size_t)arg;
  for (int i = 0; i < rounds; ++i) {
    char json[96];
    snprintf(json, sizeof json, "{\"content\":\"writer %d round %d\"}", n, i);
    CHECK_OK(wm_document_update(shared_rt, shared_id, json, WM_ANY_VERSION, NULL));
  }
  return NULL;
}

/* WM_ANY_VERSION applies on top of whatever is current, so writers of one document never get
 * WM_ERR_CONFLICT, however many (a read-then-compare loop in the facade failed 189-273 of 900
 * such updates from 6 threads). */
static void any_version_writers_of_one_document_never_conflict(void) {
  shared_rt = wm_test_open(NULL);
  char* doc = NULL;
  CHECK_OK(wm_document_create(shared_rt, "{\"title\":\"shared\",\"content\":\"v1\"}", &doc));
  CHECK(wm_test_json_string(doc, "id", shared_id, sizeof shared_id));
  wm_string_free(doc);
  pthread_t t[threads];
  for (int i = 0; i < threads; ++i)
    CHECK(pthread_create(&t[i], NULL, any_version_writer, (void*)(size_t)i) == 0);
  for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
  CHECK_OK(wm_document_get(shared_rt, shared_id, &doc));
  CHECK(wm_test_json_int(doc, "version") == 1 + threads * rounds);
  wm_string_free(doc);
  CHECK_OK(wm_close(shared_rt, 0));
}

static void* close_runtime(void* arg) {
  wm_status* status = arg;
  *status = wm_close(shared_rt, 0);
  return NULL;
}

/* The header lets any thread call any function: a runtime opened on this thread closes on
 * another. (CAF kept the opening thread holding the actor system's logger, and ~actor_system
 * waited for it forever.) pthread_join would hang with it: the close is awaited, bounded. */
static void close_from_another_thread(void) {
  shared_rt = wm_test_open(NULL);
  char* doc = NULL;
  CHECK_OK(wm_document_create(shared_rt, "{\"title\":\"opened here\"}", &doc));
  wm_string_free(doc);
  wm_status status = WM_ERR_INTERNAL;
  pthread_t closer;
  CHECK(pthread_create(&closer, NULL, close_runtime, (void*)&status) == 0);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 60;
  CHECK(pthread_timedjoin_np(closer, NULL, &ts) == 0);
  CHECK(status == WM_OK);
}

TEST_MAIN_BEGIN
RUN(eight_threads_at_once);
RUN(close_races_with_calls);
RUN(many_runtimes_open_and_close_concurrently_from_threads);
RUN(close_from_another_thread);
RUN(any_version_writers_of_one_document_never_conflict);
TEST_MAIN_END
