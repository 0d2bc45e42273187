#define _GNU_SOURCE
#include "wm_test_util.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wm_check.h"

/* Every directory made here is removed, with what is in it, when the test process exits
 * (passed or failed): a suite run leaves nothing behind in $TMPDIR. */
enum { max_temp_dirs = 256 };
static char temp_dirs[max_temp_dirs][512];
static int temp_dir_count = 0;
static pthread_mutex_t temp_dirs_mu = PTHREAD_MUTEX_INITIALIZER;

static int remove_entry(const char* path, const struct stat* st, int kind, struct FTW* at) {
  (void)st;
  (void)kind;
  (void)at;
  remove(path);
  return 0; /* keep going: remove as much as can be removed */
}

static void remove_temp_dirs(void) {
  pthread_mutex_lock(&temp_dirs_mu);
  for (int i = 0; i < temp_dir_count; ++i)
    nftw(temp_dirs[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  temp_dir_count = 0;
  pthread_mutex_unlock(&temp_dirs_mu);
}

void wm_test_temp_dir(char* out, size_t size) {
  const char* base = getenv("TMPDIR");
  snprintf(out, size, "%s/wm-mobile-test-XXXXXX", base && *base ? base : "/tmp");
  CHECK(mkdtemp(out) != NULL);
  /* CHECK only after unlocking: a failed one exits, and the exit handler takes the lock */
  pthread_mutex_lock(&temp_dirs_mu);
  int slot = temp_dir_count < max_temp_dirs ? temp_dir_count++ : -1;
  if (slot == 0) atexit(remove_temp_dirs);
  if (slot >= 0) snprintf(temp_dirs[slot], sizeof temp_dirs[slot], "%s", out);
  pthread_mutex_unlock(&temp_dirs_mu);
  CHECK(slot >= 0);
}

wm_runtime* wm_test_open(const char* extra_members) {
  char dir[512];
  wm_test_temp_dir(dir, sizeof dir);
  size_t extra = extra_members ? strlen(extra_members) : 0;
  char* json = malloc(extra + 1024);
  CHECK(json != NULL);
  snprintf(json, extra + 1024,
           "{\"runtime\":{\"data_dir\":\"%s\"},\"log\":{\"level\":\"warn\"}%s%s}", dir,
           extra ? "," : "", extra ? extra_members : "");
  wm_runtime* rt = NULL;
  CHECK_OK(wm_open(json, &rt));
  CHECK(rt != NULL);
  free(json);
  return rt;
}

static const char* find_value(const char* json, const char* key) {
  char pattern[256];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char* p = strstr(json, pattern);
  return p ? p + strlen(pattern) : NULL;
}

int wm_test_json_string(const char* json, const char* key, char* out, size_t size) {
  const char* p = find_value(json, key);
  if (p == NULL || *p != '"') return 0;
  ++p;
  size_t n = 0;
  while (*p && *p != '"' && n + 1 < size) {
    if (*p == '\\' && p[1]) ++p;
    out[n++] = *p++;
  }
  out[n] = '\0';
  return 1;
}

long long wm_test_json_int(const char* json, const char* key) {
  const char* p = find_value(json, key);
  if (p == NULL) return -1;
  return strtoll(p, NULL, 10);
}

static pid_t fake_pid = 0;

int wm_test_fake_provider_start(void) {
  const char* path = getenv("WM_FAKE_PROVIDER");
  CHECK(path != NULL);
  int fds[2];
  CHECK(pipe(fds) == 0);
  pid_t pid = fork();
  CHECK(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    /* not the test's stderr: a test harness reading it would wait for this process too */
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, 2);
    /* ends with the test even when a failed check exits early */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    execl(path, path, "--port", "0", "--print-port", (char*)NULL);
    _exit(127);
  }
  close(fds[1]);
  char buf[32] = {0};
  size_t n = 0;
  while (n + 1 < sizeof buf) {
    ssize_t r = read(fds[0], buf + n, 1);
    if (r <= 0 || buf[n] == '\n') break;
    ++n;
  }
  close(fds[0]);
  fake_pid = pid;
  int port = atoi(buf);
  CHECK(port > 0);
  return port;
}

void wm_test_fake_provider_stop(void) {
  if (fake_pid > 0) {
    kill(fake_pid, SIGTERM);
    waitpid(fake_pid, NULL, 0);
    fake_pid = 0;
  }
}

static int connect_fake_provider(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  CHECK(s >= 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  CHECK(connect(s, (struct sockaddr*)&addr, sizeof addr) == 0);
  return s;
}

int wm_test_fake_provider_post(int port, const char* path, const char* body) {
  int s = connect_fake_provider(port);
  char head[512];
  int hn = snprintf(head, sizeof head,
                    "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                    path, strlen(body));
  CHECK(write(s, head, (size_t)hn) == hn);
  CHECK(write(s, body, strlen(body)) == (ssize_t)strlen(body));
  char resp[256] = {0};
  ssize_t r = read(s, resp, sizeof resp - 1);
  close(s);
  CHECK(r > 12);
  return atoi(resp + 9);
}

int wm_test_fake_provider_get(int port, const char* path, char* body, size_t size) {
  int s = connect_fake_provider(port);
  char head[512];
  int hn = snprintf(head, sizeof head,
                    "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", path);
  CHECK(write(s, head, (size_t)hn) == hn);
  char resp[65536];
  size_t used = 0;
  ssize_t r;
  while (used < sizeof resp - 1 && (r = read(s, resp + used, sizeof resp - 1 - used)) > 0)
    used += (size_t)r;
  close(s);
  resp[used] = '\0';
  CHECK(used > 12);
  const char* start = strstr(resp, "\r\n\r\n");
  CHECK(start != NULL);
  snprintf(body, size, "%s", start + 4);
  return atoi(resp + 9);
}
