// runtime_impl::call, the path of every synchronous facade call: the bridge asks without a
// CAF timeout, so the caller's own deadline is what bounds a call nobody answers, and a dead
// receiver bounces the request at once.
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mobile/src/config_json.hpp"
#include "mobile/src/runtime_impl.hpp"

namespace wm::mobile {
namespace {

using ask_atom = caf::atom_constant<caf::atom("tbask")>;
using std::chrono::milliseconds;

// Answers 42, or keeps the request forever (a promise it never delivers) when told to stall.
struct receiver_state {
  std::vector<caf::response_promise> held;
};

caf::behavior receiver(caf::stateful_actor<receiver_state>* self) {
  return {
      [self](ask_atom, bool stall) -> caf::result<int> {
        if (!stall) return 42;
        auto rp = self->make_response_promise();
        self->state.held.push_back(rp);
        return caf::delegated<int>{};
      },
  };
}

class bridge_call_test : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wm-bridge-call-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    auto fc = load_facade_config_json(R"({"runtime":{"data_dir":")" + dir_.string() +
                                      R"("},"log":{"level":"warn"}})");
    ASSERT_TRUE(fc.ok()) << fc.error().message;
    auto rt = runtime_impl::open(std::move(*fc));
    ASSERT_TRUE(rt.ok()) << rt.error().message;
    rt_ = std::move(*rt);
    target_ = rt_->node().system().spawn(receiver);
  }

  void TearDown() override {
    if (target_) caf::anon_send_exit(target_, caf::exit_reason::user_shutdown);
    target_ = nullptr;
    if (rt_) rt_->close(milliseconds{0});
    rt_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::filesystem::path dir_;
  std::shared_ptr<runtime_impl> rt_;
  caf::actor target_;
};

TEST_F(bridge_call_test, an_answered_call_returns_the_answer) {
  auto got = rt_->call<int>(target_, std::chrono::seconds(10), ask_atom::value, false);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(*got, 42);
}

TEST_F(bridge_call_test, a_call_nobody_answers_ends_at_the_callers_deadline) {
  auto got = rt_->call<int>(target_, milliseconds(200), ask_atom::value, true);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, errc::timeout) << got.error().message;
  // The bridge is not stuck behind the unanswered request.
  auto next = rt_->call<int>(target_, std::chrono::seconds(10), ask_atom::value, false);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(*next, 42);
}

TEST_F(bridge_call_test, a_call_to_an_ended_actor_fails_as_unavailable_not_at_its_deadline) {
  caf::scoped_actor self{rt_->node().system()};
  self->monitor(target_);
  caf::anon_send_exit(target_, caf::exit_reason::kill);
  self->receive([](caf::down_msg&) {});
  // A deadline far past the test's own timeout: only the bounce can end this call in time.
  auto got = rt_->call<int>(target_, std::chrono::hours(1), ask_atom::value, false);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, errc::unavailable) << got.error().message;
}

}  // namespace
}  // namespace wm::mobile
