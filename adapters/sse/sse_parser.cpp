#include "adapters/sse/sse_parser.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace wm::sse {
namespace {

constexpr char bom[] = {'\xEF', '\xBB', '\xBF'};

// Position of the first CR or LF in s, or npos. memchr twice beats a byte loop on long data lines.
std::size_t find_eol(std::string_view s) {
  const void* cr = std::memchr(s.data(), '\r', s.size());
  const void* lf = std::memchr(s.data(), '\n', s.size());
  if (cr == nullptr && lf == nullptr) return std::string_view::npos;
  const char* first = static_cast<const char*>(cr == nullptr   ? lf
                                               : lf == nullptr ? cr
                                                               : std::min(cr, lf));
  return static_cast<std::size_t>(first - s.data());
}

std::optional<uint64_t> parse_retry(std::string_view v) {
  if (v.empty()) return std::nullopt;
  uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (n > (std::numeric_limits<uint64_t>::max() - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

}  // namespace

bool parser::mid_event() const noexcept {
  return !line_.empty() || !data_.empty() || !type_.empty() || (!bom_done_ && bom_matched_ > 0);
}

status parser::over_limit() {
  failed_ = make_failure(errc::invalid_input,
                         "SSE event exceeds " + std::to_string(max_event_bytes_) + " bytes");
  return *failed_;
}

status parser::feed(std::string_view bytes, const event_callback& on_event) {
  if (failed_) return *failed_;
  // The BOM may itself be split across feeds: match it byte by byte before anything else.
  while (!bom_done_ && !bytes.empty()) {
    if (bytes.front() == bom[bom_matched_]) {
      bytes.remove_prefix(1);
      if (++bom_matched_ == sizeof(bom)) bom_done_ = true;
      continue;
    }
    bom_done_ = true;
    // A partial BOM followed by something else was data after all.
    if (bom_matched_ > 0) {
      if (auto st = consume(std::string_view{bom, bom_matched_}, on_event); !st) return st;
    }
  }
  return consume(bytes, on_event);
}

status parser::consume(std::string_view bytes, const event_callback& on_event) {
  if (skip_lf_ && !bytes.empty()) {
    skip_lf_ = false;
    if (bytes.front() == '\n') bytes.remove_prefix(1);
  }
  while (!bytes.empty()) {
    const auto eol = find_eol(bytes);
    if (eol == std::string_view::npos) return append_to_line(bytes);
    if (auto st = append_to_line(bytes.substr(0, eol)); !st) return st;
    if (auto st = process_line(on_event); !st) return st;
    std::size_t next = eol + 1;
    if (bytes[eol] == '\r') {
      if (next == bytes.size()) {
        skip_lf_ = true;  // the LF of a CRLF may start the next feed
      } else if (bytes[next] == '\n') {
        ++next;
      }
    }
    bytes.remove_prefix(next);
  }
  return {};
}

status parser::append_to_line(std::string_view segment) {
  if (segment.empty() || in_comment_) return {};
  // Comments (keep-alives) are dropped as they stream by, so they never count toward the limit.
  if (line_.empty() && segment.front() == ':') {
    in_comment_ = true;
    return {};
  }
  if (line_.size() + segment.size() + data_.size() + type_.size() > max_event_bytes_)
    return over_limit();
  line_.append(segment);
  return {};
}

status parser::process_line(const event_callback& on_event) {
  if (in_comment_) {
    in_comment_ = false;
    return {};
  }
  if (line_.empty()) {
    dispatch(on_event);
    return {};
  }
  std::string_view line{line_};
  std::string_view field = line;
  std::string_view value;
  if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    if (data_.size() + value.size() + 1 + type_.size() > max_event_bytes_) return over_limit();
    data_.append(value);
    data_.push_back('\n');
  } else if (field == "event") {
    type_.assign(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
  } else if (field == "retry") {
    if (auto ms = parse_retry(value)) retry_ms_ = ms;
  }  // any other field is ignored, as the spec says
  line_.clear();
  return {};
}

void parser::dispatch(const event_callback& on_event) {
  if (data_.empty()) {
    type_.clear();
    return;
  }
  data_.pop_back();  // the trailing '\n' of the last data line
  scratch_.data.swap(data_);
  data_.clear();
  if (type_.empty()) {
    scratch_.type.assign("message");
  } else {
    scratch_.type.swap(type_);
    type_.clear();
  }
  scratch_.id.assign(last_id_);
  if (on_event) on_event(scratch_);
}

status parser::finish() {
  if (failed_) return *failed_;
  const bool pending = mid_event();
  line_.clear();
  data_.clear();
  type_.clear();
  in_comment_ = false;
  skip_lf_ = false;
  bom_done_ = true;
  if (pending) return make_failure(errc::provider_error, "SSE stream ended mid-event");
  return {};
}

}  // namespace wm::sse
