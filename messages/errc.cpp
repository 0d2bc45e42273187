#include "messages/errc.hpp"

namespace wm {

std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::invalid_input:
      return "invalid_input";
    case errc::not_found:
      return "not_found";
    case errc::conflict:
      return "conflict";
    case errc::timeout:
      return "timeout";
    case errc::rate_limited:
      return "rate_limited";
    case errc::unavailable:
      return "unavailable";
    case errc::circuit_open:
      return "circuit_open";
    case errc::provider_error:
      return "provider_error";
    case errc::cancelled:
      return "cancelled";
    case errc::shutting_down:
      return "shutting_down";
    case errc::internal:
      return "internal";
    case errc::unauthorized:
      return "unauthorized";
    case errc::forbidden:
      return "forbidden";
    case errc::payload_too_large:
      return "payload_too_large";
  }
  return "internal";
}

std::optional<errc> errc_from_string(std::string_view name) noexcept {
  for (auto code : all_errcs)
    if (to_string(code) == name) return code;
  return std::nullopt;
}

int http_status(errc code) noexcept {
  switch (code) {
    case errc::invalid_input:
      return 400;
    case errc::unauthorized:
      return 401;
    case errc::forbidden:
      return 403;
    case errc::not_found:
      return 404;
    case errc::conflict:
      return 409;
    case errc::payload_too_large:
      return 413;
    case errc::rate_limited:
      return 429;
    case errc::cancelled:
      return 499;
    case errc::internal:
      return 500;
    case errc::provider_error:
      return 502;
    case errc::unavailable:
    case errc::circuit_open:
    case errc::shutting_down:
      return 503;
    case errc::timeout:
      return 504;
  }
  return 500;
}

}  // namespace wm
