// cluster.seeds parsing: every bad entry is an error naming it, never skipped.
#include "actors/cluster/seed_list.hpp"

#include <gtest/gtest.h>

namespace wm::cluster {
namespace {

TEST(SeedList, EmptyTextIsAnEmptyList) {
  auto seeds = parse_seed_list("");
  ASSERT_TRUE(seeds);
  EXPECT_TRUE(seeds->empty());
  EXPECT_TRUE(parse_seed_list(" , ,")->empty());
}

TEST(SeedList, ParsesCommaAndSpaceSeparatedEntriesInOrder) {
  auto seeds = parse_seed_list("127.0.0.1:7001, node-b.local:7002 [::1]:7003");
  ASSERT_TRUE(seeds) << seeds.error().message;
  ASSERT_EQ(seeds->size(), 3u);
  EXPECT_EQ((*seeds)[0], (endpoint{"127.0.0.1", 7001}));
  EXPECT_EQ((*seeds)[1], (endpoint{"node-b.local", 7002}));
  EXPECT_EQ((*seeds)[2], (endpoint{"::1", 7003}));
  EXPECT_EQ((*seeds)[2].to_string(), "[::1]:7003");
}

TEST(SeedList, DropsDuplicates) {
  auto seeds = parse_seed_list("a:1,b:2,a:1");
  ASSERT_TRUE(seeds);
  EXPECT_EQ(seeds->size(), 2u);
}

TEST(SeedList, RejectsBadEntriesWithTheirText) {
  for (const char* bad : {"a", "a:", ":1", "a:0", "a:65536", "a:x", "a:1,b", "a b:1:"}) {
    auto seeds = parse_seed_list(bad);
    ASSERT_FALSE(seeds) << bad;
    EXPECT_EQ(seeds.error().code, errc::invalid_input);
    EXPECT_NE(seeds.error().message.find("cluster.seeds"), std::string::npos) << bad;
  }
  auto seeds = parse_seed_list("ok:1,b@d:2");
  ASSERT_FALSE(seeds);
  EXPECT_NE(seeds.error().message.find("'b@d:2'"), std::string::npos) << seeds.error().message;
}

TEST(Endpoint, RoundTripsThroughText) {
  for (const char* text : {"127.0.0.1:1", "host:65535", "[fe80::1]:80"}) {
    auto ep = parse_endpoint(text);
    ASSERT_TRUE(ep) << text;
    EXPECT_EQ(ep->to_string(), text);
  }
}

}  // namespace
}  // namespace wm::cluster
