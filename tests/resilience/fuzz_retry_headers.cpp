// Fuzz target for the headers a provider's error response steers retries with: retry-after-ms,
// retry-after (seconds or an IMF-fixdate) and x-should-retry. Asserts: no crash; every delay
// is within [0, 10^12 ms]; a date that parses is written back in IMF-fixdate form and parses
// to the same instant; a delay from a date is what is left from `now` to that instant; and
// x-should-retry answers only for "true" / "false" in any case, blanks around ignored.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>

#include "actors/resilience/retry_after.hpp"
#include "actors/resilience/retry_policy.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

using wm::fuzz::check;

constexpr milliseconds kMax{1'000'000'000'000};

void check_delay(std::optional<milliseconds> d) {
  if (d) check(*d >= milliseconds{0} && *d <= kMax);
}

// "Sun, 06 Nov 1994 08:49:37 GMT" for t (whole seconds, years 1678-2261 on this clock).
std::string imf_fixdate(system_clock::time_point t) {
  const std::time_t secs = system_clock::to_time_t(t);
  std::tm tm{};
  check(gmtime_r(&secs, &tm) != nullptr);
  char buf[64];
  check(std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm) == 29);
  return buf;
}

std::string lowered_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);  // a header line's ending, too
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace wm::resilience;
  const std::string_view value{reinterpret_cast<const char*>(data), size};
  // A fixed "now" (2026-01-01T00:00:00.250Z) so a run is reproducible.
  const system_clock::time_point now{milliseconds{1'767'225'600'250}};

  check_delay(parse_retry_after_ms(value));
  const auto delay = parse_retry_after(value, now);
  check_delay(delay);

  if (const auto when = parse_imf_fixdate(value)) {
    check(delay.has_value());
    if (*when != system_clock::time_point::max() && *when != system_clock::time_point::min()) {
      const auto again = parse_imf_fixdate(imf_fixdate(*when));
      check(again.has_value() && *again == *when);
      // In milliseconds: the instants are up to ~292 years apart, too far for nanoseconds.
      const auto left = std::chrono::duration_cast<milliseconds>(when->time_since_epoch()) -
                        std::chrono::duration_cast<milliseconds>(now.time_since_epoch());
      check(*delay == std::clamp(left, milliseconds{0}, kMax));
    }
  }

  if (const auto retry = parse_should_retry(value)) {
    check(lowered_trimmed(value) == (*retry ? "true" : "false"));
  }
  return 0;
}
