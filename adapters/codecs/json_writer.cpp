#include "adapters/codecs/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace wm::codecs {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid (overlong forms,
// surrogates and code points above U+10FFFF are invalid, as in RFC 3629).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    if (i + k >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (b0 >= 0xE1 && b0 <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// Length of the run at the start of s that JSON takes as is: printable ASCII but the quote and
// the backslash. Eight bytes at a time (a word passes when none of its bytes is below 0x20,
// is '"' or '\\', or has the high bit set), then byte by byte from the word that stopped.
std::size_t plain_prefix(std::string_view s) {
  static constexpr auto plain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
    return t;
  }();
  constexpr uint64_t ones = 0x0101010101010101ULL;
  constexpr uint64_t highs = 0x8080808080808080ULL;
  // (x - ones) & ~x & highs is nonzero iff some byte of x is 0; with 0x20 in each byte in
  // place of ones, iff some byte is below 0x20. The high bits of w itself flag bytes >= 0x80.
  auto all_plain = [&](uint64_t w) {
    const uint64_t quote = w ^ (ones * '"');
    const uint64_t backslash = w ^ (ones * '\\');
    const uint64_t special = ((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) |
                             ((backslash - ones) & ~backslash) | w;
    return (special & highs) == 0;
  };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    if (!all_plain(w)) break;
  }
  while (i < s.size() && plain[static_cast<unsigned char>(s[i])]) ++i;
  return i;
}

// Appends "s" for an s that needs no escaping, and `after` when given, in one copy. Always
// inlined: as a call it cost a tenth of a request body's encoding.
[[gnu::always_inline]] inline void append_plain_quoted(std::string& out, std::string_view s,
                                                       char after = '\0') {
  const std::size_t at = out.size();
  out.resize(at + s.size() + (after != '\0' ? 3 : 2));
  char* p = out.data() + at;
  p[0] = '"';
  std::memcpy(p + 1, s.data(), s.size());
  p[s.size() + 1] = '"';
  if (after != '\0') p[s.size() + 2] = after;
}

// Writes d as to_chars would when it is the double nearest a decimal with at most three
// digits after the point and below 10,000 in magnitude (temperature 0.7, top_p 0.95): the
// common case in request bodies, without the general shortest-form search. Else nullptr.
char* short_decimal(double d, char* out) {
  if (d == 0 || !(std::fabs(d) < 10000)) return nullptr;  // -0 and large ones: to_chars
  const double thousandths = std::nearbyint(d * 1000);
  if (thousandths / 1000 != d) return nullptr;  // not the double nearest that decimal
  auto n = static_cast<int64_t>(thousandths);
  if (n < 0) {
    *out++ = '-';
    n = -n;
  }
  out = std::to_chars(out, out + 8, n / 1000).ptr;
  int frac = static_cast<int>(n % 1000);
  if (frac == 0) return out;
  *out++ = '.';
  for (int div = 100; frac != 0; div /= 10) {  // digits up to the last non-zero one
    *out++ = static_cast<char>('0' + frac / div);
    frac %= div;
  }
  return out;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t i = plain_prefix(s);
  if (i == s.size()) return append_plain_quoted(out, s);  // the common case
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  out.append(s.data(), i);
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    const std::size_t run = plain_prefix(s.substr(i));
    out.append(s.data() + i, run);
    i += run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const auto len = utf8_sequence_length(s, i); len > 0) {
        out.append(s.data() + i, len);
        i += len;
      } else {
        out.append("\xEF\xBF\xBD");  // U+FFFD REPLACEMENT CHARACTER
        ++i;
      }
      continue;
    }
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
    }
    ++i;
  }
  out.push_back('"');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (first_.back() == 0) out_.push_back(',');
    first_.back() = 0;
  }
}

json_writer& json_writer::begin_object() {
  before_value();
  out_.push_back('{');
  first_.push_back(1);
  return *this;
}

json_writer& json_writer::end_object() {
  out_.push_back('}');
  if (!first_.empty()) first_.pop_back();
  return *this;
}

json_writer& json_writer::begin_array() {
  before_value();
  out_.push_back('[');
  first_.push_back(1);
  return *this;
}

json_writer& json_writer::end_array() {
  out_.push_back(']');
  if (!first_.empty()) first_.pop_back();
  return *this;
}

json_writer& json_writer::key(std::string_view k) {
  before_value();
  if (plain_prefix(k) == k.size()) {  // every key a codec writes
    append_plain_quoted(out_, k, ':');
  } else {
    append_json_string(out_, k);
    out_.push_back(':');
  }
  after_key_ = true;
  return *this;
}

json_writer& json_writer::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

json_writer& json_writer::value(bool b) {
  before_value();
  out_.append(b ? "true" : "false");
  return *this;
}

json_writer& json_writer::value(int64_t n) {
  before_value();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, end);
  return *this;
}

json_writer& json_writer::value(uint64_t n) {
  before_value();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out_.append(buf, end);
  return *this;
}

json_writer& json_writer::value(double d) {
  if (!std::isfinite(d)) return null();
  before_value();
  char buf[32];
  char* end = short_decimal(d, buf);
  if (end == nullptr) end = std::to_chars(buf, buf + sizeof buf, d).ptr;  // shortest round trip
  out_.append(buf, end);
  return *this;
}

json_writer& json_writer::null() {
  before_value();
  out_.append("null");
  return *this;
}

json_writer& json_writer::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

}  // namespace wm::codecs
