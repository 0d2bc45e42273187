// Fuzz target: OpenAI response, error and stream decoding.
#include "adapters/codecs/openai_codec.hpp"
#include "fuzz_codec_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  wm::codecs::fuzz::exercise(
      wm::codecs::provider_kind::openai,
      [](std::string_view s) { return wm::codecs::decode_openai_response(s); }, data, size);
  return 0;
}
