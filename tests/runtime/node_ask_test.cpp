// wm::node::ask, the blocking call of embedders (and, through the same blocking_call, of
// every synchronous C facade call): the bridge asks without a CAF timeout, so the caller's
// own deadline is what bounds a call nobody answers, a dead receiver bounces the request at
// once, and after stop() a call answers shutting_down instead of waiting.
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <chrono>
#include <memory>
#include <vector>

#include "runtime/node/node.hpp"

namespace wm {
namespace {

using ask_atom = caf::atom_constant<caf::atom("tnask")>;
using std::chrono::milliseconds;

// Answers 42, or keeps the request forever (a promise it never delivers) when told to stall.
struct receiver_state {
  std::vector<caf::response_promise> held;
};

caf::behavior receiver(caf::stateful_actor<receiver_state>* self) {
  return {
      [self](ask_atom, bool stall) -> caf::result<int> {
        if (!stall) return 42;
        self->state.held.push_back(self->make_response_promise());
        return caf::delegated<int>{};
      },
  };
}

class node_ask_test : public ::testing::Test {
 protected:
  void SetUp() override {
    node_config cfg;
    cfg.max_threads = 2;
    cfg.logging.level = spdlog::level::warn;
    cfg.phase_deadline = milliseconds(500);
    auto started = node::start(std::move(cfg));
    ASSERT_TRUE(started) << started.error().message;
    node_ = std::move(*started);
    target_ = node_->system().spawn(receiver);
  }

  void TearDown() override {
    if (target_) caf::anon_send_exit(target_, caf::exit_reason::user_shutdown);
    target_ = nullptr;
    if (node_) node_->stop();
    node_.reset();
  }

  std::unique_ptr<node> node_;
  caf::actor target_;
};

TEST_F(node_ask_test, an_answered_ask_returns_the_answer) {
  auto got = node_->ask<int>(target_, std::chrono::seconds(10), ask_atom::value, false);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, 42);
}

TEST_F(node_ask_test, an_ask_nobody_answers_ends_at_the_callers_deadline) {
  auto got = node_->ask<int>(target_, milliseconds(200), ask_atom::value, true);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, errc::timeout) << got.error().message;
  // The bridge is not stuck behind the unanswered request.
  auto next = node_->ask<int>(target_, std::chrono::seconds(10), ask_atom::value, false);
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(*next, 42);
}

TEST_F(node_ask_test, an_ask_to_an_ended_actor_fails_as_unavailable_not_at_its_deadline) {
  caf::scoped_actor self{node_->system()};
  self->monitor(target_);
  caf::anon_send_exit(target_, caf::exit_reason::kill);
  self->receive([](caf::down_msg&) {});
  // A deadline far past the test's own timeout: only the bounce can end this call in time.
  auto got = node_->ask<int>(target_, std::chrono::hours(1), ask_atom::value, false);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, errc::unavailable) << got.error().message;
}

TEST_F(node_ask_test, an_ask_after_stop_answers_shutting_down_at_once) {
  node_->stop();
  // The receiver is outside the tree and still running; the node's bridge is not.
  auto got = node_->ask<int>(target_, std::chrono::hours(1), ask_atom::value, false);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, errc::shutting_down) << got.error().message;
}

}  // namespace
}  // namespace wm
