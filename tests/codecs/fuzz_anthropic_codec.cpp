// Fuzz target: Anthropic response, error and stream decoding.
#include "adapters/codecs/anthropic_codec.hpp"
#include "fuzz_codec_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wm::codecs::fuzz::exercise(
      wm::codecs::provider_kind::anthropic,
      [](std::string_view s) { return wm::codecs::decode_anthropic_response(s); }, data, size);
  return 0;
}
