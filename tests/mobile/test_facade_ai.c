/* Streamed completions and writing operations against the fake provider: callback and poll
 * delivery, cancel, close while a stream runs, errors. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wm_check.h"
#include "wm_test_util.h"

static int port;

static wm_runtime* open_with_provider(void) {
  char extra[512];
  snprintf(extra, sizeof extra,
           "\"provider\":{\"openai\":{\"base_url\":\"http://127.0.0.1:%d/v1\","
           "\"api_key_env\":\"WM_MOBILE_TEST_KEY\",\"max_attempts\":1}},"
           "\"apiKeys\":{\"openai\":\"sk-test-secret-123\"}",
           port);
  return wm_test_open(extra);
}

typedef struct {
  pthread_mutex_t mtx;
  pthread_cond_t cv;
  char text[4096];
  int chunks;
  int finished;
  int final_kind;
  wm_status final_status;
  char final_json[2048];
  pthread_t thread;
  int wrong_order;
} collector;

static void collector_init(collector* c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mtx, NULL);
  pthread_cond_init(&c->cv, NULL);
}

static void on_event(const wm_event* ev, void* user) {
  collector* c = user;
  pthread_mutex_lock(&c->mtx);
  c->thread = pthread_self();
  if (c->finished) c->wrong_order = 1; /* nothing may follow the final event */
  if (ev->kind == WM_EVENT_CHUNK) {
    strncat(c->text, ev->text, sizeof c->text - strlen(c->text) - 1);
    ++c->chunks;
  } else {
    c->finished = 1;
    c->final_kind = ev->kind;
    c->final_status = ev->status;
    snprintf(c->final_json, sizeof c->final_json, "%s", ev->json);
    pthread_cond_broadcast(&c->cv);
  }
  pthread_mutex_unlock(&c->mtx);
}

static void wait_finished(collector* c) {
  pthread_mutex_lock(&c->mtx);
  while (!c->finished) pthread_cond_wait(&c->cv, &c->mtx);
  pthread_mutex_unlock(&c->mtx);
}

static void stream_with_callback(void) {
  unsetenv("WM_MOBILE_TEST_KEY");
  wm_runtime* rt = open_with_provider();
  /* apiKeys stay in memory: the environment is untouched, and the completion below can only
   * succeed with the key handed over (the provider refuses to call without one). */
  CHECK(getenv("WM_MOBILE_TEST_KEY") == NULL);
  collector c;
  collector_init(&c);
  char* id = NULL;
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"Say hello\",\"requestId\":\"cb-1\"}", on_event, &c, &id));
  CHECK(strcmp(id, "cb-1") == 0);
  wm_string_free(id);
  wait_finished(&c);
  CHECK(c.final_kind == WM_EVENT_DONE);
  CHECK(strcmp(c.text, "Hello, world!") == 0);
  CHECK(c.chunks == 4);
  CHECK(!pthread_equal(c.thread, pthread_self())); /* the runtime's callback thread */
  CHECK_CONTAINS(c.final_json, "\"text\":\"Hello, world!\"");
  CHECK_CONTAINS(c.final_json, "\"provider\":\"openai\"");
  CHECK(!c.wrong_order);
  /* a running id cannot be reused; a finished one can */
  CHECK_STATUS(wm_cancel(rt, "cb-1"), WM_ERR_NOT_FOUND);
  CHECK_OK(wm_close(rt, 0));
}

/* wm_write: the configured prompt (ai.system_prompt, ai.prompt.<op>) filled with a text or
 * with a document's current content, streamed like a completion. */
