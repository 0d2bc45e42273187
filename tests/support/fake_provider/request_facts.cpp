#include "tests/support/fake_provider/request_facts.hpp"

#include <simdjson.h>

#include <cctype>

namespace wm::fake {
namespace {

size_t count_words(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Words of a "content" (or Anthropic "system") value: a string or an array of text parts.
size_t content_words(simdjson::dom::element content) {
  std::string_view s;
  if (content.get_string().get(s) == simdjson::SUCCESS) return count_words(s);
  size_t n = 0;
  simdjson::dom::array parts;
  if (content.get_array().get(parts) != simdjson::SUCCESS) return 0;
  for (auto part : parts) {
    if (part["text"].get_string().get(s) == simdjson::SUCCESS) n += count_words(s);
  }
  return n;
}

}  // namespace

request_facts inspect_body(std::string_view body) {
  request_facts f;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS || !root.is_object())
    return f;
  f.valid_json = true;
  bool b = false;
  std::string_view s;
  if (root["stream"].get_bool().get(b) == simdjson::SUCCESS) f.stream = b;
  if (root["stream_options"]["include_usage"].get_bool().get(b) == simdjson::SUCCESS)
    f.include_usage = b;
  if (root["model"].get_string().get(s) == simdjson::SUCCESS) f.model = std::string(s);
  simdjson::dom::element system;
  if (root["system"].get(system) == simdjson::SUCCESS) f.prompt_words += content_words(system);
  simdjson::dom::array messages;
  if (root["messages"].get_array().get(messages) == simdjson::SUCCESS) {
    for (auto m : messages) {
      simdjson::dom::element content;
      if (m["content"].get(content) == simdjson::SUCCESS) f.prompt_words += content_words(content);
    }
  }
  return f;
}

}  // namespace wm::fake
