#pragma once
// A small SHA-256 (FIPS 180-4) for content hashes; no crypto library needed for this.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace wm::sqlite {

class sha256 {
 public:
  sha256() noexcept;
  void update(const void* data, std::size_t size) noexcept;
  void update(std::string_view data) noexcept { update(data.data(), data.size()); }
  std::array<uint8_t, 32> finish() noexcept;

 private:
  void compress(const uint8_t* block) noexcept;

  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Lowercase hex SHA-256 of data (64 characters).
std::string sha256_hex(std::string_view data);

}  // namespace wm::sqlite
