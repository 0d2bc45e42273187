// The WHATWG event-stream rules, one case each, and the property that any split of the bytes
// yields the same events as feeding them whole.
#include "adapters/sse/sse_parser.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using wm::sse::event;
using wm::sse::parser;

struct run {
  std::vector<event> events;
  wm::status feed_status;
  wm::status finish_status;
};

run parse_chunks(const std::vector<std::string>& chunks,
                 std::size_t max = parser::default_max_event_bytes) {
  parser p{max};
  run r;
  for (const auto& c : chunks) {
    r.feed_status = p.feed(c, [&](const event& e) { r.events.push_back(e); });
    if (!r.feed_status) return r;
  }
  r.finish_status = p.finish();
  return r;
}

run parse_whole(const std::string& s) {
  return parse_chunks({s});
}

event ev(std::string data, std::string type = "message", std::string id = "") {
  return event{std::move(type), std::move(data), std::move(id)};
}

TEST(SseParser, SingleDataEvent) {
  auto r = parse_whole("data: hello\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0], ev("hello"));
  EXPECT_TRUE(r.finish_status.ok());
}

TEST(SseParser, MultiLineDataJoinedWithLf) {
  auto r = parse_whole("data: a\ndata:b\ndata:  c\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a\nb\n c");  // only one leading space is stripped
}

TEST(SseParser, EventNameAndId) {
  auto r = parse_whole("event: content_block_delta\nid: 7\ndata: {}\n\ndata: x\n\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0], ev("{}", "content_block_delta", "7"));
  // The event type resets after dispatch; the last event id persists.
  EXPECT_EQ(r.events[1], ev("x", "message", "7"));
}

TEST(SseParser, IdWithNullIsIgnored) {
  const char raw[] = "id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n";
  auto r = parse_whole(std::string{raw, sizeof raw - 1});
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[1].id, "1");
}

TEST(SseParser, EmptyIdResetsLastEventId) {
  auto r = parse_whole("id: 5\ndata: a\n\nid\ndata: b\n\n");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].id, "5");
  EXPECT_EQ(r.events[1].id, "");
}

TEST(SseParser, CommentsAreIgnored) {
  auto r = parse_whole(": keep-alive\ndata: a\n: another\ndata: b\n\n:\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a\nb");
}

