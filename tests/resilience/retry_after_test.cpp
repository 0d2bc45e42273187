#include "actors/resilience/retry_after.hpp"

#include <gtest/gtest.h>

namespace wm::resilience {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;
using namespace std::chrono_literals;

// RFC 9110's example date, 784111777 seconds after the epoch.
const system_clock::time_point kRfcExample{seconds{784111777}};

TEST(RetryAfterMs, ParsesMillisecondsAndRoundsFractionsUp) {
  EXPECT_EQ(parse_retry_after_ms("1500"), 1500ms);
  EXPECT_EQ(parse_retry_after_ms("0"), 0ms);
  EXPECT_EQ(parse_retry_after_ms(" 42\t"), 42ms);
  EXPECT_EQ(parse_retry_after_ms("250.5"), 251ms);
  EXPECT_EQ(parse_retry_after_ms("250.000"), 250ms);
}

TEST(RetryAfterMs, RejectsAnythingElse) {
  for (const char* bad :
       {"", " ", "-5", "+5", "abc", "1e3", "12.", ".5", "NaN", "inf", "5ms", "1 2", "0x10"})
    EXPECT_EQ(parse_retry_after_ms(bad), std::nullopt) << bad;
}

TEST(RetryAfterMs, SaturatesHugeValues) {
  const auto v = parse_retry_after_ms("99999999999999999999999999999");
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, milliseconds{1'000'000'000'000});
}

TEST(RetryAfter, ParsesDelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", kRfcExample), 120'000ms);
  EXPECT_EQ(parse_retry_after("0", kRfcExample), 0ms);
  EXPECT_EQ(parse_retry_after(" 7 ", kRfcExample), 7'000ms);
  EXPECT_EQ(parse_retry_after("99999999999999999999", kRfcExample),
            milliseconds{1'000'000'000'000});
}

TEST(RetryAfter, RejectsSignsFractionsAndJunk) {
  for (const char* bad : {"", "-1", "+1", "1.5", "abc", "12abc", "1 2"})
    EXPECT_EQ(parse_retry_after(bad, kRfcExample), std::nullopt) << bad;
}

TEST(RetryAfter, ParsesImfFixdateRelativeToNow) {
  const auto when = parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT");
  ASSERT_TRUE(when);
  EXPECT_EQ(*when, kRfcExample);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", kRfcExample), 30'000ms);
  EXPECT_EQ(parse_retry_after("Mon, 07 Nov 1994 08:49:37 GMT", kRfcExample), 86'400'000ms);
  // Sub-second "now" rounds the wait up, never down.
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:38 GMT", kRfcExample + 250ms), 750ms);
}

TEST(RetryAfter, DateInThePastMeansNoWait) {
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", kRfcExample), 0ms);
  EXPECT_EQ(parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", kRfcExample), 0ms);
}

TEST(RetryAfter, RejectsObsoleteAndMalformedDates) {
  for (const char* bad : {
           "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
           "Sun Nov  6 08:49:37 1994",        // asctime
           "Sun, 06 Nov 1994 08:49:37 UTC",   // only GMT is allowed
           "Sun, 6 Nov 1994 08:49:37 GMT",    // two-digit day required
           "Sun, 06 Nov 94 08:49:37 GMT",     // four-digit year required
           "Xyz, 06 Nov 1994 08:49:37 GMT",   // bad day name
           "Sun, 06 Foo 1994 08:49:37 GMT",   // bad month
           "Sun, 31 Nov 1994 08:49:37 GMT",   // November has 30 days
           "Sun, 00 Nov 1994 08:49:37 GMT",   // day 0
           "Sun, 06 Nov 1994 24:00:00 GMT",   // hour 24
           "Sun, 06 Nov 1994 08:60:00 GMT",   // minute 60
           "Sun, 06 Nov 1994 08:49:61 GMT",   // second 61
           "Sun, 06 Nov 1994 08:49:37 GMTX",  // trailing junk
           "Sun,  06 Nov 1994 08:49:37 GMT",  // wrong spacing
       })
    EXPECT_EQ(parse_retry_after(bad, kRfcExample), std::nullopt) << bad;
}

TEST(RetryAfter, DatesBeyondTheClockRangeSaturate) {
  // system_clock holds nanoseconds: about 1677..2262. Far dates must not overflow.
  EXPECT_EQ(parse_imf_fixdate("Fri, 31 Dec 9999 23:59:59 GMT"), system_clock::time_point::max());
  EXPECT_EQ(parse_imf_fixdate("Wed, 01 Jan 1000 00:00:00 GMT"), system_clock::time_point::min());
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", kRfcExample),
            milliseconds{1'000'000'000'000});
  EXPECT_EQ(parse_retry_after("Wed, 01 Jan 1000 00:00:00 GMT", kRfcExample), 0ms);
}

TEST(RetryAfter, KnowsLeapYears) {
  EXPECT_TRUE(parse_imf_fixdate("Thu, 29 Feb 2024 00:00:00 GMT"));
  EXPECT_TRUE(parse_imf_fixdate("Tue, 29 Feb 2000 00:00:00 GMT"));
  EXPECT_FALSE(parse_imf_fixdate("Wed, 29 Feb 2023 00:00:00 GMT"));
  EXPECT_FALSE(parse_imf_fixdate("Thu, 29 Feb 2100 00:00:00 GMT"));
  const auto d = parse_imf_fixdate("Thu, 29 Feb 2024 00:00:00 GMT");
  EXPECT_EQ(d->time_since_epoch(), seconds{1709164800});
}

TEST(RetryAfter, AcceptsALeapSecond) {
  const auto a = parse_imf_fixdate("Sat, 31 Dec 2016 23:59:60 GMT");
  const auto b = parse_imf_fixdate("Sun, 01 Jan 2017 00:00:00 GMT");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

}  // namespace
}  // namespace wm::resilience
