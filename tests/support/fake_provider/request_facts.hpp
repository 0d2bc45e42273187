#pragma once
// What the fake provider reads from a provider request's JSON body.
#include <cstddef>
#include <string>
#include <string_view>

namespace wm::fake {

struct request_facts {
  bool valid_json = false;
  bool stream = false;
  bool include_usage = false;
  std::string model = "fake-model";
  // Deterministic usage: words in the system prompt and every message's text.
  size_t prompt_words = 0;
};

request_facts inspect_body(std::string_view body);

}  // namespace wm::fake
