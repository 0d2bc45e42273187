#pragma once
// spdlog formatters for WriteMagic: a human console line and a JSON line, both with the
// request id of the current request_scope and with registered secrets masked.
#include <spdlog/formatter.h>

#include <memory>

#include "runtime/logging/log.hpp"

namespace wm::log {

class line_formatter final : public spdlog::formatter {
 public:
  explicit line_formatter(output_format output) : output_(output) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<line_formatter>(output_);
  }

 private:
  output_format output_;
};

}  // namespace wm::log
