#include "actors/resilience/retry_after.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace wm::resilience {

using std::chrono::milliseconds;

namespace {

// Past this a delay is "forever" for any sane cap; saturating keeps the arithmetic safe.
constexpr int64_t kSaturateMs = 1'000'000'000'000;  // ~31.7 years

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Parses exactly `n` digits at s[pos..pos+n).
std::optional<int> fixed_digits(std::string_view s, size_t pos, size_t n) noexcept {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool leap(int y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned days_in_month(int y, unsigned m) noexcept {
  static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<milliseconds> parse_retry_after_ms(std::string_view value) noexcept {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  int64_t whole = 0;
  size_t i = 0;
  bool saturated = false;
  for (; i < value.size() && is_digit(value[i]); ++i) {
    if (whole > kSaturateMs) {
      saturated = true;
      continue;
    }
    whole = whole * 10 + (value[i] - '0');
  }
  const size_t int_digits = i;
  bool fraction_nonzero = false;
  if (i < value.size() && value[i] == '.') {
    ++i;
    const size_t start = i;
    for (; i < value.size() && is_digit(value[i]); ++i) fraction_nonzero |= value[i] != '0';
    if (i == start) return std::nullopt;  // "12." is not a number we accept
  }
  if (int_digits == 0 || i != value.size()) return std::nullopt;
  if (saturated || whole > kSaturateMs) return milliseconds{kSaturateMs};
  return milliseconds{whole + (fraction_nonzero ? 1 : 0)};
}

namespace {

// Seconds since the epoch named by an IMF-fixdate (years 0000-9999 always fit in int64).
std::optional<int64_t> imf_fixdate_seconds(std::string_view s) noexcept {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 characters.
  s = trim(s);
  if (s.size() != 29) return std::nullopt;
  static constexpr std::array<std::string_view, 7> kDays{"Mon", "Tue", "Wed", "Thu",
                                                         "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  bool day_ok = false;
  for (auto d : kDays) day_ok |= s.substr(0, 3) == d;
  if (!day_ok || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT")
    return std::nullopt;
  unsigned month = 0;
  for (unsigned m = 0; m < kMonths.size(); ++m)
    if (s.substr(8, 3) == kMonths[m]) month = m + 1;
  const auto day = fixed_digits(s, 5, 2);
  const auto year = fixed_digits(s, 12, 4);
  const auto hour = fixed_digits(s, 17, 2);
  const auto minute = fixed_digits(s, 20, 2);
  const auto second = fixed_digits(s, 23, 2);
  if (month == 0 || !day || !year || !hour || !minute || !second) return std::nullopt;
  if (*day < 1 || static_cast<unsigned>(*day) > days_in_month(*year, month) || *hour > 23 ||
      *minute > 59 || *second > 60)  // 60: a leap second is legal in the grammar
    return std::nullopt;
  const int64_t days = days_from_civil(*year, month, static_cast<unsigned>(*day));
  return days * 86400 + *hour * 3600 + *minute * 60 + *second;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_imf_fixdate(
    std::string_view s) noexcept {
  using tp = std::chrono::system_clock::time_point;
  const auto secs = imf_fixdate_seconds(s);
  if (!secs) return std::nullopt;
  // system_clock counts nanoseconds here (about +-292 years around 1970): saturate outside.
  const auto max_s = std::chrono::floor<std::chrono::seconds>(tp::max().time_since_epoch());
  const auto min_s = std::chrono::ceil<std::chrono::seconds>(tp::min().time_since_epoch());
  if (*secs >= max_s.count()) return tp::max();
  if (*secs <= min_s.count()) return tp::min();
  return tp{std::chrono::seconds{*secs}};
}

std::optional<milliseconds> parse_retry_after(std::string_view value,
                                              std::chrono::system_clock::time_point now) noexcept {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (is_digit(value.front())) {
    int64_t secs = 0;
    for (char c : value) {
      if (!is_digit(c)) return std::nullopt;
      if (secs <= kSaturateMs / 1000) secs = secs * 10 + (c - '0');
    }
    if (secs > kSaturateMs / 1000) return milliseconds{kSaturateMs};
    return milliseconds{secs * 1000};
  }
  const auto when_s = imf_fixdate_seconds(value);
  if (!when_s) return std::nullopt;
  // In milliseconds (range +-292 million years) nothing here can overflow. The date is whole
  // seconds, so ceil(when - now) == when - floor(now).
  const int64_t now_ms = std::chrono::floor<milliseconds>(now.time_since_epoch()).count();
  const int64_t delta = *when_s * 1000 - now_ms;
  if (delta <= 0) return milliseconds{0};
  return milliseconds{std::min<int64_t>(delta, kSaturateMs)};
}

}  // namespace wm::resilience
