// wm::errc as a CAF error category: codes and messages survive a request/response
// round trip and binary serialization (what crossing a node does).
#include <gtest/gtest.h>
#include <caf/all.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "messages/caf_error.hpp"
#include "tests/support/test_system_config.hpp"

namespace wm {
namespace {

TEST(errc, names_round_trip_and_map_to_http_status) {
  for (auto code : all_errcs) {
    auto name = to_string(code);
    auto back = errc_from_string(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, code);
    auto status = http_status(code);
    EXPECT_GE(status, 400) << name;
    EXPECT_LT(status, 600) << name;
  }
  EXPECT_FALSE(errc_from_string("no_such_code").has_value());
  EXPECT_EQ(http_status(errc::invalid_input), 400);
  EXPECT_EQ(http_status(errc::not_found), 404);
  EXPECT_EQ(http_status(errc::conflict), 409);
  EXPECT_EQ(http_status(errc::rate_limited), 429);
  EXPECT_EQ(http_status(errc::provider_error), 502);
  EXPECT_EQ(http_status(errc::circuit_open), 503);
  EXPECT_EQ(http_status(errc::timeout), 504);
}

TEST(errc, every_code_survives_a_request_round_trip) {
  caf::actor_system sys{testing::test_system_config()};
  auto failing = sys.spawn([]() -> caf::behavior {
    return {[](int code) -> caf::result<int> {
      return make_error(static_cast<errc>(code), "detail for " + std::to_string(code));
    }};
  });
  caf::scoped_actor self{sys};
  for (auto code : all_errcs) {
    failure got;
    self->request(failing, std::chrono::seconds(5), static_cast<int>(code))
        .receive([](int) { FAIL() << "expected an error"; },
                 [&](caf::error& err) { got = to_failure(err); });
    EXPECT_EQ(got.code, code);
    EXPECT_EQ(got.message, "detail for " + std::to_string(static_cast<int>(code)));
  }
  caf::anon_send_exit(failing, caf::exit_reason::user_shutdown);
}

TEST(errc, survives_binary_serialization) {
  caf::actor_system sys{testing::test_system_config()};
  auto original = make_error(errc::conflict, "current version is 7");
  std::vector<char> buf;
  caf::binary_serializer sink{sys, buf};
  ASSERT_FALSE(sink(original));
  caf::error restored;
  caf::binary_deserializer source{sys, buf};
  ASSERT_FALSE(source(restored));
  auto f = to_failure(restored);
  EXPECT_EQ(f.code, errc::conflict);
  EXPECT_EQ(f.message, "current version is 7");
  EXPECT_EQ(sys.render(restored), "wm::conflict: current version is 7");
}

TEST(errc, caf_system_errors_map_to_the_nearest_code) {
  EXPECT_EQ(to_failure(caf::make_error(caf::sec::request_timeout)).code, errc::timeout);
  EXPECT_EQ(to_failure(caf::make_error(caf::sec::request_receiver_down)).code, errc::unavailable);
  EXPECT_EQ(to_failure(caf::make_error(caf::sec::unexpected_message)).code, errc::invalid_input);
  EXPECT_EQ(to_failure(caf::make_error(caf::sec::runtime_error)).code, errc::internal);
}

}  // namespace
}  // namespace wm
