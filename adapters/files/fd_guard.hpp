#pragma once
// Closes a file descriptor on every path out of a scope (the open file's readers and lock
// take theirs through it).
#include <unistd.h>

namespace wm::files {

struct fd_guard {
  explicit fd_guard(int descriptor) : fd(descriptor) {}
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;

  int fd;
};

}  // namespace wm::files
