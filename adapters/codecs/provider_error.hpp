#pragma once
// Maps what a provider says went wrong (HTTP status, error body, mid-stream error event) to
// wm::errc with a message that is safe to log: it carries the status and the provider's own
// text (truncated, single-line, secrets redacted) and never any request header or API key.
#include <optional>
#include <string>
#include <string_view>

#include "adapters/codecs/provider_kind.hpp"
#include "messages/result.hpp"

namespace wm::codecs {

// The longest provider text (in code points) quoted in a failure message.
inline constexpr std::size_t max_provider_text = 300;

// errc for an HTTP status: 400/422 invalid_input, 401 unauthorized, 403 forbidden, 404 not_found,
// 408 timeout, 409 conflict, 413 payload_too_large, 429 rate_limited, 503/529 unavailable,
// 500/502/504 and other 5xx provider_error, other 4xx invalid_input, anything else provider_error.
errc errc_for_status(int status) noexcept;

// errc for a provider error type or code string (`invalid_request_error`, `overloaded_error`,
// `rate_limit_exceeded`, ...); nullopt when unknown.
std::optional<errc> errc_for_error_type(std::string_view type) noexcept;

// The error object both providers send: OpenAI `{"error":{"message","type","param","code"}}`,
// Anthropic `{"type":"error","error":{"type","message"}}`.
struct provider_error_body {
  std::string type;
  std::string message;
  std::string param;
  std::string code;
};

// Parses an error body of either shape; errc::provider_error "malformed response: ..." when it
// is not JSON or has no error object.
result<provider_error_body> decode_error_body(std::string_view body);

// The failure for a non-2xx HTTP response. The errc follows the status (an HTML 502 page from
// a proxy is still a 502); the provider's message is quoted when the body is a JSON error.
// api_key, when given, is redacted should the provider echo it.
failure map_http_error(int status, std::string_view body, provider_kind kind,
                       std::string_view api_key = {});

// The failure for an error object inside a 200 response or stream: errc from its type (or code).
failure map_error_object(provider_kind kind, const provider_error_body& err,
                         std::string_view api_key = {});

// Makes provider text fit for a log line: control characters become spaces, `sk-...` keys,
// `Bearer ...` tokens and api_key (if non-empty) become "[redacted]", and the result is cut
// to max_provider_text code points (with "..." appended when cut).
std::string sanitize_provider_text(std::string_view text, std::string_view api_key = {});

}  // namespace wm::codecs