static void write_runs_the_configured_prompt(void) {
  char extra[768];
  snprintf(extra, sizeof extra,
           "\"provider\":{\"openai\":{\"base_url\":\"http://127.0.0.1:%d/v1\","
           "\"max_attempts\":1}},\"apiKeys\":{\"openai\":\"sk-test-secret-123\"},"
           "\"ai\":{\"system_prompt\":\"You edit prose.\",\"prompt\":{\"proofread\":"
           "\"Fix: {text}\"}}",
           port);
  wm_runtime* rt = wm_test_open(extra);
  char* doc = NULL;
  CHECK_OK(wm_document_create(rt, "{\"title\":\"Draft\",\"content\":\"Their going home.\"}", &doc));
  char doc_id[64];
  CHECK(wm_test_json_string(doc, "id", doc_id, sizeof doc_id));
  wm_string_free(doc);

  char request[256];
  snprintf(request, sizeof request,
           "{\"operation\":\"proofread\",\"documentId\":\"%s\",\"requestId\":\"w-1\"}", doc_id);
  collector c;
  collector_init(&c);
  char* id = NULL;
  CHECK_OK(wm_write(rt, request, on_event, &c, &id));
  CHECK(strcmp(id, "w-1") == 0);
  wm_string_free(id);
  wait_finished(&c);
  CHECK(c.final_kind == WM_EVENT_DONE);
  CHECK(strcmp(c.text, "Hello, world!") == 0);
  char last[8192];
  CHECK(wm_test_fake_provider_get(port, "/_last", last, sizeof last) == 200);
  CHECK_CONTAINS(last, "You edit prose.");
  CHECK_CONTAINS(last, "Fix: Their going home.");

  collector t;
  collector_init(&t);
  CHECK_OK(
      wm_write(rt, "{\"operation\":\"summarize\",\"text\":\"A long text.\"}", on_event, &t, NULL));
  wait_finished(&t);
  CHECK(t.final_kind == WM_EVENT_DONE);

  CHECK_STATUS(wm_write(rt, "{\"operation\":\"translate\",\"text\":\"a\"}", NULL, NULL, NULL),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "continue, rewrite, summarize or proofread");
  CHECK_STATUS(wm_write(rt, "{\"operation\":\"rewrite\",\"text\":\"a\",\"documentId\":\"b\"}", NULL,
                        NULL, NULL),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(
      wm_write(
          rt, "{\"operation\":\"rewrite\",\"documentId\":\"00000000-0000-4000-8000-000000000000\"}",
          NULL, NULL, NULL),
      WM_ERR_NOT_FOUND);
  CHECK_OK(wm_close(rt, 0));
}

static void stream_to_poll_queue(void) {
  wm_runtime* rt = open_with_provider();
  char* id = NULL;
  CHECK_OK(
      wm_complete(rt, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", NULL, NULL, &id));
  CHECK(strlen(id) > 0);
  char text[256] = {0};
  int done = 0;
  while (!done) {
    wm_event* ev = NULL;
    CHECK_OK(wm_poll_event(rt, 5000, &ev));
    CHECK(ev != NULL);
    CHECK(strcmp(ev->request_id, id) == 0);
    if (ev->kind == WM_EVENT_CHUNK) strncat(text, ev->text, sizeof text - strlen(text) - 1);
    if (ev->kind != WM_EVENT_CHUNK) {
      CHECK(ev->kind == WM_EVENT_DONE);
      done = 1;
    }
    wm_event_free(ev);
    CHECK(wm_last_error()->code == WM_OK);
  }
  CHECK(strcmp(text, "Hello, world!") == 0);
  wm_string_free(id);
  CHECK_OK(wm_close(rt, 0));
}

/* An app that does not poll cannot make the runtime hold a stream without bound: past
 * ai.max_undelivered_events queued events the stream ends with WM_ERR_UNAVAILABLE, its
 * transfer is cancelled at the gateway, and what was queued before is still there, in order.
 * Both streams are slow (100 ms a token), so only the one nobody polls can fill the queue. */
static void a_stream_nobody_polls_ends_at_the_event_limit(void) {
  CHECK(wm_test_fake_provider_post(port, "/_script",
                                   "[{\"tokens\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\"],"
                                   "\"token_delay_ms\":100},"
                                   "{\"tokens\":[\"x\",\"y\",\"z\"],\"token_delay_ms\":100}]") ==
        200);
  char extra[512];
  snprintf(extra, sizeof extra,
           "\"ai\":{\"max_undelivered_events\":2},"
           "\"provider\":{\"openai\":{\"base_url\":\"http://127.0.0.1:%d/v1\","
           "\"max_attempts\":1}},\"apiKeys\":{\"openai\":\"sk-test-secret-123\"}",
           port);
  wm_runtime* rt = wm_test_open(extra);
  char* id = NULL;
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"hi\",\"requestId\":\"unpolled\"}", NULL, NULL, &id));
  wm_string_free(id);
  /* nothing is taken until the stream has ended (bounded wait) */
  for (int waited = 0; waited < 400; ++waited) {
    char* info = NULL;
    CHECK_OK(wm_runtime_info(rt, &info));
    long long active = wm_test_json_int(info, "activeStreams");
    wm_string_free(info);
    if (active == 0) break;
    usleep(25 * 1000);
  }
  int chunks = 0;
  wm_event* ev = NULL;
  for (;;) {
    CHECK_OK(wm_poll_event(rt, 5000, &ev));
    CHECK(ev != NULL);
    if (ev->kind != WM_EVENT_CHUNK) break;
    ++chunks;
    wm_event_free(ev);
  }
  CHECK(chunks == 2);
  CHECK(ev->kind == WM_EVENT_ERROR);
  CHECK(ev->status == WM_ERR_UNAVAILABLE);
  CHECK_CONTAINS(ev->json, "ai.max_undelivered_events");
  CHECK_CONTAINS(ev->json, "wm_poll_event");
  wm_event_free(ev);
  CHECK_STATUS(wm_poll_event(rt, 200, &ev), WM_OK);
  CHECK(ev == NULL); /* nothing follows the final event */
  /* the gateway was told: the request ended as cancelled, long before its last token */
  int cancelled = 0;
  for (int waited = 0; waited < 200 && !cancelled; ++waited) {
    char* metrics = NULL;
    CHECK_OK(wm_metrics(rt, &metrics));
    cancelled = strstr(metrics, "writemagic_ai_requests_total{outcome=\"cancelled\"} 1") != NULL;
    wm_string_free(metrics);
    if (!cancelled) usleep(25 * 1000);
  }
  CHECK(cancelled);
  /* the runtime goes on: a stream that is polled completes */
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"again\"}", NULL, NULL, &id));
  wm_string_free(id);
  char text[64] = {0};
  for (;;) {
    CHECK_OK(wm_poll_event(rt, 5000, &ev));
    CHECK(ev != NULL);
    if (ev->kind != WM_EVENT_CHUNK) break;
    strncat(text, ev->text, sizeof text - strlen(text) - 1);
    wm_event_free(ev);
  }
  CHECK(ev->kind == WM_EVENT_DONE);
  wm_event_free(ev);
  CHECK(strcmp(text, "xyz") == 0);
  CHECK_OK(wm_close(rt, 0));
}

