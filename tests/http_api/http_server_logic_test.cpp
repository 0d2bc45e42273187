// The pure pieces of the HTTP server: routing, query strings, request ids, bearer auth,
// listen addresses, strict JSON bodies and the per-client limiter.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "adapters/http_server/bearer_auth.hpp"
#include "adapters/http_server/client_limiter.hpp"
#include "adapters/http_server/json_body.hpp"
#include "adapters/http_server/listen_address.hpp"
#include "adapters/http_server/query_string.hpp"
#include "adapters/http_server/request_framing.hpp"
#include "adapters/http_server/request_id.hpp"
#include "adapters/http_server/route_table.hpp"

namespace wm::http {
namespace {

std::optional<std::string> framing_of(const std::vector<header_view>& headers) {
  return framing_problem(headers);
}

TEST(RequestFraming, AcceptsOneClearBodyLength) {
  EXPECT_EQ(framing_of({}), std::nullopt);
  EXPECT_EQ(framing_of({{"Host", "x"}, {"Content-Length", "15"}}), std::nullopt);
  EXPECT_EQ(framing_of({{"content-length", " 15 "}, {"CONTENT-LENGTH", "15"}}), std::nullopt);
  EXPECT_EQ(framing_of({{"Transfer-Encoding", "Chunked"}}), std::nullopt);
}

// Each of these was read by civetweb one way (the first length; chunked over the length,
// on a connection kept open) where a proxy could read another: smuggling.
TEST(RequestFraming, RefusesEveryAmbiguousBodyLength) {
  const std::vector<std::pair<std::vector<header_view>, std::string>> cases = {
      {{{"Content-Length", "14"}, {"Content-Length", "40"}}, "conflicting Content-Length"},
      {{{"Content-Length", "5, 5"}}, "not a single decimal number"},
      {{{"Content-Length", "-1"}}, "not a single decimal number"},
      {{{"Content-Length", ""}}, "not a single decimal number"},
      {{{"Content-Length", "4"}, {"Transfer-Encoding", "chunked"}}, "together"},
      {{{"Transfer-Encoding", "chunked"}, {"Content-Length", "4"}}, "together"},
      {{{"Transfer-Encoding", "gzip, chunked"}}, "exactly one \"chunked\""},
      {{{"Transfer-Encoding", "chunked"}, {"Transfer-Encoding", "chunked"}}, "exactly one"},
  };
  for (const auto& [headers, why] : cases) {
    auto problem = framing_problem(headers);
    ASSERT_TRUE(problem.has_value()) << headers.front().second;
    EXPECT_NE(problem->find(why), std::string::npos) << *problem;
  }
}

TEST(RouteTable, MatchesLiteralsAndParams) {
  route_table t;
  ASSERT_TRUE(t.add("GET", "/v1/documents/{id}").ok());
  ASSERT_TRUE(t.add("PUT", "/v1/documents/{id}").ok());
  ASSERT_TRUE(t.add("GET", "/v1/documents/{id}/history").ok());
  ASSERT_TRUE(t.add("GET", "/v1/documents/search").ok());
  auto m = t.match("GET", "/v1/documents/abc%2D1");
  ASSERT_EQ(m.outcome, match_outcome::found);
  EXPECT_EQ(t.routes()[m.index].pattern, "/v1/documents/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "abc-1");
  // The literal route wins over the parameter.
  m = t.match("GET", "/v1/documents/search");
  ASSERT_EQ(m.outcome, match_outcome::found);
  EXPECT_EQ(t.routes()[m.index].pattern, "/v1/documents/search");
  m = t.match("GET", "/v1/documents/x/history");
  EXPECT_EQ(t.routes()[m.index].pattern, "/v1/documents/{id}/history");
}

TEST(RouteTable, DistinguishesNotFoundFromMethodNotAllowed) {
  route_table t;
  ASSERT_TRUE(t.add("GET", "/a/{id}").ok());
  ASSERT_TRUE(t.add("PUT", "/a/{id}").ok());
  EXPECT_EQ(t.match("GET", "/b").outcome, match_outcome::not_found);
  EXPECT_EQ(t.match("GET", "/a/").outcome, match_outcome::not_found);  // empty param
  EXPECT_EQ(t.match("GET", "/a/x/y").outcome, match_outcome::not_found);
  auto m = t.match("DELETE", "/a/x");
  EXPECT_EQ(m.outcome, match_outcome::method_not_allowed);
  EXPECT_EQ(m.allowed, "GET, PUT");
  EXPECT_EQ(t.match("GET", "/a/%zz").outcome, match_outcome::not_found);
}

TEST(RouteTable, RejectsBadPatternsAndDuplicates) {
  route_table t;
  EXPECT_FALSE(t.add("GET", "nope").ok());
  EXPECT_FALSE(t.add("GET", "/a/{Bad}").ok());
  EXPECT_FALSE(t.add("GET", "/a/x{y}").ok());
  ASSERT_TRUE(t.add("GET", "/a").ok());
  EXPECT_FALSE(t.add("GET", "/a").ok());
}

TEST(QueryString, DecodesPairs) {
  auto q = parse_query("q=hello+world&limit=10&empty=&flag&x=%41%42");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(query_value(*q, "q"), "hello world");
  EXPECT_EQ(query_value(*q, "limit"), "10");
  EXPECT_EQ(query_value(*q, "empty"), "");
  EXPECT_EQ(query_value(*q, "flag"), "");
  EXPECT_EQ(query_value(*q, "x"), "AB");
  EXPECT_FALSE(query_value(*q, "missing").has_value());
  auto bad = parse_query("q=%4");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'q'"), std::string::npos);
}

// A NUL would cut the value short in C strings: refused whether escaped or raw, so a query
// that parses always survives re-encoding (the fuzz target's round trip found the raw one).
TEST(QueryString, RefusesNulBytesEscapedOrRaw) {
  EXPECT_FALSE(parse_query("q=a%00b").ok());
  EXPECT_FALSE(parse_query(std::string_view{"q=a\0b", 5}).ok());
  EXPECT_FALSE(parse_query(std::string_view{"\0=1", 3}).ok());
  std::string out;
  EXPECT_FALSE(percent_decode(std::string_view{"a\0", 2}, out));
  EXPECT_TRUE(parse_query("q=a%01b").ok());
}

TEST(RequestId, KeepsSaneIdsAndGeneratesOthers) {
  EXPECT_EQ(choose_request_id("abc-123_x.y:z"), "abc-123_x.y:z");
  EXPECT_TRUE(is_sane_request_id(std::string(128, 'a')));
  EXPECT_FALSE(is_sane_request_id(std::string(129, 'a')));
  EXPECT_FALSE(is_sane_request_id("has space"));
  EXPECT_FALSE(is_sane_request_id("new\nline"));
  EXPECT_FALSE(is_sane_request_id(""));
  auto a = choose_request_id("bad id");
  auto b = choose_request_id("");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(is_sane_request_id(a));
}

TEST(BearerAuth, ComparesTokens) {
  EXPECT_TRUE(constant_time_equals("secret", "secret"));
  EXPECT_FALSE(constant_time_equals("secret", "secreT"));
  EXPECT_FALSE(constant_time_equals("secret", "secret2"));
  EXPECT_FALSE(constant_time_equals("", "x"));
  EXPECT_TRUE(bearer_matches("Bearer s3cr3t", "s3cr3t"));
  EXPECT_TRUE(bearer_matches("bearer s3cr3t", "s3cr3t"));
  EXPECT_FALSE(bearer_matches("Basic s3cr3t", "s3cr3t"));
  EXPECT_FALSE(bearer_matches("Bearer wrong", "s3cr3t"));
  EXPECT_FALSE(bearer_matches("Bearer ", ""));
}

TEST(BearerAuth, KnowsLoopback) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("::"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("example.com"));
}

TEST(ListenAddress, Parses) {
  auto a = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto b = parse_listen_address("[::1]:0");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "::1");
  EXPECT_TRUE(b->ipv6);
  EXPECT_FALSE(parse_listen_address("::1:80").ok());
  EXPECT_FALSE(parse_listen_address("host").ok());
  EXPECT_FALSE(parse_listen_address("host:99999").ok());
  EXPECT_FALSE(parse_listen_address("host:").ok());
}

constexpr std::array<field_spec, 4> fields{{
    {"title", json_type::string, true},
    {"version", json_type::unsigned_integer},
    {"tags", json_type::array},
    {"note", json_type::string, false, true},
}};

std::string parse_error(std::string_view body) {
  simdjson::dom::parser p;
  auto r = parse_object(p, body, fields);
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, errc::invalid_input);
  return r.error().message;
}

