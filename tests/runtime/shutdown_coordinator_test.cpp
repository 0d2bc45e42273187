// The shutdown coordinator runs phases in order, kills subscribers that miss their
// deadline, and reports what finished and what was cut.
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <chrono>

#include "actors/shutdown/shutdown_coordinator.hpp"
#include "tests/support/journal.hpp"
#include "tests/support/test_system_config.hpp"

namespace wm {
namespace {

using testing::journal;

// Acks its phase at once and writes "<name>:<phase>" to the journal.
shutdown_subscriber_actor::behavior_type prompt_subscriber(shutdown_subscriber_actor::pointer,
                                                           std::string name, journal* j) {
  return {[name, j](phase_atom, shutdown_phase phase, caf::timespan) {
    j->add(name + ":" + to_string(phase));
    return true;
  }};
}

// Acks at once and writes "<name>:<phase>:<deadline in ms>" to the journal.
shutdown_subscriber_actor::behavior_type deadline_recorder(shutdown_subscriber_actor::pointer,
                                                           std::string name, journal* j) {
  return {[name, j](phase_atom, shutdown_phase phase, caf::timespan deadline) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline).count();
    j->add(name + ":" + to_string(phase) + ":" + std::to_string(ms));
    return true;
  }};
}

// Never answers: holds the response promise forever.
shutdown_subscriber_actor::behavior_type stuck_subscriber(shutdown_subscriber_actor::pointer self) {
  return {[self](phase_atom, shutdown_phase, caf::timespan) -> caf::result<bool> {
    return self->make_response_promise<bool>();
  }};
}

class shutdown_test : public ::testing::Test {
 protected:
  shutdown_test() : sys(testing::test_system_config()) {}

  shutdown_report run(const shutdown_coordinator_actor& coord, int64_t deadline_ms) {
    shutdown_report out;
    caf::scoped_actor self{sys};
    self->request(coord, std::chrono::seconds(30), shutdown_atom::value, deadline_ms)
        .receive([&](shutdown_report& r) { out = std::move(r); },
                 [&](caf::error& e) { ADD_FAILURE() << to_string(e); });
    return out;
  }

  caf::actor_system sys;
  journal log;
};

TEST_F(shutdown_test, runs_phases_in_order_whatever_the_subscription_order) {
  auto coord = spawn_shutdown_coordinator(sys);
  auto sub = [&](const char* name, shutdown_phase phase) {
    caf::anon_send(coord, subscribe_atom::value, phase, std::string{name},
                   sys.spawn(prompt_subscriber, std::string{name}, &log));
  };
  sub("store", shutdown_phase::flush);
  sub("http", shutdown_phase::stop_intake);
  sub("sockets", shutdown_phase::close);
  sub("docs", shutdown_phase::drain);
  auto report = run(coord, 2000);
  EXPECT_TRUE(report.clean);
  ASSERT_EQ(report.steps.size(), 4u);
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"http:stop_intake", "docs:drain", "store:flush",
                                                   "sockets:close"}));
  for (auto& s : report.steps) EXPECT_EQ(s.outcome, shutdown_outcome::acked) << s.subscriber;
  caf::anon_send_exit(coord, caf::exit_reason::user_shutdown);
}

TEST_F(shutdown_test, every_subscriber_is_told_the_deadline_of_its_phase) {
  auto coord = spawn_shutdown_coordinator(sys);
  for (auto phase : all_shutdown_phases)
    caf::anon_send(coord, subscribe_atom::value, phase, std::string{"rec"},
                   sys.spawn(deadline_recorder, std::string{"rec"}, &log));
  auto report = run(coord, 1234);
  EXPECT_TRUE(report.clean);
  EXPECT_EQ(log.lines(), (std::vector<std::string>{"rec:stop_intake:1234", "rec:drain:1234",
                                                   "rec:flush:1234", "rec:close:1234"}));
  caf::anon_send_exit(coord, caf::exit_reason::user_shutdown);
}

TEST_F(shutdown_test, a_subscriber_that_misses_its_deadline_is_cut_and_killed) {
  auto coord = spawn_shutdown_coordinator(sys);
  auto stuck = sys.spawn(stuck_subscriber);
  caf::scoped_actor self{sys};
  self->monitor(stuck);
  caf::anon_send(coord, subscribe_atom::value, shutdown_phase::drain, std::string{"stuck"}, stuck);
  caf::anon_send(coord, subscribe_atom::value, shutdown_phase::flush, std::string{"after"},
                 sys.spawn(prompt_subscriber, std::string{"after"}, &log));
  auto report = run(coord, 100);
  EXPECT_FALSE(report.clean);
  ASSERT_EQ(report.steps.size(), 2u);
  EXPECT_EQ(report.steps[0].subscriber, "stuck");
  EXPECT_EQ(report.steps[0].outcome, shutdown_outcome::cut);
  EXPECT_EQ(report.steps[1].subscriber, "after");
  EXPECT_EQ(report.steps[1].outcome, shutdown_outcome::acked) << "later phases still run";
  caf::error reason;
  self->receive([&](caf::down_msg& msg) { reason = msg.reason; });
  EXPECT_EQ(reason, caf::exit_reason::kill);
  caf::anon_send_exit(coord, caf::exit_reason::user_shutdown);
}

TEST_F(shutdown_test, subscribers_that_died_before_shutdown_are_forgotten) {
  auto coord = spawn_shutdown_coordinator(sys);
  auto sub = sys.spawn(prompt_subscriber, std::string{"gone"}, &log);
  caf::anon_send(coord, subscribe_atom::value, shutdown_phase::drain, std::string{"gone"}, sub);
  {
    caf::scoped_actor self{sys};
    self->monitor(sub);
    self->send_exit(sub, caf::exit_reason::kill);
    self->receive([](caf::down_msg&) {});
  }
  // The coordinator processes the down message before the shutdown request (FIFO from
  // the same runtime), but give it a status round trip to be sure.
  caf::scoped_actor self{sys};
  self->request(coord, std::chrono::seconds(5), status_atom::value)
      .receive([](bool) {}, [](caf::error&) {});
  auto report = run(coord, 500);
  for (auto& s : report.steps) EXPECT_NE(s.outcome, shutdown_outcome::cut);
  EXPECT_TRUE(report.clean);
  caf::anon_send_exit(coord, caf::exit_reason::user_shutdown);
}

TEST_F(shutdown_test, a_second_request_gets_the_same_report_and_status_turns_true) {
  auto coord = spawn_shutdown_coordinator(sys);
  caf::anon_send(coord, subscribe_atom::value, shutdown_phase::close, std::string{"x"},
                 sys.spawn(prompt_subscriber, std::string{"x"}, &log));
  caf::scoped_actor self{sys};
  bool before = true;
  self->request(coord, std::chrono::seconds(5), status_atom::value)
      .receive([&](bool b) { before = b; }, [](caf::error&) {});
  EXPECT_FALSE(before);
  auto first = run(coord, 1000);
  auto second = run(coord, 1000);
  EXPECT_EQ(first.steps.size(), second.steps.size());
  EXPECT_EQ(log.lines().size(), 1u) << "phases ran once";
  bool after = false;
  self->request(coord, std::chrono::seconds(5), status_atom::value)
      .receive([&](bool b) { after = b; }, [](caf::error&) {});
  EXPECT_TRUE(after);
  caf::anon_send_exit(coord, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace wm
