#include "adapters/files/lock_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

namespace wm::files {

namespace {

// The holder's process id as it wrote it, for the message; empty if unreadable.
std::string holder_pid(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return {};
  std::string pid{buf, static_cast<std::size_t>(n)};
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.find_first_not_of("0123456789") == std::string::npos ? pid : std::string{};
}

}  // namespace

result<lock_file> lock_file::acquire(const std::string& path) {
  lock_file out;
  out.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (out.fd_ < 0)
    return failure{errc::unavailable,
                   "cannot open lock file " + path + ": " + std::generic_category().message(errno)};
  int rc = 0;
  while ((rc = ::flock(out.fd_, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
  }
  if (rc != 0) {
    if (errno != EWOULDBLOCK)
      return failure{errc::unavailable,
                     "cannot lock " + path + ": " + std::generic_category().message(errno)};
    const auto pid = holder_pid(out.fd_);
    return failure{errc::unavailable,
                   path + " is held by another runtime" +
                       (pid.empty() ? std::string{} : " (process " + pid + ")") +
                       ": its database is open there; stop it or use another data dir"};
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(out.fd_, 0) == 0) (void)!::pwrite(out.fd_, pid.data(), pid.size(), 0);
  return out;
}

lock_file::~lock_file() {
  release();
}

lock_file::lock_file(lock_file&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

lock_file& lock_file::operator=(lock_file&& other) noexcept {
  if (this != &other) {
    release();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

void lock_file::release() noexcept {
  if (fd_ >= 0) ::close(fd_);  // closing the last descriptor drops the flock
  fd_ = -1;
}

}  // namespace wm::files
