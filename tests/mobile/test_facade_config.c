/* The facade's configuration JSON: the same checks as INI files (runtime/config). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wm_check.h"
#include "wm_test_util.h"

/* {"runtime":{"data_dir":<a temp dir>},"log":{"level":"warn"},<members>} */
static wm_status open_with(const char* members, wm_runtime** rt) {
  char dir[512];
  wm_test_temp_dir(dir, sizeof dir);
  char json[2048];
  snprintf(json, sizeof json, "{\"runtime\":{\"data_dir\":\"%s\"},\"log\":{\"level\":\"warn\"},%s}",
           dir, members);
  *rt = NULL;
  return wm_open(json, rt);
}

/* An empty provider object declares the provider with its defaults (kind from the name). */
static void empty_provider_object_declares_the_provider(void) {
  wm_runtime* rt = NULL;
  CHECK_OK(open_with("\"provider\":{\"openai\":{}},\"apiKeys\":{\"openai\":\"sk-test\"}", &rt));
  CHECK_OK(wm_close(rt, 1000));
  CHECK_OK(open_with("\"provider\":{\"openai\":{}},\"ai\":{\"default_provider\":\"openai\"}", &rt));
  CHECK_OK(wm_close(rt, 1000));
  /* an empty "provider" object declares none */
  CHECK_STATUS(open_with("\"provider\":{},\"apiKeys\":{\"openai\":\"k\"}", &rt),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "no provider named 'openai'");
  /* a name that is not openai or anthropic still needs a kind */
  CHECK_STATUS(open_with("\"provider\":{\"mine\":{}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "provider.mine.kind");
}

/* An unknown object is refused even when empty, like an unknown key. */
static void unknown_empty_object_is_refused(void) {
  wm_runtime* rt = NULL;
  CHECK_STATUS(open_with("\"nonsense\":{}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK(rt == NULL);
  CHECK_CONTAINS(wm_last_error()->message, "unknown section [nonsense]");
  CHECK_STATUS(open_with("\"provider\":{\"Bad-Name\":{}}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "[provider.Bad-Name]");
}

/* CAF options: a bad value is refused by wm_open, a string is read by the option's type. */
static void caf_option_values_are_checked(void) {
  wm_runtime* rt = NULL;
  CHECK_STATUS(open_with("\"caf\":{\"scheduler\":{\"max-threads\":\"abc\"}}", &rt),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "caf.scheduler.max-threads");
  CHECK_CONTAINS(wm_last_error()->message, "'abc'");
  CHECK_STATUS(open_with("\"caf\":{\"middleman\":{\"heartbeat-interval\":\"garbage\"}}", &rt),
               WM_ERR_INVALID_ARGUMENT);
  CHECK_CONTAINS(wm_last_error()->message, "timespan");
  CHECK_OK(open_with("\"caf\":{\"scheduler\":{\"max-threads\":2,\"policy\":\"sharing\"}}", &rt));
  CHECK_OK(wm_close(rt, 1000));
  CHECK_OK(open_with("\"caf\":{\"middleman\":{\"heartbeat-interval\":\"5s\"}}", &rt));
  CHECK_OK(wm_close(rt, 1000));
}

/* JSON keys become INI names: anything else is refused, never pasted into the INI text. */
static void keys_that_are_not_names_are_refused(void) {
  wm_runtime* rt = NULL;
  CHECK_STATUS(open_with("\"log]\\n[provider.openai\":{}", &rt), WM_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(open_with("\"log\":{\"level = debug\\nx\":\"warn\"}", &rt), WM_ERR_INVALID_ARGUMENT);
}

TEST_MAIN_BEGIN
RUN(empty_provider_object_declares_the_provider);
RUN(unknown_empty_object_is_refused);
RUN(caf_option_values_are_checked);
RUN(keys_that_are_not_names_are_refused);
TEST_MAIN_END
