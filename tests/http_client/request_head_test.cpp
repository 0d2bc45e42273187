// The fake provider's request framing: read_request reads one HTTP/1.1 request off the front of
// a connection's bytes. Examples for each rule and each rejection, then properties over generated
// valid requests (prefixes wait, the whole completes, trailing bytes change nothing).
#include "tests/support/fake_provider/request_head.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wm::fake {

// gtest prints the framing's state by name (found by argument-dependent lookup).
static void PrintTo(request_framing::state s, std::ostream* os) {
  *os << (s == request_framing::state::complete     ? "complete"
          : s == request_framing::state::incomplete ? "incomplete"
                                                    : "invalid");
}

namespace {

using state = request_framing::state;

// Assertion helper that prints the whole framing when a status check fails.
std::string describe(const request_framing& f) {
  std::string s = f.status == state::complete     ? "complete"
                  : f.status == state::incomplete ? "incomplete"
                                                  : "invalid";
  s += " consumed=" + std::to_string(f.consumed) + " error=" + std::to_string(f.error_status) +
       " '" + f.error_message + "'";
  return s;
}

void expect_invalid(std::string_view bytes, int status, const request_limits& limits = {}) {
  const auto f = read_request(bytes, limits);
  EXPECT_EQ(f.status, state::invalid) << describe(f) << "\n for: " << bytes;
  EXPECT_EQ(f.error_status, status) << describe(f) << "\n for: " << bytes;
  EXPECT_FALSE(f.keep_alive) << "the connection closes after an invalid request";
  EXPECT_FALSE(f.error_message.empty()) << bytes;
  EXPECT_EQ(f.consumed, 0u);
}

// ---- complete requests -------------------------------------------------------------------------

TEST(RequestHead, CompletePostWithBodyIsRecorded) {
  const std::string raw =
      "POST /v1/chat/completions?stream=true&x=1 HTTP/1.1\r\n"
      "Host: localhost:8080\r\n"
      "Content-Type:   application/json \t\r\n"
      "X-Request-ID:\tabc-123\r\n"
      "Content-Length: 11\r\n"
      "\r\n"
      "{\"a\":\"b c\"}";
  const auto f = read_request(raw);
  ASSERT_EQ(f.status, state::complete) << describe(f);
  EXPECT_EQ(f.consumed, raw.size());
  EXPECT_EQ(f.request.method, "POST");
  EXPECT_EQ(f.request.path, "/v1/chat/completions");
  EXPECT_EQ(f.request.body, "{\"a\":\"b c\"}");
  const http_headers expected{{"host", "localhost:8080"},
                              {"content-type", "application/json"},
                              {"x-request-id", "abc-123"},
                              {"content-length", "11"}};
  EXPECT_EQ(f.request.headers, expected);
  EXPECT_TRUE(f.keep_alive);
  EXPECT_FALSE(f.expects_continue);
  EXPECT_EQ(f.error_status, 0);
}

TEST(RequestHead, RequestWithoutHeadersOrBodyIsComplete) {
  const std::string raw = "GET / HTTP/1.1\r\n\r\n";
  const auto f = read_request(raw);
  ASSERT_EQ(f.status, state::complete) << describe(f);
  EXPECT_EQ(f.consumed, raw.size());
  EXPECT_EQ(f.request.method, "GET");
  EXPECT_EQ(f.request.path, "/");
  EXPECT_TRUE(f.request.headers.empty());
  EXPECT_TRUE(f.request.body.empty());
}

TEST(RequestHead, NoContentLengthMeansEmptyBodyAndFollowingBytesAreNotTaken) {
  const std::string first = "DELETE /items/7 HTTP/1.1\r\nHost: h\r\n\r\n";
  const auto f = read_request(first + "leftover");
  ASSERT_EQ(f.status, state::complete) << describe(f);
  EXPECT_EQ(f.consumed, first.size());
  EXPECT_TRUE(f.request.body.empty());
}

TEST(RequestHead, PipelinedRequestsAreReadOneAtATime) {
  const std::string first = "POST /a?q=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello";
  const std::string second = "GET /b HTTP/1.1\r\nConnection: close\r\n\r\n";
  const std::string both = first + second;

  const auto f1 = read_request(both);
  ASSERT_EQ(f1.status, state::complete) << describe(f1);
  EXPECT_EQ(f1.consumed, first.size());
  EXPECT_EQ(f1.request.path, "/a");
  EXPECT_EQ(f1.request.body, "hello");
  EXPECT_TRUE(f1.keep_alive);

  const auto f2 = read_request(std::string_view(both).substr(f1.consumed));
  ASSERT_EQ(f2.status, state::complete) << describe(f2);
  EXPECT_EQ(f2.consumed, second.size());
  EXPECT_EQ(f2.request.method, "GET");
  EXPECT_EQ(f2.request.path, "/b");
  EXPECT_TRUE(f2.request.body.empty());
  EXPECT_FALSE(f2.keep_alive);
}

TEST(RequestHead, BodyBytesThatLookLikeAHeadEndDoNotEndTheRequest) {
  const std::string raw = "PUT /x HTTP/1.1\r\nContent-Length: 8\r\n\r\n\r\n\r\nabcd";
  const auto f = read_request(raw + "GET");
  ASSERT_EQ(f.status, state::complete) << describe(f);
  EXPECT_EQ(f.consumed, raw.size());
  EXPECT_EQ(f.request.body, "\r\n\r\nabcd");
}

TEST(RequestHead, HeaderNamesAreLowerCasedAndEqualContentLengthsAreAccepted) {
  const std::string raw =
      "POST / HTTP/1.1\r\nCONTENT-LENGTH: 2\r\ncontent-length: 2\r\nX-MiXeD: Keeps Case\r\n\r\nok";
  const auto f = read_request(raw);
  ASSERT_EQ(f.status, state::complete) << describe(f);
  EXPECT_EQ(f.request.body, "ok");
  EXPECT_EQ(f.request.headers.count("x-mixed"), 1u);
  EXPECT_EQ(f.request.headers.at("x-mixed"), "Keeps Case");
  EXPECT_EQ(f.request.headers.count("X-MiXeD"), 0u);
}

TEST(RequestHead, EmptyHeaderValueIsKept) {
  const auto f = read_request("GET / HTTP/1.1\r\nX-Empty:   \r\n\r\n");
  ASSERT_EQ(f.status, state::complete) << describe(f);
  ASSERT_EQ(f.request.headers.count("x-empty"), 1u);
  EXPECT_EQ(f.request.headers.at("x-empty"), "");
}

// ---- incomplete requests -----------------------------------------------------------------------

TEST(RequestHead, EmptyInputIsIncomplete) {
  const auto f = read_request("");
  EXPECT_EQ(f.status, state::incomplete) << describe(f);
  EXPECT_EQ(f.consumed, 0u);
}

TEST(RequestHead, HeadWithoutItsBlankLineIsIncomplete) {
  for (std::string_view partial :
       {"POST /v1 HT", "POST /v1 HTTP/1.1\r\nHost: x\r\n", "POST /v1 HTTP/1.1\r\nHost: x\r\n\r"}) {
    const auto f = read_request(partial);
    EXPECT_EQ(f.status, state::incomplete) << describe(f) << " for: " << partial;
    EXPECT_EQ(f.consumed, 0u);
    EXPECT_FALSE(f.expects_continue);
  }
}

TEST(RequestHead, MissingBodyBytesAreIncomplete) {
  const std::string head = "POST /v1 HTTP/1.1\r\nContent-Length: 10\r\n\r\n";
  for (std::string_view body : {"", "12345", "123456789"}) {
    const auto f = read_request(head + std::string(body));
    EXPECT_EQ(f.status, state::incomplete) << describe(f) << " body: " << body;
    EXPECT_EQ(f.consumed, 0u);
    EXPECT_FALSE(f.expects_continue);
  }
  const auto done = read_request(head + "1234567890");
  EXPECT_EQ(done.status, state::complete) << describe(done);
  EXPECT_EQ(done.request.body, "1234567890");
}

// ---- Expect: 100-continue ----------------------------------------------------------------------

TEST(RequestHead, ExpectContinueIsReportedWhileTheBodyIsMissing) {
  const std::string head = "POST /v1 HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n";
  const auto waiting = read_request(head);
  EXPECT_EQ(waiting.status, state::incomplete) << describe(waiting);
  EXPECT_TRUE(waiting.expects_continue);

  const auto partly = read_request(head + "ab");
  EXPECT_EQ(partly.status, state::incomplete) << describe(partly);
  EXPECT_TRUE(partly.expects_continue);

  const auto done = read_request(head + "abcd");
  ASSERT_EQ(done.status, state::complete) << describe(done);
  EXPECT_FALSE(done.expects_continue);
  EXPECT_EQ(done.request.body, "abcd");
  EXPECT_EQ(done.request.headers.at("expect"), "100-Continue");
}

TEST(RequestHead, ExpectContinueIsNotReportedBeforeTheHeadEndsOrWithoutTheHeader) {
  const auto head_partial = read_request("POST / HTTP/1.1\r\nExpect: 100-continue\r\n");
  EXPECT_EQ(head_partial.status, state::incomplete);
  EXPECT_FALSE(head_partial.expects_continue);

  const auto no_expect = read_request("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\n");
  EXPECT_EQ(no_expect.status, state::incomplete);
  EXPECT_FALSE(no_expect.expects_continue);

  const auto other_expect =
      read_request("POST / HTTP/1.1\r\nExpect: something-else\r\nContent-Length: 4\r\n\r\n");
  EXPECT_EQ(other_expect.status, state::incomplete);
  EXPECT_FALSE(other_expect.expects_continue);
}

TEST(RequestHead, ExpectContinueWithoutBodyIsSimplyComplete) {
  const auto f = read_request("GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(f.status, state::complete) << describe(f);
  EXPECT_FALSE(f.expects_continue);
}

// ---- keep-alive --------------------------------------------------------------------------------

bool keep_alive_of(std::string_view version, std::string_view connection_header) {
  std::string raw = "GET / " + std::string(version) + "\r\n";
  if (!connection_header.empty()) raw += "Connection: " + std::string(connection_header) + "\r\n";
  raw += "\r\n";
  const auto f = read_request(raw);
  EXPECT_EQ(f.status, state::complete) << describe(f) << " for: " << raw;
  return f.keep_alive;
}

TEST(RequestHead, Http11KeepsAliveUnlessConnectionClose) {
  EXPECT_TRUE(keep_alive_of("HTTP/1.1", ""));
  EXPECT_TRUE(keep_alive_of("HTTP/1.1", "keep-alive"));
  EXPECT_FALSE(keep_alive_of("HTTP/1.1", "close"));
  EXPECT_FALSE(keep_alive_of("HTTP/1.1", "Close"));
  EXPECT_FALSE(keep_alive_of("HTTP/1.1", "Upgrade, close"));
}

TEST(RequestHead, Http10ClosesUnlessConnectionKeepAlive) {
  EXPECT_FALSE(keep_alive_of("HTTP/1.0", ""));
  EXPECT_FALSE(keep_alive_of("HTTP/1.0", "close"));
  EXPECT_TRUE(keep_alive_of("HTTP/1.0", "keep-alive"));
  EXPECT_TRUE(keep_alive_of("HTTP/1.0", "Keep-Alive"));
}

TEST(RequestHead, ConnectionOptionsAreMatchedAsWholeTokens) {
  // "close" inside another option name is not "close"; likewise for "keep-alive".
  EXPECT_TRUE(keep_alive_of("HTTP/1.1", "x-closed"));
  EXPECT_TRUE(keep_alive_of("HTTP/1.1", "Upgrade, noclose"));
  EXPECT_FALSE(keep_alive_of("HTTP/1.0", "no-keep-alive"));
  EXPECT_TRUE(keep_alive_of("HTTP/1.0", "Upgrade , keep-alive "));
}

// ---- invalid requests --------------------------------------------------------------------------

TEST(RequestHead, MalformedRequestLineIs400) {
  expect_invalid("GET\r\n\r\n", 400);
  expect_invalid("GET /\r\n\r\n", 400);
  expect_invalid("GET / HTTP/1.1 extra\r\n\r\n", 400);
  expect_invalid("GET  / HTTP/1.1\r\n\r\n", 400);  // two spaces: empty target
  expect_invalid("\r\n\r\n", 400);
}

TEST(RequestHead, BadMethodTokenIs400) {
  expect_invalid(" / HTTP/1.1\r\n\r\n", 400);  // empty method
  expect_invalid("GE(T / HTTP/1.1\r\n\r\n", 400);
  expect_invalid("G\"T / HTTP/1.1\r\n\r\n", 400);
  expect_invalid("GET\t/ HTTP/1.1\r\nX: y\r\n\r\n", 400);
}

TEST(RequestHead, TargetNotStartingWithSlashIs400) {
  expect_invalid("GET http://host/ HTTP/1.1\r\n\r\n", 400);
  expect_invalid("OPTIONS * HTTP/1.1\r\n\r\n", 400);
  expect_invalid("GET v1/models HTTP/1.1\r\n\r\n", 400);
}

TEST(RequestHead, UnsupportedVersionIs505) {
  expect_invalid("GET / HTTP/2.0\r\n\r\n", 505);
  expect_invalid("GET / HTTP/0.9\r\n\r\n", 505);
  expect_invalid("GET / http/1.1\r\n\r\n", 505);
}

TEST(RequestHead, HeaderLineWithoutColonIs400) {
  expect_invalid("GET / HTTP/1.1\r\nHost localhost\r\n\r\n", 400);
  expect_invalid("GET / HTTP/1.1\r\nHost: a\r\nbroken\r\n\r\n", 400);
}

TEST(RequestHead, BadHeaderNameIs400) {
  expect_invalid("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400);            // space before the colon
  expect_invalid("GET / HTTP/1.1\r\n: a\r\n\r\n", 400);                 // empty name
  expect_invalid("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400);  // obsolete line folding
}

TEST(RequestHead, NonNumericContentLengthIs400) {
  for (std::string_view v :
       {"abc", "", "-1", "+5", "5x", "1 2", "0x10", "5, 5", "99999999999999999999999999"}) {
    expect_invalid("POST / HTTP/1.1\r\nContent-Length: " + std::string(v) + "\r\n\r\n", 400);
  }
}

TEST(RequestHead, DifferingDuplicateContentLengthIs400) {
  expect_invalid("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400);
}

TEST(RequestHead, TransferEncodingIs501) {
  expect_invalid("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                 501);
  expect_invalid("POST / HTTP/1.1\r\nContent-Length: 3\r\ntransfer-encoding: gzip\r\n\r\nabc", 501);
}

TEST(RequestHead, HeadOverLimitWithoutTerminatorIs431) {
  const request_limits limits{.max_head = 64, .max_body = 1024};
  const std::string head =
      "GET / HTTP/1.1\r\nX-Long: " + std::string(80, 'a');  // no blank line yet
  expect_invalid(head, 431, limits);
  // The same bytes under the limit are still waiting for more.
  EXPECT_EQ(read_request(head.substr(0, 40), limits).status, state::incomplete);
}

TEST(RequestHead, HeadOverLimitWithTerminatorIs431) {
  const request_limits limits{.max_head = 64, .max_body = 1024};
  expect_invalid("GET / HTTP/1.1\r\nX-Long: " + std::string(80, 'a') + "\r\n\r\n", 431, limits);
}

TEST(RequestHead, HeadExactlyAtLimitIsAcceptedWholeAndInPieces) {
  const request_limits limits{.max_head = 64, .max_body = 1024};
  std::string head = "GET / HTTP/1.1\r\nX-Pad: ";
  head += std::string(limits.max_head - head.size(), 'p');  // head (without CRLFCRLF) == max_head
  ASSERT_EQ(head.size(), limits.max_head);
  const std::string raw = head + "\r\n\r\n";
  const auto whole = read_request(raw, limits);
  ASSERT_EQ(whole.status, state::complete) << describe(whole);
  EXPECT_EQ(whole.consumed, raw.size());
  // A client whose head arrives in several reads must not be refused where one read is accepted.
  for (size_t n = 0; n < raw.size(); ++n) {
    const auto part = read_request(std::string_view(raw).substr(0, n), limits);
    EXPECT_EQ(part.status, state::incomplete) << describe(part) << " at prefix " << n;
  }
  expect_invalid(head + "q\r\n\r\n", 431, limits);  // one byte more is over
}

TEST(RequestHead, BodyOverLimitIs413BeforeTheBodyArrives) {
  const request_limits limits{.max_head = 1024, .max_body = 16};
  expect_invalid("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n", 413, limits);
  expect_invalid("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n" + std::string(17, 'b'), 413,
                 limits);
  const auto at_limit =
      read_request("POST / HTTP/1.1\r\nContent-Length: 16\r\n\r\n" + std::string(16, 'b'), limits);
  EXPECT_EQ(at_limit.status, state::complete) << describe(at_limit);
}

TEST(RequestHead, InvalidHeadIsReportedWhateverFollows) {
  // Rejection depends only on the head: appending a body or another request changes nothing.
  const std::string bad = "GET / HTTP/2.0\r\n\r\n";
  expect_invalid(bad + "GET / HTTP/1.1\r\n\r\n", 505);
}

// ---- properties --------------------------------------------------------------------------------

struct generated_request {
  std::string method;
  std::string path;
  std::string query;
  std::string version;
  std::vector<std::pair<std::string, std::string>> headers;  // as sent (mixed case)
  std::string body;
  std::string bytes;
};

rc::Gen<char> gen_tchar() {
  return rc::gen::oneOf(
      rc::gen::inRange('a', static_cast<char>('z' + 1)),
      rc::gen::inRange('A', static_cast<char>('Z' + 1)),
      rc::gen::inRange('0', static_cast<char>('9' + 1)),
      rc::gen::element('!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~'));
}

rc::Gen<std::string> gen_token() {
  return rc::gen::resize(24, rc::gen::nonEmpty(rc::gen::container<std::string>(gen_tchar())));
}

// Visible ASCII and high bytes, never a space (the request line's separator) or CR/LF.
rc::Gen<char> gen_target_char() {
  return rc::gen::oneOf(rc::gen::inRange<char>(0x21, 0x7f), rc::gen::element('\xc3', '\xa9'));
}

// Anything but CR and LF; leading and trailing blanks are trimmed by the parser, so the
// expected value is trimmed too.
rc::Gen<std::string> gen_header_value() {
  return rc::gen::resize(
      40, rc::gen::container<std::string>(rc::gen::suchThat(
              rc::gen::arbitrary<char>(), [](char c) { return c != '\r' && c != '\n'; })));
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string lowered(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

generated_request gen_request() {
  generated_request r;
  r.method = *gen_token();
  r.path = "/" + *rc::gen::resize(30, rc::gen::container<std::string>(rc::gen::suchThat(
                                          gen_target_char(), [](char c) { return c != '?'; })));
  if (*rc::gen::arbitrary<bool>())
    r.query = "?" + *rc::gen::resize(20, rc::gen::container<std::string>(gen_target_char()));
  r.version = *rc::gen::element<std::string>("HTTP/1.1", "HTTP/1.0");
  r.body = *rc::gen::resize(200, rc::gen::string<std::string>());

  std::set<std::string> names{"content-length", "transfer-encoding"};
  const auto count = *rc::gen::inRange<size_t>(0, 8);
  for (size_t i = 0; i < count; ++i) {
    auto name = *gen_token();
    if (!names.insert(lowered(name)).second) continue;  // one value per name
    r.headers.emplace_back(std::move(name), *gen_header_value());
  }
  // Content-Length goes at a random place among the other fields, under a random spelling.
  const auto cl_at = *rc::gen::inRange<size_t>(0, r.headers.size() + 1);
  r.headers.insert(
      r.headers.begin() + static_cast<std::ptrdiff_t>(cl_at),
      {*rc::gen::element<std::string>("Content-Length", "content-length", "CONTENT-LENGTH"),
       std::to_string(r.body.size())});

  r.bytes = r.method + " " + r.path + r.query + " " + r.version + "\r\n";
  for (const auto& [name, value] : r.headers) r.bytes += name + ":" + value + "\r\n";
  r.bytes += "\r\n" + r.body;
  return r;
}

// The generated request's parts came back as sent.
void check_round_trip(const generated_request& r, const request_framing& f) {
  RC_ASSERT(f.status == state::complete);
  RC_ASSERT(f.request.method == r.method);
  RC_ASSERT(f.request.path == r.path);
  RC_ASSERT(f.request.body == r.body);
  RC_ASSERT(f.request.headers.size() == r.headers.size());
  for (const auto& [name, value] : r.headers) {
    const auto it = f.request.headers.find(lowered(name));
    RC_ASSERT(it != f.request.headers.end());
    RC_ASSERT(it->second == trimmed(value));
  }
}

RC_GTEST_PROP(RequestHeadProperty, EveryStrictPrefixIsIncomplete, ()) {
  const auto r = gen_request();
  for (size_t n = 0; n < r.bytes.size(); ++n) {
    const auto f = read_request(std::string_view(r.bytes).substr(0, n));
    RC_ASSERT(f.status == state::incomplete);
    RC_ASSERT(f.consumed == 0u);
  }
}

RC_GTEST_PROP(RequestHeadProperty, WholeRequestIsCompleteAndRoundTrips, ()) {
  const auto r = gen_request();
  const auto f = read_request(r.bytes);
  check_round_trip(r, f);
  RC_ASSERT(f.consumed == r.bytes.size());
  RC_ASSERT(!f.expects_continue);
}

RC_GTEST_PROP(RequestHeadProperty, TrailingBytesChangeNothing, ()) {
  const auto r = gen_request();
  const auto trailing = *rc::gen::nonEmpty(rc::gen::string<std::string>());
  const auto alone = read_request(r.bytes);
  const auto followed = read_request(r.bytes + trailing);
  check_round_trip(r, followed);
  RC_ASSERT(followed.consumed == r.bytes.size());
  RC_ASSERT(followed.keep_alive == alone.keep_alive);
  RC_ASSERT(followed.request.headers == alone.request.headers);
}

RC_GTEST_PROP(RequestHeadProperty, HeadsOverTheLimitAreRefusedAndOthersAreNot, ()) {
  const auto r = gen_request();
  const size_t head_size = r.bytes.size() - r.body.size() - 4;  // without the CRLFCRLF
  const auto max_head = *rc::gen::inRange<size_t>(1, head_size * 2 + 2);
  const auto max_body = *rc::gen::inRange<size_t>(0, r.body.size() * 2 + 2);
  const auto f = read_request(r.bytes, {.max_head = max_head, .max_body = max_body});
  if (head_size > max_head) {
    RC_ASSERT(f.status == state::invalid);
    RC_ASSERT(f.error_status == 431);
  } else if (r.body.size() > max_body) {
    RC_ASSERT(f.status == state::invalid);
    RC_ASSERT(f.error_status == 413);
  } else {
    check_round_trip(r, f);
  }
}

}  // namespace
}  // namespace wm::fake
