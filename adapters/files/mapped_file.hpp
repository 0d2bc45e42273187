#pragma once
// A read-only memory map of a whole file (bulk import reads each file through one, so
// the bytes are validated and copied once, straight from the page cache). Unmapped and
// closed on destruction. An empty file maps to an empty view.
#include <cstddef>
#include <string>
#include <string_view>

#include "messages/result.hpp"

namespace wm::files {

class mapped_file {
 public:
  // not_found if the file does not exist, invalid_input if it is not a regular file,
  // payload_too_large past max_bytes, unavailable for other I/O errors.
  static result<mapped_file> open(const std::string& path,
                                  std::size_t max_bytes = static_cast<std::size_t>(-1));

  mapped_file() = default;
  ~mapped_file();
  mapped_file(mapped_file&& other) noexcept;
  mapped_file& operator=(mapped_file&& other) noexcept;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;

  std::string_view view() const noexcept { return {static_cast<const char*>(data_), size_}; }
  std::size_t size() const noexcept { return size_; }

 private:
  void release() noexcept;

  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace wm::files
