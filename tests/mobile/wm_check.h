/* A tiny assertion set for the C tests of the facade (C11). Each test binary runs every case,
 * or only the one named by argv[1] (ctest registers one test per case). */
#ifndef WM_CHECK_H
#define WM_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writemagic.h"

#define WM_FAIL_HERE(what)                                                             \
  do {                                                                                 \
    const wm_error* e_ = wm_last_error();                                              \
    fprintf(stderr, "%s:%d: %s\n  last error: %d (%s) %s\n", __FILE__, __LINE__, what, \
            (int)e_->code, wm_status_name(e_->code), e_->message);                     \
    exit(1);                                                                           \
  } while (0)

#define CHECK(cond)                                       \
  do {                                                    \
    if (!(cond)) WM_FAIL_HERE("CHECK(" #cond ") failed"); \
  } while (0)

#define CHECK_STATUS(expr, expected)                                                               \
  do {                                                                                             \
    wm_status s_ = (expr);                                                                         \
    if (s_ != (expected)) {                                                                        \
      fprintf(stderr, "%s:%d: %s gave %d (%s), expected %s\n", __FILE__, __LINE__, #expr, (int)s_, \
              wm_status_name(s_), #expected);                                                      \
      WM_FAIL_HERE("status mismatch");                                                             \
    }                                                                                              \
  } while (0)

#define CHECK_OK(expr) CHECK_STATUS(expr, WM_OK)

#define CHECK_CONTAINS(haystack, needle)                                                  \
  do {                                                                                    \
    const char* h_ = (haystack);                                                          \
    if (h_ == NULL || strstr(h_, (needle)) == NULL) {                                     \
      fprintf(stderr, "%s:%d: '%s' not found in: %.400s\n", __FILE__, __LINE__, (needle), \
              h_ ? h_ : "(null)");                                                        \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

#define RUN(name)                                  \
  do {                                             \
    if (argc < 2 || strcmp(argv[1], #name) == 0) { \
      fprintf(stderr, "[ RUN ] %s\n", #name);      \
      name();                                      \
      fprintf(stderr, "[ OK  ] %s\n", #name);      \
      ++ran_;                                      \
    }                                              \
  } while (0)

#define TEST_MAIN_BEGIN             \
  int main(int argc, char** argv) { \
    int ran_ = 0;
#define TEST_MAIN_END                                                \
  if (ran_ == 0) {                                                   \
    fprintf(stderr, "no test named %s\n", argc > 1 ? argv[1] : "?"); \
    return 2;                                                        \
  }                                                                  \
  return 0;                                                          \
  }

#endif
