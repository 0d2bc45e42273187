// Fuzz target: the facade's JSON inputs (config, document, patch, query, completion and
// writing requests). The first byte picks the parser; the rest is the JSON. Every parser must
// return a value or a failure, never crash or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mobile/src/config_json.hpp"
#include "mobile/src/json_in.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view json{reinterpret_cast<const char*>(data) + 1, size - 1};
  switch (data[0] % 6) {
    case 0:
      (void)wm::mobile::load_facade_config_json(json);
      break;
    case 1:
      (void)wm::mobile::parse_create_document(json);
      break;
    case 2:
      (void)wm::mobile::parse_document_patch(json);
      break;
    case 3:
      (void)wm::mobile::parse_list_query(json);
      break;
    case 5: {
      // A writing request names one of the four operations and exactly one source.
      auto w = wm::mobile::parse_writing_request(json);
      if (wm::fuzz::refused_clearly(w)) break;
      wm::fuzz::check(w->text.empty() != w->document_id.empty());
      break;
    }
    default:
      (void)wm::mobile::parse_completion_request(json);
  }
  return 0;
}
