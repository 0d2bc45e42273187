#pragma once
// Shared body of the codec fuzz targets: the input is tried as a response body, as an error
// body with a status, and as an SSE stream (whole and split); nothing may crash or hang, and
// failures must carry a known errc.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "adapters/codecs/completion_stream.hpp"
#include "adapters/codecs/provider_error.hpp"

namespace wm::codecs::fuzz {

template <class Decode>
void exercise(provider_kind kind, Decode&& decode_response, const uint8_t* data, size_t size) {
  const std::string_view input{reinterpret_cast<const char*>(data), size};

  auto r = decode_response(input);
  if (!r.ok() && r.error().code != errc::provider_error && r.error().code != errc::invalid_input &&
      r.error().code != errc::unauthorized && r.error().code != errc::forbidden &&
      r.error().code != errc::not_found && r.error().code != errc::rate_limited &&
      r.error().code != errc::unavailable && r.error().code != errc::timeout &&
      r.error().code != errc::payload_too_large)
    std::abort();

  const int status = 400 + static_cast<int>(size % 140);
  auto f = map_http_error(status, input, kind, "sk-fuzz-secret-key");
  if (f.code != errc_for_status(status) &&
      !(f.code == errc::unavailable && errc_for_status(status) == errc::provider_error))
    std::abort();
  if (f.message.find("sk-fuzz-secret-key") != std::string::npos) std::abort();

  std::string whole_text;
  completion_stream whole{kind, 4096};
  const bool whole_ok =
      whole.feed(input, [&](std::string_view t) { whole_text += t; }).ok() && whole.finish().ok();
  std::string split_text;
  completion_stream split{kind, 4096};
  bool split_ok = true;
  const std::size_t step = 1 + size % 7;
  for (std::size_t i = 0; i < input.size() && split_ok; i += step)
    split_ok = split.feed(input.substr(i, step), [&](std::string_view t) { split_text += t; }).ok();
  split_ok = split_ok && split.finish().ok();
  if (whole_ok != split_ok || (whole_ok && whole_text != split_text)) std::abort();
  if (whole_ok && whole.summary().text != whole_text) std::abort();
}

}  // namespace wm::codecs::fuzz
