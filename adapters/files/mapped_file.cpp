#include "adapters/files/mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "adapters/files/fd_guard.hpp"

namespace wm::files {

namespace {

failure io_failure(const std::string& what, const std::string& path, int err) {
  return failure{err == ENOENT ? errc::not_found : errc::unavailable,
                 what + " " + path + ": " + std::strerror(err)};
}

}  // namespace

result<mapped_file> mapped_file::open(const std::string& path, std::size_t max_bytes) {
  fd_guard fd{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (fd.fd < 0) return io_failure("cannot open", path, errno);
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0) return io_failure("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) return failure{errc::invalid_input, path + " is not a regular file"};
  auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_bytes)
    return failure{errc::payload_too_large, path + " has " + std::to_string(size) +
                                                " bytes, more than the limit of " +
                                                std::to_string(max_bytes)};
  mapped_file out;
  if (size == 0) return out;  // mmap rejects length 0
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.fd, 0);
  if (p == MAP_FAILED) return io_failure("cannot map", path, errno);
  // One sequential pass: let the kernel read ahead.
  (void)::madvise(p, size, MADV_SEQUENTIAL);
  out.data_ = p;
  out.size_ = size;
  return out;
}

mapped_file::~mapped_file() {
  release();
}

mapped_file::mapped_file(mapped_file&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

mapped_file& mapped_file::operator=(mapped_file&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void mapped_file::release() noexcept {
  if (data_ != nullptr) ::munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

}  // namespace wm::files
