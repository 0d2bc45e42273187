#include "adapters/codecs/provider_error.hpp"

#include <cctype>

#include "adapters/codecs/detail/json_reader.hpp"

namespace wm::codecs {
namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '*' ||
         c == '.';
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string redact(std::string_view text, std::string_view api_key) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::string_view rest = text.substr(i);
    if (api_key.size() >= 4 && rest.substr(0, api_key.size()) == api_key) {
      out += "[redacted]";
      i += api_key.size();
      continue;
    }
    const bool boundary = i == 0 || !is_token_char(text[i - 1]);
    if (boundary && (rest.substr(0, 3) == "sk-" || starts_with_icase(rest, "bearer "))) {
      std::size_t prefix = rest.front() == 's' ? 3 : 7;
      std::size_t end = prefix;
      while (end < rest.size() && is_token_char(rest[end])) ++end;
      if (end - prefix >= 8 || prefix == 7) {
        out.append(rest.substr(0, prefix));
        out += "[redacted]";
        i += end;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  return out;
}

std::string describe(provider_kind kind, int status) {
  std::string s{to_string(kind)};
  s += " HTTP ";
  s += std::to_string(status);
  return s;
}

}  // namespace

errc errc_for_status(int status) noexcept {
  switch (status) {
    case 400:
      return errc::invalid_input;
    case 401:
      return errc::unauthorized;
    case 403:
      return errc::forbidden;
    case 404:
      return errc::not_found;
    case 408:
      return errc::timeout;
    case 409:
      return errc::conflict;
    case 413:
      return errc::payload_too_large;
    case 422:
      return errc::invalid_input;
    case 429:
      return errc::rate_limited;
    case 503:
      return errc::unavailable;
    case 529:
      return errc::unavailable;  // Anthropic overloaded_error
    default:
      break;
  }
  if (status >= 400 && status < 500) return errc::invalid_input;
  return errc::provider_error;  // 500, 502, 504, other 5xx, and statuses that are no error
}

std::optional<errc> errc_for_error_type(std::string_view type) noexcept {
  if (type == "invalid_request_error" || type == "invalid_request") return errc::invalid_input;
  if (type == "authentication_error" || type == "invalid_api_key") return errc::unauthorized;
  if (type == "permission_error") return errc::forbidden;
  if (type == "not_found_error" || type == "model_not_found") return errc::not_found;
  if (type == "request_too_large") return errc::payload_too_large;
  if (type == "rate_limit_error" || type == "rate_limit_exceeded" || type == "insufficient_quota" ||
      type == "tokens" || type == "requests")
    return errc::rate_limited;
  if (type == "overloaded_error" || type == "service_unavailable") return errc::unavailable;
  if (type == "timeout_error") return errc::timeout;
  if (type == "api_error" || type == "server_error") return errc::provider_error;
  return std::nullopt;
}

std::string sanitize_provider_text(std::string_view text, std::string_view api_key) {
  std::string clean = redact(text, api_key);
  for (char& c : clean)
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') c = ' ';
  // Cut after max_provider_text code points (count lead bytes, never split a sequence).
  std::size_t points = 0;
  for (std::size_t i = 0; i < clean.size(); ++i) {
    if ((static_cast<unsigned char>(clean[i]) & 0xC0) == 0x80) continue;
    if (points == max_provider_text) {
      clean.resize(i);
      clean += "...";
      break;
    }
    ++points;
  }
  return clean;
}

result<provider_error_body> decode_error_body(std::string_view body) {
  using namespace detail;
  thread_local json_parser parser;
  od::document doc;
  if (auto e = parser.parse(body, doc)) return malformed("error body", e);
  provider_error_body out;
  bool have_error = false;
  auto e = for_each_root_field(doc, [&](std::string_view key, od::value& v) -> error_code {
    if (key != "error") return simdjson::SUCCESS;
    have_error = true;
    error_fields f;
    if (auto err = read_error_object(v, f)) return err;
    out = provider_error_body{std::move(f.type), std::move(f.message), std::move(f.param),
                              std::move(f.code)};
    return simdjson::SUCCESS;
  });
  if (e) return malformed("error body", e);
  if (!have_error) return malformed("error body has no \"error\" object");
  return out;
}

failure map_http_error(int status, std::string_view body, provider_kind kind,
                       std::string_view api_key) {
  errc code = errc_for_status(status);
  std::string msg = describe(kind, status);
  if (status >= 200 && status < 300) {
    msg += ": not an error status";
    return make_failure(errc::provider_error, std::move(msg));
  }
  if (body.empty()) {
    msg += ": empty body";
    return make_failure(code, std::move(msg));
  }
  auto parsed = decode_error_body(body);
  if (!parsed) {
    // Not JSON (a proxy's HTML page, a truncated body): the status still decides the errc,
    // and the raw body is never quoted, since an echoing proxy could reflect request headers.
    msg += ": malformed error body (" + std::to_string(body.size()) + " bytes)";
    return make_failure(code, std::move(msg));
  }
  const auto& err = *parsed;
  // A generic 5xx whose body says "overloaded" is the overloaded case all the same.
  if (code == errc::provider_error && errc_for_error_type(err.type) == errc::unavailable)
    code = errc::unavailable;
  if (!err.type.empty()) msg += " " + sanitize_provider_text(err.type, api_key);
  if (!err.code.empty() && err.code != err.type)
    msg += " (" + sanitize_provider_text(err.code, api_key) + ")";
  if (!err.message.empty()) msg += ": " + sanitize_provider_text(err.message, api_key);
  return make_failure(code, std::move(msg));
}

failure map_error_object(provider_kind kind, const provider_error_body& err,
                         std::string_view api_key) {
  auto code = errc_for_error_type(err.type);
  if (!code) code = errc_for_error_type(err.code);
  std::string msg{to_string(kind)};
  msg += " error";
  if (!err.type.empty()) msg += " " + sanitize_provider_text(err.type, api_key);
  if (!err.code.empty() && err.code != err.type)
    msg += " (" + sanitize_provider_text(err.code, api_key) + ")";
  if (!err.message.empty()) msg += ": " + sanitize_provider_text(err.message, api_key);
  return make_failure(code.value_or(errc::provider_error), std::move(msg));
}

}  // namespace wm::codecs
