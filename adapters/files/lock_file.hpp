#pragma once
// An exclusive advisory lock (flock) on a file beside what it guards, held until destroyed.
// The store takes one on "<database>.lock" so two runtimes (two nodes, a node and a shell, two
// apps' wm_open in one process) cannot open the same database at once: each caches documents
// in its actors, so a second writer would make the first serve stale text. flock locks belong
// to the open file, so a second open in the same process conflicts too, and the kernel drops
// the lock when the process dies (no stale lock files to clean up).
#include <string>

#include "messages/result.hpp"

namespace wm::files {

class lock_file {
 public:
  // unavailable when another holder has it ("... is in use by process N"); unavailable for
  // I/O errors, naming the path. Writes this process's id into the file for that message.
  static result<lock_file> acquire(const std::string& path);

  lock_file() = default;
  ~lock_file();
  lock_file(lock_file&& other) noexcept;
  lock_file& operator=(lock_file&& other) noexcept;
  lock_file(const lock_file&) = delete;
  lock_file& operator=(const lock_file&) = delete;

  bool held() const noexcept { return fd_ >= 0; }

 private:
  void release() noexcept;
  int fd_ = -1;
};

}  // namespace wm::files
