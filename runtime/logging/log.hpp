#pragma once
// Structured logging over spdlog. Every line can carry a request id; JSON-lines output
// is one object per line. Registered secrets (API keys) are masked in every line.
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>
#include <utility>

namespace wm::log {

enum class output_format { console, json };

struct options {
  spdlog::level::level_enum level = spdlog::level::info;
  output_format output = output_format::console;
  bool to_stderr = true;  // false: stdout
  spdlog::sink_ptr sink;  // when set, lines go here instead (tests, embedders)
};

// Installs the process-wide logger. Safe to call again (reconfigures).
void setup(const options& opts);

// Parses "trace|debug|info|warn|error|off"; false for anything else.
bool parse_level(std::string_view text, spdlog::level::level_enum& out);

// Any later line that contains `secret` shows "***" instead. Empty strings are ignored.
void register_secret(std::string secret);

// Replaces every registered secret in `text` (used by the formatters and by error paths).
std::string redact(std::string_view text);

// The request id that the formatter attaches to lines logged on this thread while a
// scope is alive. Actors set it around a handler; nesting restores the outer id.
class request_scope {
 public:
  explicit request_scope(std::string_view request_id);
  ~request_scope();
  request_scope(const request_scope&) = delete;
  request_scope& operator=(const request_scope&) = delete;

 private:
  std::string previous_;
};

std::string_view current_request_id();

template <class... Args>
void write(spdlog::level::level_enum lvl, std::string_view request_id,
           fmt::format_string<Args...> fmt, Args&&... args) {
  auto* logger = spdlog::default_logger_raw();
  if (!logger->should_log(lvl)) return;
  request_scope scope{request_id};
  logger->log(lvl, fmt, std::forward<Args>(args)...);
}

template <class... Args>
void info(std::string_view request_id, fmt::format_string<Args...> fmt, Args&&... args) {
  write(spdlog::level::info, request_id, fmt, std::forward<Args>(args)...);
}

template <class... Args>
void warn(std::string_view request_id, fmt::format_string<Args...> fmt, Args&&... args) {
  write(spdlog::level::warn, request_id, fmt, std::forward<Args>(args)...);
}

template <class... Args>
void error(std::string_view request_id, fmt::format_string<Args...> fmt, Args&&... args) {
  write(spdlog::level::err, request_id, fmt, std::forward<Args>(args)...);
}

template <class... Args>
void debug(std::string_view request_id, fmt::format_string<Args...> fmt, Args&&... args) {
  write(spdlog::level::debug, request_id, fmt, std::forward<Args>(args)...);
}

}  // namespace wm::log
