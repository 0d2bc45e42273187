#include "runtime/logging/log_formatter.hpp"

#include <chrono>
#include <cstdio>

#include "adapters/codecs/json_writer.hpp"
#include "runtime/logging/time_format.hpp"

namespace wm::log {

namespace {

void append(spdlog::memory_buf_t& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

void append_timestamp(spdlog::log_clock::time_point tp, spdlog::memory_buf_t& out) {
  append(out,
         iso8601_utc(
             std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count()));
}

void append_json_string(spdlog::memory_buf_t& out, std::string_view text) {
  std::string quoted;
  codecs::append_json_string(quoted, text);
  append(out, quoted);
}

}  // namespace

void line_formatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  auto text = redact(std::string_view{msg.payload.data(), msg.payload.size()});
  auto level = spdlog::level::to_string_view(msg.level);
  auto request_id = current_request_id();
  if (output_ == output_format::json) {
    append(dest, "{\"ts\":\"");
    append_timestamp(msg.time, dest);
    append(dest, "\",\"level\":\"");
    append(dest, std::string_view{level.data(), level.size()});
    append(dest, "\",\"thread\":");
    append(dest, std::to_string(msg.thread_id));
    if (!request_id.empty()) {
      append(dest, ",\"request_id\":");
      append_json_string(dest, request_id);
    }
    append(dest, ",\"msg\":");
    append_json_string(dest, text);
    append(dest, "}\n");
    return;
  }
  append_timestamp(msg.time, dest);
  append(dest, " ");
  append(dest, std::string_view{level.data(), level.size()});
  if (!request_id.empty()) {
    append(dest, " [");
    append(dest, request_id);
    append(dest, "]");
  }
  append(dest, " ");
  append(dest, text);
  append(dest, "\n");
}

}  // namespace wm::log
