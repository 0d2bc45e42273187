// The one reason-phrase table used by the node's HTTP server and the fake provider.
#include "adapters/http_server/reason_phrase.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using wm::http::reason_phrase;

TEST(ReasonPhrase, StandardCodesComeFromCivetweb) {
  EXPECT_EQ(std::string{reason_phrase(200)}, "OK");
  EXPECT_EQ(std::string{reason_phrase(404)}, "Not Found");
  EXPECT_EQ(std::string{reason_phrase(429)}, "Too Many Requests");
  EXPECT_EQ(std::string{reason_phrase(503)}, "Service Unavailable");
}

TEST(ReasonPhrase, NonStandardCodesTheProjectSends) {
  EXPECT_EQ(std::string{reason_phrase(499)}, "Client Closed Request");
  EXPECT_EQ(std::string{reason_phrase(529)}, "Overloaded");
}

TEST(ReasonPhrase, UnknownCodesStillGetAPhrase) {
  for (int status : {0, 299, 460, 599, 1000}) {
    const char* text = reason_phrase(status);
    ASSERT_NE(text, nullptr) << status;
    EXPECT_FALSE(std::string{text}.empty()) << status;
  }
}

}  // namespace
