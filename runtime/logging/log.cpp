#include "runtime/logging/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "runtime/logging/log_formatter.hpp"

namespace wm::log {

namespace {

thread_local std::string tl_request_id;

struct secret_list {
  std::shared_mutex mtx;
  std::vector<std::string> values;
};

secret_list& secrets() {
  static secret_list instance;
  return instance;
}

}  // namespace

void setup(const options& opts) {
  std::shared_ptr<spdlog::logger> logger;
  if (opts.sink)
    logger = std::make_shared<spdlog::logger>("wm", opts.sink);
  else if (opts.to_stderr)
    logger =
        std::make_shared<spdlog::logger>("wm", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  else
    logger =
        std::make_shared<spdlog::logger>("wm", std::make_shared<spdlog::sinks::stdout_sink_mt>());
  logger->set_formatter(std::make_unique<line_formatter>(opts.output));
  logger->set_level(opts.level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

bool parse_level(std::string_view text, spdlog::level::level_enum& out) {
  static constexpr std::pair<std::string_view, spdlog::level::level_enum> table[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off}};
  for (const auto& [name, level] : table) {
    if (name == text) {
      out = level;
      return true;
    }
  }
  return false;
}

void register_secret(std::string secret) {
  if (secret.empty()) return;
  auto& s = secrets();
  std::unique_lock lock{s.mtx};
  if (std::find(s.values.begin(), s.values.end(), secret) == s.values.end())
    s.values.push_back(std::move(secret));
}

std::string redact(std::string_view text) {
  std::string out{text};
  auto& s = secrets();
  std::shared_lock lock{s.mtx};
  for (const auto& secret : s.values) {
    for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3))
      out.replace(pos, secret.size(), "***");
  }
  return out;
}

request_scope::request_scope(std::string_view request_id) : previous_(std::move(tl_request_id)) {
  tl_request_id.assign(request_id.data(), request_id.size());
}

request_scope::~request_scope() {
  tl_request_id = std::move(previous_);
}

std::string_view current_request_id() {
  return tl_request_id;
}

}  // namespace wm::log