static void cancel_running_stream(void) {
  CHECK(wm_test_fake_provider_post(port, "/_script",
                                   "[{\"tokens\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\"],"
                                   "\"token_delay_ms\":400}]") == 200);
  wm_runtime* rt = open_with_provider();
  collector c;
  collector_init(&c);
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"slow\",\"requestId\":\"slow-1\"}", on_event, &c, NULL));
  /* wait for the first chunk, then cancel */
  for (;;) {
    pthread_mutex_lock(&c.mtx);
    int chunks = c.chunks;
    pthread_mutex_unlock(&c.mtx);
    if (chunks > 0) break;
    usleep(10000);
  }
  CHECK_OK(wm_cancel(rt, "slow-1"));
  wait_finished(&c);
  CHECK(c.final_kind == WM_EVENT_ERROR);
  CHECK(c.final_status == WM_ERR_CANCELLED);
  CHECK(c.chunks < 8);
  CHECK(!c.wrong_order);
  CHECK_OK(wm_close(rt, 0));
}

/* A generated request id never collides with one the app chose: the app runs its own
 * "mob-<next>" while a completion without an id starts; that one gets the id after. */
static void generated_ids_step_past_the_apps_own(void) {
  wm_runtime* rt = open_with_provider();
  collector first;
  collector_init(&first);
  char* id = NULL;
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"x\"}", on_event, &first, &id));
  CHECK(strncmp(id, "mob-", 4) == 0);
  const long n = atol(id + 4);
  wm_string_free(id);
  wait_finished(&first);
  CHECK(wm_test_fake_provider_post(port, "/_script",
                                   "[{\"tokens\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"],"
                                   "\"token_delay_ms\":400}]") == 200);
  char request[128];
  snprintf(request, sizeof request, "{\"prompt\":\"slow\",\"requestId\":\"mob-%ld\"}", n + 1);
  collector mine;
  collector_init(&mine);
  CHECK_OK(wm_complete(rt, request, on_event, &mine, NULL));
  collector generated;
  collector_init(&generated);
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"x\"}", on_event, &generated, &id));
  char expected[32];
  snprintf(expected, sizeof expected, "mob-%ld", n + 2);
  CHECK(strcmp(id, expected) == 0);
  wm_string_free(id);
  wait_finished(&generated);
  CHECK(generated.final_kind == WM_EVENT_DONE);
  snprintf(expected, sizeof expected, "mob-%ld", n + 1);
  CHECK_OK(wm_cancel(rt, expected));
  wait_finished(&mine);
  CHECK_OK(wm_close(rt, 0));
}

static void close_while_streaming(void) {
  CHECK(wm_test_fake_provider_post(port, "/_script",
                                   "[{\"tokens\":[\"a\",\"b\",\"c\",\"d\",\"e\"],"
                                   "\"token_delay_ms\":1000}]") == 200);
  wm_runtime* rt = open_with_provider();
  collector c;
  collector_init(&c);
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"slow\"}", on_event, &c, NULL));
  usleep(100000);
  CHECK(wm_close(rt, 500) == WM_OK || wm_last_error()->code == WM_ERR_TIMEOUT);
  /* wm_close returned: the final event was delivered and no callback runs any more */
  pthread_mutex_lock(&c.mtx);
  CHECK(c.finished);
  CHECK(c.final_kind == WM_EVENT_ERROR);
  int chunks = c.chunks;
  pthread_mutex_unlock(&c.mtx);
  usleep(200000);
  CHECK(c.chunks == chunks);
  CHECK(!c.wrong_order);
}

