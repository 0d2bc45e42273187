#include "adapters/files/whole_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "adapters/files/fd_guard.hpp"

namespace wm::files {

namespace {

failure read_failure(std::string_view what, const std::string& path, int err) {
  const errc code = err == ENOENT   ? errc::not_found
                    : err == EISDIR ? errc::invalid_input
                                    : errc::unavailable;
  return failure{code, "cannot read " + std::string{what} + " '" + path +
                           "': " + std::generic_category().message(err)};
}

}  // namespace

result<std::string> read_whole_file(const std::string& path, std::string_view what) {
  fd_guard fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (fd.fd < 0) return read_failure(what, path, errno);
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) return read_failure(what, path, errno);
  if (S_ISDIR(st.st_mode)) return read_failure(what, path, EISDIR);

  std::string text;
  if (S_ISREG(st.st_mode)) text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd.fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return read_failure(what, path, errno);
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace wm::files