TEST(SseParser, FieldWithoutColonHasEmptyValue) {
  auto r = parse_whole("data\ndata\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "\n");
}

TEST(SseParser, EmptyDataBufferDispatchesNothing) {
  auto r = parse_whole("event: ping\n\ndata: x\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0], ev("x"));  // "ping" type was discarded with the empty event
}

TEST(SseParser, UnknownFieldsIgnored) {
  auto r = parse_whole("foo: bar\ndata: x\nDATA: y\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "x");
}

TEST(SseParser, RetryOnlyDigits) {
  parser p;
  ASSERT_TRUE(p.feed("retry: 1500\n\n", nullptr).ok());
  EXPECT_EQ(p.retry_ms(), 1500u);
  ASSERT_TRUE(p.feed("retry: 12a\n\nretry: \n\n", nullptr).ok());
  EXPECT_EQ(p.retry_ms(), 1500u);
}

TEST(SseParser, AllLineEndings) {
  for (const std::string nl : {"\n", "\r", "\r\n"}) {
    auto r =
        parse_whole("event: e" + nl + "data: 1" + nl + "data: 2" + nl + nl + "data: 3" + nl + nl);
    ASSERT_EQ(r.events.size(), 2u) << "line ending size " << nl.size();
    EXPECT_EQ(r.events[0], ev("1\n2", "e"));
    EXPECT_EQ(r.events[1], ev("3"));
    EXPECT_TRUE(r.finish_status.ok());
  }
}

TEST(SseParser, MixedLineEndings) {
  auto r = parse_whole("data: a\r\ndata: b\rdata: c\n\r\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a\nb\nc");
}

TEST(SseParser, CrAtEndOfFeedLfAtStartOfNext) {
  auto r = parse_chunks({"data: a\r", "\ndata: b\r", "\n\r", "\n"});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a\nb");  // the split CRLFs did not become blank lines
  EXPECT_TRUE(r.finish_status.ok());
}

TEST(SseParser, CrCrIsABlankLine) {
  auto r = parse_chunks({"data: a\r", "\r"});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a");
}

TEST(SseParser, EmptyFeedDoesNotLoseCrState) {
  auto r = parse_chunks({"data: a\r", "", "\n", "\n"});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a");
}

TEST(SseParser, LeadingBomIgnoredEvenWhenSplit) {
  auto whole = parse_whole(
      "\xEF\xBB\xBF"
      "data: a\n\n");
  auto split = parse_chunks({"\xEF", "\xBB",
                             "\xBF"
                             "da",
                             "ta: a\n\n"});
  ASSERT_EQ(whole.events.size(), 1u);
  EXPECT_EQ(whole.events[0].data, "a");
  EXPECT_EQ(split.events, whole.events);
}

TEST(SseParser, BomOnlyAtStart) {
  // A BOM later in the stream is ordinary bytes: here it makes an unknown field name.
  auto r = parse_whole(
      "data: a\n\n\xEF\xBB\xBF"
      "data: b\n\n");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].data, "a");
}

TEST(SseParser, PartialBomIsData) {
  auto r = parse_chunks({"\xEF\xBB", "data: a\n\n"});
  EXPECT_TRUE(r.events.empty());  // "\xEF\xBB" "data" is an unknown field
  EXPECT_TRUE(r.finish_status.ok());
}

TEST(SseParser, FinishReportsMidEvent) {
  EXPECT_FALSE(parse_whole("data: a\n").finish_status.ok());
  EXPECT_FALSE(parse_whole("data: a").finish_status.ok());
  EXPECT_FALSE(parse_whole("event: x\n").finish_status.ok());
  auto r = parse_whole("data: a\n\ndata: b");
  EXPECT_EQ(r.events.size(), 1u);  // the incomplete event is not dispatched
  EXPECT_EQ(r.finish_status.error().code, wm::errc::provider_error);
  EXPECT_TRUE(parse_whole("data: a\n\n: trailing comment").finish_status.ok());
  EXPECT_TRUE(parse_whole("").finish_status.ok());
  EXPECT_TRUE(parse_whole("data: a\r\n\r").finish_status.ok());
}

TEST(SseParser, MaxEventSizeFailsInsteadOfGrowing) {
  const std::string big(100, 'x');
  auto r = parse_chunks({"data: " + big + "\n", "data: " + big + "\n\n"}, 150);
  EXPECT_FALSE(r.feed_status.ok());
  EXPECT_EQ(r.feed_status.error().code, wm::errc::invalid_input);
  // An unterminated line is bounded too.
  parser p{64};
  wm::status st;
  for (int i = 0; i < 100 && st.ok(); ++i) st = p.feed("xxxxxxxxxx", nullptr);
  EXPECT_EQ(st.error().code, wm::errc::invalid_input);
  // The failure sticks.
  EXPECT_FALSE(p.feed("\n\n", nullptr).ok());
  EXPECT_FALSE(p.finish().ok());
}

TEST(SseParser, LimitAppliesPerEventNotPerStream) {
  std::string stream;
  for (int i = 0; i < 100; ++i) stream += "data: " + std::string(50, 'y') + "\n\n";
  auto r = parse_chunks({stream}, 100);
  EXPECT_TRUE(r.feed_status.ok());
  EXPECT_EQ(r.events.size(), 100u);
}

TEST(SseParser, LongCommentsDoNotCountTowardTheLimit) {
  auto r = parse_chunks({":" + std::string(1000, 'c') + "\ndata: ok\n\n"}, 64);
  ASSERT_TRUE(r.feed_status.ok());
  ASSERT_EQ(r.events.size(), 1u);
}

// Random event streams: a field-level generator so the property exercises every syntax branch.
std::string random_line_ending(int k) {
  return k == 0 ? "\n" : k == 1 ? "\r" : "\r\n";
}

rc::Gen<std::string> gen_stream() {
  const auto text = rc::gen::container<std::string>(
      rc::gen::elementOf(std::string{"abc xyz:{}\"\\\xc3\xa9\t01"}));
  const auto line = rc::gen::oneOf(rc::gen::map(text, [](std::string s) { return "data: " + s; }),
                                   rc::gen::map(text, [](std::string s) { return "data:" + s; }),
                                   rc::gen::just(std::string{"data"}),
                                   rc::gen::map(text, [](std::string s) { return "event: " + s; }),
                                   rc::gen::map(text, [](std::string s) { return "id: " + s; }),
                                   rc::gen::map(text, [](std::string s) { return ":" + s; }),
                                   rc::gen::just(std::string{"retry: 250"}),
                                   rc::gen::just(std::string{""}), rc::gen::just(std::string{""}));
  return rc::gen::map(rc::gen::pair(rc::gen::container<std::vector<std::string>>(line),
                                    rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 3))),
                      [](std::pair<std::vector<std::string>, std::vector<int>> p) {
                        std::string s = p.first.size() % 3 == 0 ? "\xEF\xBB\xBF" : "";
                        for (std::size_t i = 0; i < p.first.size(); ++i)
                          s += p.first[i] +
                               random_line_ending(i < p.second.size() ? p.second[i] : 0);
                        return s;
                      });
}

RC_GTEST_PROP(SseParserProperty, AnySplitYieldsIdenticalEvents, ()) {
  const std::string stream = *gen_stream();
  const auto whole = parse_whole(stream);

  // Random chunking: sorted cut points (repeats give empty feeds).
  auto cuts = *rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(0, stream.size() + 1));
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::string> chunks;
  std::size_t at = 0;
  for (std::size_t cut : cuts) {
    chunks.push_back(stream.substr(at, cut - at));
    at = cut;
  }
  chunks.push_back(stream.substr(at));
  const auto random_split = parse_chunks(chunks);
  RC_ASSERT(random_split.events == whole.events);
  RC_ASSERT(random_split.finish_status.ok() == whole.finish_status.ok());

  // One byte per feed.
  std::vector<std::string> bytes;
  for (char c : stream) bytes.emplace_back(1, c);
  const auto byte_split = parse_chunks(bytes);
  RC_ASSERT(byte_split.events == whole.events);
  RC_ASSERT(byte_split.finish_status.ok() == whole.finish_status.ok());
}

}  // namespace
