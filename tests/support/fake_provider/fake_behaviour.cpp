#include "tests/support/fake_provider/fake_behaviour.hpp"

#include <simdjson.h>

namespace wm::fake {
namespace {

using simdjson::dom::element;

failure bad(std::string what) {
  return failure{errc::invalid_input, "fake script: " + what};
}

std::optional<failure> read_one(element obj, std::string& case_name, fake_behaviour& b) {
  simdjson::dom::object o;
  if (obj.get_object().get(o) != simdjson::SUCCESS) return bad("behaviour is not an object");
  for (auto field : o) {
    const std::string_view key = field.key;
    element v = field.value;
    int64_t i = 0;
    std::string_view s;
    bool flag = false;
    if (key == "status" && v.get_int64().get(i) == simdjson::SUCCESS) {
      b.status = static_cast<int>(i);
    } else if (key == "delay_ms" && v.get_int64().get(i) == simdjson::SUCCESS) {
      b.delay_before_headers = std::chrono::milliseconds(i);
    } else if (key == "token_delay_ms" && v.get_int64().get(i) == simdjson::SUCCESS) {
      b.token_delay = std::chrono::milliseconds(i);
    } else if (key == "truncate_after" && v.get_int64().get(i) == simdjson::SUCCESS) {
      b.truncate_after = static_cast<size_t>(i);
    } else if (key == "error_after" && v.get_int64().get(i) == simdjson::SUCCESS) {
      b.error_after = static_cast<size_t>(i);
    } else if (key == "reset" && v.get_bool().get(flag) == simdjson::SUCCESS) {
      b.reset_connection = flag;
    } else if (key == "malformed_json" && v.get_bool().get(flag) == simdjson::SUCCESS) {
      b.malformed_json = flag;
    } else if (key == "error_type" && v.get_string().get(s) == simdjson::SUCCESS) {
      b.error_type = std::string(s);
    } else if (key == "error_message" && v.get_string().get(s) == simdjson::SUCCESS) {
      b.error_message = std::string(s);
    } else if (key == "finish_reason" && v.get_string().get(s) == simdjson::SUCCESS) {
      b.finish_reason = std::string(s);
    } else if (key == "case" && v.get_string().get(s) == simdjson::SUCCESS) {
      case_name = std::string(s);
    } else if (key == "tokens" && v.is_array()) {
      b.tokens.clear();
      for (element t : v.get_array()) {
        if (t.get_string().get(s) != simdjson::SUCCESS) return bad("tokens must be strings");
        b.tokens.emplace_back(s);
      }
    } else if (key == "headers" && v.is_object()) {
      for (auto h : v.get_object()) {
        if (h.value.get_string().get(s) != simdjson::SUCCESS)
          return bad("header values must be strings");
        b.headers.emplace_back(std::string(h.key), std::string(s));
      }
    } else {
      return bad("unknown or mistyped key '" + std::string(key) + "'");
    }
  }
  return std::nullopt;
}

}  // namespace

result<std::vector<std::pair<std::string, fake_behaviour>>> parse_behaviours(
    std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS)
    return bad("not valid JSON");
  std::vector<std::pair<std::string, fake_behaviour>> out;
  auto add = [&](element e) -> std::optional<failure> {
    std::string name;
    fake_behaviour b;
    if (auto f = read_one(e, name, b)) return f;
    out.emplace_back(std::move(name), std::move(b));
    return std::nullopt;
  };
  if (root.is_array()) {
    for (element e : root.get_array())
      if (auto f = add(e)) return *f;
  } else if (auto f = add(root)) {
    return *f;
  }
  return out;
}

fake_behaviour slow_stream(size_t tokens, std::chrono::milliseconds token_delay) {
  fake_behaviour b;
  b.tokens.clear();
  for (size_t i = 0; i < tokens; ++i) b.tokens.push_back("t" + std::to_string(i) + " ");
  b.token_delay = token_delay;
  return b;
}

}  // namespace wm::fake