static void errors_at_start(void) {
  wm_runtime* rt = open_with_provider();
  char* id = (char*)0x1;
  CHECK_STATUS(wm_complete(rt, NULL, NULL, NULL, &id), WM_ERR_NULL_ARGUMENT);
  CHECK(id == NULL);
  CHECK_STATUS(wm_complete(rt, "{}", NULL, NULL, &id), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_complete(rt, "{\"prompt\":\"\"}", NULL, NULL, &id), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_complete(rt, "{\"prompt\":\"x\",\"temperature\":9}", NULL, NULL, &id),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(wm_complete(rt, "{\"prompt\":\"\xed\xa0\x80\"}", NULL, NULL, &id),
               WM_ERR_INVALID_UTF8);
  CHECK_STATUS(wm_complete((wm_runtime*)0x77a5, "{\"prompt\":\"x\"}", NULL, NULL, &id),
               WM_ERR_INVALID_HANDLE);
  CHECK_OK(wm_close(rt, 0));
}

static void no_provider_fails_clearly(void) {
  wm_runtime* rt = wm_test_open(NULL);
  collector c;
  collector_init(&c);
  wm_status st = wm_complete(rt, "{\"prompt\":\"x\"}", on_event, &c, NULL);
  if (st == WM_OK) {
    wait_finished(&c);
    CHECK(c.final_kind == WM_EVENT_ERROR);
    CHECK(c.final_status == WM_ERR_UNAVAILABLE);
    CHECK_CONTAINS(c.final_json, "provider");
  } else {
    CHECK(st == WM_ERR_UNAVAILABLE);
  }
  CHECK_OK(wm_close(rt, 0));
}

static void provider_error_and_secret_masked(void) {
  CHECK(wm_test_fake_provider_post(
            port, "/_script",
            "[{\"status\":401,\"error_message\":\"bad key sk-test-secret-123\"}]") == 200);
  wm_runtime* rt = open_with_provider();
  collector c;
  collector_init(&c);
  CHECK_OK(wm_complete(rt, "{\"prompt\":\"x\"}", on_event, &c, NULL));
  wait_finished(&c);
  CHECK(c.final_kind == WM_EVENT_ERROR);
  CHECK(c.final_status == WM_ERR_UNAUTHORIZED);
  CHECK(strstr(c.final_json, "sk-test-secret-123") == NULL);
  CHECK_OK(wm_close(rt, 0));
}

typedef struct {
  wm_runtime* rt;
  pthread_mutex_t mtx;
  pthread_cond_t cv;
  int entered;
  int polled;
  wm_status poll_status;
} poll_in_callback;

/* The first event's callback waits in wm_poll_event (allowed from a callback); the rest are
 * ignored. */
static void poll_from_callback(const wm_event* ev, void* user) {
  (void)ev;
  poll_in_callback* p = user;
  pthread_mutex_lock(&p->mtx);
  const int first = !p->entered;
  p->entered = 1;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mtx);
  if (!first) return;
  wm_event* got = NULL;
  wm_status s = wm_poll_event(p->rt, 20000, &got);
  wm_event_free(got);
  pthread_mutex_lock(&p->mtx);
  p->polled = 1;
  p->poll_status = s;
  pthread_mutex_unlock(&p->mtx);
}

/* wm_close wakes a wm_poll_event that a callback waits in: it ends with SHUTTING_DOWN instead
 * of running out its 20 s timeout (and holding wm_close that long) with WM_OK. */
static void close_wakes_a_poll_waiting_in_a_callback(void) {
  poll_in_callback p;
  memset(&p, 0, sizeof p);
  pthread_mutex_init(&p.mtx, NULL);
  pthread_cond_init(&p.cv, NULL);
  p.rt = open_with_provider();
  CHECK_OK(wm_complete(p.rt, "{\"prompt\":\"Say hello\"}", poll_from_callback, &p, NULL));
  pthread_mutex_lock(&p.mtx);
  while (!p.entered) pthread_cond_wait(&p.cv, &p.mtx);
  pthread_mutex_unlock(&p.mtx);
  CHECK_OK(wm_close(p.rt, 0));
  CHECK(p.polled);
  CHECK(p.poll_status != WM_OK);
}

TEST_MAIN_BEGIN
port = wm_test_fake_provider_start();
RUN(stream_with_callback);
RUN(write_runs_the_configured_prompt);
RUN(stream_to_poll_queue);
RUN(a_stream_nobody_polls_ends_at_the_event_limit);
RUN(cancel_running_stream);
RUN(generated_ids_step_past_the_apps_own);
RUN(close_while_streaming);
RUN(errors_at_start);
RUN(no_provider_fails_clearly);
RUN(provider_error_and_secret_masked);
RUN(close_wakes_a_poll_waiting_in_a_callback);
wm_test_fake_provider_stop();
TEST_MAIN_END
