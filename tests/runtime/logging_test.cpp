// Logging: console and JSON-lines formats, request ids, secret masking, error bodies.
#include <gtest/gtest.h>
#include <simdjson.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "runtime/errors/error_body.hpp"
#include "runtime/logging/log.hpp"

namespace wm {
namespace {

struct captured_log {
  std::ostringstream out;
  explicit captured_log(log::output_format format) {
    log::options opts;
    opts.level = spdlog::level::debug;
    opts.output = format;
    opts.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    log::setup(opts);
  }
  ~captured_log() { log::setup({}); }
};

TEST(logging, json_lines_are_valid_json_with_request_id) {
  captured_log cap{log::output_format::json};
  log::info("req-42", "document {} saved with \"quotes\"\nand a newline", "d1");
  log::warn("", "no request here");
  std::istringstream lines{cap.out.str()};
  std::string line;
  simdjson::dom::parser parser;
  std::getline(lines, line);
  auto first = parser.parse(line);
  ASSERT_FALSE(first.error()) << line;
  EXPECT_EQ(std::string_view(first["request_id"].get_string().value()), "req-42");
  EXPECT_EQ(std::string_view(first["level"].get_string().value()), "info");
  EXPECT_EQ(std::string_view(first["msg"].get_string().value()),
            "document d1 saved with \"quotes\"\nand a newline");
  EXPECT_FALSE(first["ts"].get_string().error());
  std::getline(lines, line);
  auto second = parser.parse(line);
  ASSERT_FALSE(second.error()) << line;
  EXPECT_TRUE(second["request_id"].error()) << "no request id key when there is none";
}

TEST(logging, console_lines_carry_level_and_request_id) {
  captured_log cap{log::output_format::console};
  log::error("abc", "it failed: {}", 7);
  auto text = cap.out.str();
  EXPECT_NE(text.find("error [abc] it failed: 7"), std::string::npos) << text;
}

TEST(logging, level_filters_lines) {
  std::ostringstream out;
  log::options opts;
  opts.level = spdlog::level::warn;
  opts.sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  log::setup(opts);
  log::info("", "hidden");
  log::warn("", "shown");
  log::setup({});
  EXPECT_EQ(out.str().find("hidden"), std::string::npos);
  EXPECT_NE(out.str().find("shown"), std::string::npos);
}

TEST(logging, registered_secrets_never_appear) {
  captured_log cap{log::output_format::json};
  log::register_secret("sk-test-SECRET-123456");
  log::info("r", "calling provider with key sk-test-SECRET-123456 twice sk-test-SECRET-123456");
  auto text = cap.out.str();
  EXPECT_EQ(text.find("SECRET"), std::string::npos) << text;
  EXPECT_NE(text.find("***"), std::string::npos);
}

TEST(logging, parse_level_accepts_known_names_only) {
  spdlog::level::level_enum lvl{};
  EXPECT_TRUE(log::parse_level("debug", lvl));
  EXPECT_EQ(lvl, spdlog::level::debug);
  EXPECT_TRUE(log::parse_level("error", lvl));
  EXPECT_EQ(lvl, spdlog::level::err);
  EXPECT_FALSE(log::parse_level("loud", lvl));
}

TEST(error_body, has_the_one_shape) {
  log::register_secret("hunter2-api-key");
  auto body = error_body_json({errc::not_found, "document x (key hunter2-api-key) not found"},
                              "req-1", 1'795'000'000'123);
  simdjson::dom::parser parser;
  auto doc = parser.parse(body);
  ASSERT_FALSE(doc.error()) << body;
  auto err = doc["error"];
  EXPECT_EQ(std::string_view(err["code"].get_string().value()), "not_found");
  EXPECT_EQ(std::string_view(err["request_id"].get_string().value()), "req-1");
  EXPECT_EQ(std::string_view(err["timestamp"].get_string().value()), "2026-11-18T11:06:40.123Z");
  auto message = std::string_view(err["message"].get_string().value());
  EXPECT_EQ(message.find("hunter2"), std::string_view::npos);
}

}  // namespace
}  // namespace wm
