#include "tests/support/fake_provider/request_head.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace wm::fake {
namespace {

constexpr std::string_view kLineEnd = "\r\n";
constexpr std::string_view kHeadEnd = "\r\n\r\n";

request_framing invalid(int status, std::string message) {
  request_framing f;
  f.status = request_framing::state::invalid;
  f.keep_alive = false;
  f.error_status = status;
  f.error_message = std::move(message);
  return f;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  });
}

// Whether the comma-separated option list holds `token` (lower-case) as a whole element.
bool contains_token(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    const size_t comma = std::min(list.find(','), list.size());
    if (lower(trim(list.substr(0, comma))) == token) return true;
    list.remove_prefix(std::min(comma + 1, list.size()));
  }
  return false;
}

}  // namespace

request_framing read_request(std::string_view bytes, const request_limits& limits) {
  const size_t head_end = bytes.find(kHeadEnd);
  if (head_end == std::string_view::npos) {
    // The terminator may still start at max_head (accepted below): refuse only once it cannot.
    if (bytes.size() >= kHeadEnd.size() && bytes.size() - kHeadEnd.size() >= limits.max_head)
      return invalid(431, "request head too large");
    return {};
  }
  if (head_end > limits.max_head) return invalid(431, "request head too large");
  const std::string_view head = bytes.substr(0, head_end);

  // Request line: METHOD SP target SP HTTP/1.x
  const size_t line_end = std::min(head.find(kLineEnd), head.size());
  const std::string_view line = head.substr(0, line_end);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return invalid(400, "malformed request line");
  request_framing f;
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method)) return invalid(400, "malformed method");
  if (target.empty() || target.front() != '/') return invalid(400, "request target must be a path");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return invalid(505, "HTTP/1.0 or 1.1 only");
  f.request.method = std::string(method);
  f.request.path = std::string(target.substr(0, target.find('?')));

  // Header fields.
  bool has_length = false;
  size_t length = 0;
  for (size_t at = line_end; at < head.size();) {
    const size_t start = at + kLineEnd.size();
    const size_t end = std::min(head.find(kLineEnd, start), head.size());
    const std::string_view field = head.substr(start, end - start);
    at = end;
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos || !is_token(field.substr(0, colon)))
      return invalid(400, "malformed header field");
    const std::string name = lower(field.substr(0, colon));
    const std::string_view value = trim(field.substr(colon + 1));
    if (name == "content-length") {
      size_t parsed = 0;
      const auto [end_ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (value.empty() || ec != std::errc{} || end_ptr != value.data() + value.size() ||
          (has_length && parsed != length))
        return invalid(400, "invalid Content-Length");
      has_length = true;
      length = parsed;
    } else if (name == "transfer-encoding") {
      return invalid(501, "chunked request bodies are not supported; send Content-Length");
    }
    f.request.headers[name] = std::string(value);
  }
  if (length > limits.max_body) return invalid(413, "request body too large");

  const auto connection = f.request.headers.find("connection");
  const bool http10 = version == "HTTP/1.0";
  if (connection != f.request.headers.end()) {
    f.keep_alive = http10 ? contains_token(connection->second, "keep-alive")
                          : !contains_token(connection->second, "close");
  } else {
    f.keep_alive = !http10;
  }

  const size_t body_start = head_end + kHeadEnd.size();
  if (bytes.size() - body_start < length) {
    const auto expect = f.request.headers.find("expect");
    request_framing waiting;
    waiting.expects_continue =
        expect != f.request.headers.end() && lower(expect->second) == "100-continue";
    return waiting;
  }
  f.request.body = std::string(bytes.substr(body_start, length));
  f.consumed = body_start + length;
  f.status = request_framing::state::complete;
  return f;
}

}  // namespace wm::fake