TEST(JsonBody, AcceptsAValidObject) {
  simdjson::dom::parser p;
  auto r = parse_object(p, R"({"title":"a","version":3,"tags":[],"note":null})", fields);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(string_field(*r, "title"), "a");
  EXPECT_EQ(int_field(*r, "version"), 3);
  EXPECT_FALSE(string_field(*r, "note").has_value());
}

TEST(JsonBody, NamesTheFieldInEveryRejection) {
  EXPECT_NE(parse_error(R"({"title":"a",)").find("malformed JSON"), std::string::npos);
  EXPECT_NE(parse_error("").find("required"), std::string::npos);
  EXPECT_NE(parse_error("[1]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(parse_error(R"({"title":1})").find("'title': must be a string"), std::string::npos);
  EXPECT_NE(parse_error(R"({"title":"a","version":-1})").find("'version'"), std::string::npos);
  EXPECT_NE(parse_error(R"({"title":"a","version":1.5})").find("'version'"), std::string::npos);
  EXPECT_NE(parse_error(R"({"title":"a","bogus":1})").find("'bogus': unknown field"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"title":"a","title":"b"})").find("more than once"), std::string::npos);
  EXPECT_NE(parse_error(R"({"version":1})").find("'title': is required"), std::string::npos);
  EXPECT_NE(parse_error(R"({"title":null})").find("not null"), std::string::npos);
  EXPECT_NE(parse_error(R"({"title":"a"} x)").find("malformed JSON"), std::string::npos);
}

TEST(ClientLimiter, LimitsPerClientAndReleases) {
  client_limiter lim{2};
  {
    auto a = lim.try_acquire("1.1.1.1");
    auto b = lim.try_acquire("1.1.1.1");
    auto c = lim.try_acquire("1.1.1.1");
    auto other = lim.try_acquire("2.2.2.2");
    EXPECT_TRUE(a);
    EXPECT_TRUE(b);
    EXPECT_FALSE(c);
    EXPECT_TRUE(other);
    EXPECT_EQ(lim.in_flight("1.1.1.1"), 2u);
  }
  EXPECT_EQ(lim.in_flight("1.1.1.1"), 0u);
  EXPECT_TRUE(lim.try_acquire("1.1.1.1"));
}

}  // namespace
}  // namespace wm::http
