/* Helpers shared by the facade's C tests: a fresh data dir per runtime, JSON field lookup,
 * the fake provider process. */
#ifndef WM_TEST_UTIL_H
#define WM_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "writemagic.h"

/* A new empty directory under $TMPDIR, removed with its contents when the process exits. */
void wm_test_temp_dir(char* out, size_t size);

/* Opens a runtime with a fresh data dir plus extra JSON members (may be "" or NULL), e.g.
 * "\"provider\":{...}". Fails the test if it cannot. */
wm_runtime* wm_test_open(const char* extra_members);

/* The string value of "key" in a flat JSON object (first match), copied into out. */
int wm_test_json_string(const char* json, const char* key, char* out, size_t size);
/* The integer value of "key" (first match); -1 if absent. */
long long wm_test_json_int(const char* json, const char* key);

/* Starts wm_fake_provider_server (path from WM_FAKE_PROVIDER) and returns its port. */
int wm_test_fake_provider_start(void);
void wm_test_fake_provider_stop(void);
/* POSTs a JSON body to the fake provider (e.g. "/_script"); returns the HTTP status. */
int wm_test_fake_provider_post(int port, const char* path, const char* body);
/* GETs a path of the fake provider (e.g. "/_last"); the body goes to `body`; returns the
 * HTTP status. */
int wm_test_fake_provider_get(int port, const char* path, char* body, size_t size);

#endif
