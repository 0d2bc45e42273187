// Supervisor semantics: restarts by strategy and policy, intensity escalation, tree listing,
// and the ordered stop (one child at a time, last first, killed past its shutdown time).
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actors/supervision/supervisor.hpp"
#include "tests/runtime/slow_stopper.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/journal.hpp"
#include "tests/support/test_system_config.hpp"

namespace wm {
namespace {

using crash_atom = testing::slow_stopper_crash;  // workers and slow stoppers crash alike
using finish_atom = caf::atom_constant<caf::atom("tfinish")>;
using testing::eventually;
using testing::journal;
using testing::slow_stopper_spec;

// A worker that throws on crash (an exception in a handler) and exits normally on finish.
caf::behavior worker(caf::event_based_actor* self) {
  return {
      [](crash_atom) -> int { throw std::runtime_error("boom"); },
      [self](finish_atom) { self->quit(); },
  };
}

class supervisor_test : public ::testing::Test {
 protected:
  supervisor_test() : sys(testing::test_system_config()) {}

  ~supervisor_test() override {
    std::lock_guard lock{mtx};
    latest.clear();
  }

  // A worker spec that records how often it started and its newest handle.
  child_spec worker_spec(const std::string& name,
                         restart_policy policy = restart_policy::permanent) {
    return {name,
            [this, name](caf::actor_system& s) {
              auto handle = s.spawn(worker);
              std::lock_guard lock{mtx};
              ++starts[name];
              latest[name] = handle;
              return handle;
            },
            policy};
  }

  // `spec`, whose starts are also counted, remembered and logged ("start <name>").
  child_spec recorded(child_spec spec, std::shared_ptr<journal> log) {
    spec.start = [this, log, name = spec.name, inner = spec.start](caf::actor_system& s) {
      auto handle = inner(s);
      log->add("start " + name);
      std::lock_guard lock{mtx};
      ++starts[name];
      latest[name] = handle;
      return handle;
    };
    return spec;
  }

  // Slow stoppers under one supervisor, their starts recorded.
  supervisor_spec slow_children(std::shared_ptr<journal> log, restart_strategy strategy,
                                std::initializer_list<const char*> names,
                                std::chrono::milliseconds stop_delay) {
    supervisor_spec spec;
    spec.strategy = strategy;
    for (auto name : names)
      spec.children.push_back(recorded(slow_stopper_spec(log, name, stop_delay), log));
    return spec;
  }

  // Spawns and waits until the supervisor has run its init (children started): spawn
  // returns before that.
  supervisor_actor start(supervisor_spec spec) {
    auto sup = spawn_supervisor(sys, std::move(spec));
    tree(sup);
    return sup;
  }

  int start_count(const std::string& name) {
    std::lock_guard lock{mtx};
    return starts[name];
  }

  caf::actor handle_of(const std::string& name) {
    std::lock_guard lock{mtx};
    return latest[name];
  }

  void send(const std::string& name, caf::atom_value what) {
    caf::anon_send(handle_of(name), what);
  }

  std::vector<child_info> tree(const supervisor_actor& sup) {
    std::vector<child_info> out;
    caf::scoped_actor self{sys};
    self->request(sup, std::chrono::seconds(5), list_children_atom::value)
        .receive([&](std::vector<child_info>& kids) { out = std::move(kids); },
                 [&](caf::error& err) { ADD_FAILURE() << to_string(err); });
    return out;
  }

  // Waits for the supervisor to end and returns its exit reason.
  caf::error wait_down(const supervisor_actor& sup) {
    caf::error reason;
    caf::scoped_actor self{sys};
    self->monitor(sup);
    self->receive([&](caf::down_msg& msg) { reason = msg.reason; });
    return reason;
  }

  void stop(const supervisor_actor& sup) {
    caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
    wait_down(sup);
  }

  supervisor_spec three_workers(restart_strategy strategy) {
    supervisor_spec spec;
    spec.name = "test";
    spec.strategy = strategy;
    spec.max_restarts = 10;
    spec.children = {worker_spec("a"), worker_spec("b"), worker_spec("c")};
    return spec;
  }

  caf::actor_system sys;
  std::mutex mtx;
  std::map<std::string, int> starts;
  std::map<std::string, caf::actor> latest;
};

TEST_F(supervisor_test, starts_children_in_order_and_lists_them) {
  auto sup = start(three_workers(restart_strategy::one_for_one));
  auto kids = tree(sup);
  ASSERT_EQ(kids.size(), 3u);
  EXPECT_EQ(kids[0].name, "a");
  EXPECT_EQ(kids[2].name, "c");
  for (auto& k : kids) {
    EXPECT_EQ(k.state, child_state::running);
    EXPECT_EQ(k.restarts, 0u);
    EXPECT_NE(k.actor_id, 0u);
  }
  stop(sup);
}

TEST_F(supervisor_test, one_for_one_restarts_only_the_crashed_child) {
  auto sup = start(three_workers(restart_strategy::one_for_one));
  send("b", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("b") == 2; }));
  auto kids = tree(sup);
  EXPECT_EQ(kids[1].restarts, 1u);
  EXPECT_EQ(kids[1].state, child_state::running);
  EXPECT_EQ(start_count("a"), 1);
  EXPECT_EQ(start_count("c"), 1);
  EXPECT_EQ(kids[0].restarts, 0u);
  stop(sup);
}

TEST_F(supervisor_test, one_for_all_restarts_every_child) {
  auto sup = start(three_workers(restart_strategy::one_for_all));
  auto old_a = handle_of("a");
  send("b", crash_atom::value);
  ASSERT_TRUE(eventually(
      [&] { return start_count("a") == 2 && start_count("b") == 2 && start_count("c") == 2; }));
  auto kids = tree(sup);
  for (auto& k : kids) EXPECT_EQ(k.state, child_state::running) << k.name;
  EXPECT_NE(handle_of("a"), old_a);
  stop(sup);
}

TEST_F(supervisor_test, rest_for_one_restarts_the_child_and_those_after_it) {
  auto sup = start(three_workers(restart_strategy::rest_for_one));
  send("b", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("b") == 2 && start_count("c") == 2; }));
  EXPECT_EQ(start_count("a"), 1);
  stop(sup);
}

TEST_F(supervisor_test, transient_child_is_not_restarted_after_a_normal_exit) {
  supervisor_spec spec;
  spec.children = {worker_spec("t", restart_policy::transient)};
  auto sup = start(spec);
  send("t", finish_atom::value);
  ASSERT_TRUE(eventually([&] { return tree(sup)[0].state == child_state::stopped; }));
  EXPECT_EQ(start_count("t"), 1);
  stop(sup);
}

TEST_F(supervisor_test, transient_child_is_restarted_after_a_crash) {
  supervisor_spec spec;
  spec.children = {worker_spec("t", restart_policy::transient)};
  auto sup = start(spec);
  send("t", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("t") == 2; }));
  stop(sup);
}

TEST_F(supervisor_test, temporary_child_is_never_restarted) {
  supervisor_spec spec;
  spec.children = {worker_spec("tmp", restart_policy::temporary), worker_spec("p")};
  auto sup = start(spec);
  send("tmp", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return tree(sup)[0].state == child_state::failed; }));
  EXPECT_EQ(start_count("tmp"), 1);
  EXPECT_EQ(tree(sup)[1].state, child_state::running);
  stop(sup);
}

TEST_F(supervisor_test, permanent_child_is_restarted_after_a_normal_exit) {
  supervisor_spec spec;
  spec.children = {worker_spec("p")};
  auto sup = start(spec);
  send("p", finish_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("p") == 2; }));
  stop(sup);
}

TEST_F(supervisor_test, exceeding_restart_intensity_fails_the_supervisor) {
  supervisor_spec spec;
  spec.name = "fragile";
  spec.max_restarts = 2;
  spec.window = std::chrono::seconds(60);
  spec.children = {worker_spec("w"), worker_spec("bystander")};
  auto sup = start(spec);
  caf::scoped_actor self{sys};
  self->monitor(sup);
  auto bystander = handle_of("bystander");
  self->monitor(bystander);
  for (int i = 1; i <= 3; ++i) {
    send("w", crash_atom::value);
    if (i < 3) {
      ASSERT_TRUE(eventually([&] { return start_count("w") == i + 1; }));
    }
  }
  caf::error sup_reason;
  bool bystander_down = false;
  for (int i = 0; i < 2; ++i) {
    self->receive([&](caf::down_msg& msg) {
      if (msg.source == sup.address()) sup_reason = msg.reason;
      if (msg.source == bystander.address()) bystander_down = true;
    });
  }
  EXPECT_TRUE(bystander_down) << "children are stopped when the supervisor gives up";
  ASSERT_TRUE(sup_reason);
  EXPECT_NE(to_string(sup_reason).find("gave up"), std::string::npos) << to_string(sup_reason);
}

TEST_F(supervisor_test, escalation_reaches_the_parent_which_restarts_the_subtree) {
  supervisor_spec inner;
  inner.name = "inner";
  inner.max_restarts = 0;  // first crash escalates
  inner.children = {worker_spec("leaf")};
  supervisor_spec outer;
  outer.name = "outer";
  outer.children = {supervisor_child(inner), worker_spec("sibling")};
  auto sup = start(outer);
  send("leaf", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("leaf") == 2; }));
  auto kids = tree(sup);
  ASSERT_EQ(kids.size(), 2u);
  EXPECT_EQ(kids[0].name, "inner");
  EXPECT_TRUE(kids[0].is_supervisor);
  EXPECT_EQ(kids[0].restarts, 1u);
  ASSERT_EQ(kids[0].children.size(), 1u) << "the nested tree is listed";
  EXPECT_EQ(kids[0].children[0].name, "leaf");
  EXPECT_EQ(kids[0].children[0].state, child_state::running);
  EXPECT_EQ(start_count("sibling"), 1);
  stop(sup);
}

TEST_F(supervisor_test, stopping_the_supervisor_stops_its_children) {
  auto sup = start(three_workers(restart_strategy::one_for_one));
  caf::scoped_actor self{sys};
  auto a = handle_of("a");
  self->monitor(a);
  stop(sup);
  bool down = false;
  self->receive([&](caf::down_msg& msg) { down = msg.source == a.address(); });
  EXPECT_TRUE(down);
  EXPECT_EQ(start_count("a"), 1) << "no restart while stopping";
}

TEST_F(supervisor_test, a_child_that_fails_to_start_fails_the_supervisor) {
  supervisor_spec spec;
  spec.children = {{"broken", [](caf::actor_system&) -> caf::actor {
                      throw std::runtime_error("cannot open");
                    }}};
  auto sup = spawn_supervisor(sys, spec);
  auto reason = wait_down(sup);
  EXPECT_NE(to_string(reason).find("cannot open"), std::string::npos) << to_string(reason);
}

TEST_F(supervisor_test, a_child_killed_outright_is_restarted_and_the_supervisor_survives) {
  auto sup = start(three_workers(restart_strategy::one_for_one));
  caf::anon_send_exit(handle_of("a"), caf::exit_reason::kill);
  ASSERT_TRUE(eventually([&] { return start_count("a") == 2; }));
  EXPECT_EQ(tree(sup).size(), 3u);
  stop(sup);
}

TEST_F(supervisor_test, killing_the_supervisor_still_stops_its_children) {
  auto sup = start(three_workers(restart_strategy::one_for_one));
  caf::scoped_actor self{sys};
  auto c = handle_of("c");
  self->monitor(c);
  caf::anon_send_exit(sup, caf::exit_reason::kill);
  bool down = false;
  self->receive([&](caf::down_msg& msg) { down = msg.source == c.address(); });
  EXPECT_TRUE(down);
}

TEST_F(supervisor_test, stops_children_one_at_a_time_last_first_and_ends_after_the_last) {
  auto log = std::make_shared<journal>();
  supervisor_spec spec;
  spec.children = {slow_stopper_spec(log, "a", std::chrono::milliseconds(30)),
                   slow_stopper_spec(log, "b", std::chrono::milliseconds(30)),
                   slow_stopper_spec(log, "c", std::chrono::milliseconds(30))};
  auto sup = start(std::move(spec));
  stop(sup);
  log->add("supervisor down");
  EXPECT_EQ(log->lines(), (std::vector<std::string>{"exit c", "end c", "exit b", "end b", "exit a",
                                                    "end a", "supervisor down"}));
}

TEST_F(supervisor_test, a_nested_supervisor_ends_after_its_own_children) {
  auto log = std::make_shared<journal>();
  supervisor_spec inner;
  inner.name = "inner";
  inner.children = {slow_stopper_spec(log, "leaf", std::chrono::milliseconds(30))};
  supervisor_spec outer;
  outer.children = {slow_stopper_spec(log, "first", std::chrono::milliseconds(1)),
                    supervisor_child(inner)};
  auto sup = start(std::move(outer));
  stop(sup);
  log->add("supervisor down");
  EXPECT_EQ(log->lines(), (std::vector<std::string>{"exit leaf", "end leaf", "exit first",
                                                    "end first", "supervisor down"}));
}

// The stubborn child stays reachable (the fixture keeps a strong handle to it, as the
// registry does to a service): else CAF would end it as unreachable once the supervisor
// lets go of it.
TEST_F(supervisor_test, a_child_that_ignores_shutdown_is_killed_after_its_shutdown_time) {
  auto log = std::make_shared<journal>();
  supervisor_spec spec;
  spec.children = {
      recorded(slow_stopper_spec(log, "a", std::chrono::milliseconds(1)), log),
      recorded(slow_stopper_spec(log, "stubborn", std::chrono::milliseconds(1), true), log)};
  spec.children[1].shutdown = std::chrono::milliseconds(100);
  auto sup = start(std::move(spec));
  caf::scoped_actor self{sys};
  self->monitor(sup);
  self->monitor(handle_of("stubborn"));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  caf::error stubborn_reason;
  bool supervisor_down = false;
  for (int i = 0; i < 2; ++i)
    self->receive(
        [&](caf::down_msg& msg) {
          if (msg.source == sup.address())
            supervisor_down = true;
          else
            stubborn_reason = msg.reason;
        },
        caf::after(std::chrono::seconds(20)) >> [] {});
  ASSERT_TRUE(supervisor_down) << "the supervisor waits for a stubborn child forever";
  EXPECT_EQ(stubborn_reason, caf::exit_reason::kill) << to_string(stubborn_reason);
  ASSERT_TRUE(eventually([&] { return log->lines().size() == 6; }));
  EXPECT_EQ(log->lines(), (std::vector<std::string>{"start a", "start stubborn", "exit stubborn",
                                                    "end stubborn", "exit a", "end a"}));
}

TEST_F(supervisor_test, a_child_that_ends_on_its_own_while_stopping_is_not_waited_for) {
  auto log = std::make_shared<journal>();
  supervisor_spec spec;
  spec.children = {worker_spec("a"),
                   slow_stopper_spec(log, "slow", std::chrono::milliseconds(200))};
  spec.children[0].shutdown = std::chrono::hours(1);
  auto sup = start(std::move(spec));
  caf::scoped_actor self{sys};
  self->monitor(sup);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  ASSERT_TRUE(eventually([&] { return !log->lines().empty(); }));  // "slow" is stopping
  send("a", finish_atom::value);                                   // "a" ends on its own
  bool down = false;
  self->receive([&](caf::down_msg&) { down = true; },
                caf::after(std::chrono::seconds(20)) >> [] {});
  EXPECT_TRUE(down) << "the supervisor waits for a child that is already gone";
  EXPECT_EQ(start_count("a"), 1) << "no restart while stopping";
}

// A restart by strategy stops the siblings one at a time and starts anything again only
// after they have ended: a restarted service must not meet its previous incarnation (a port
// still bound, a database still open).
TEST_F(supervisor_test, one_for_all_starts_again_only_after_the_stopped_siblings_ended) {
  auto log = std::make_shared<journal>();
  auto spec = slow_children(log, restart_strategy::one_for_all, {"a", "b", "c"},
                            std::chrono::milliseconds(30));
  auto sup = start(std::move(spec));
  send("b", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("a") == 2 && start_count("c") == 2; }));
  EXPECT_EQ(log->lines(),
            (std::vector<std::string>{"start a", "start b", "start c", "end b", "exit c", "end c",
                                      "exit a", "end a", "start a", "start b", "start c"}));
  stop(sup);
}

TEST_F(supervisor_test, rest_for_one_starts_again_only_after_the_later_siblings_ended) {
  auto log = std::make_shared<journal>();
  auto spec = slow_children(log, restart_strategy::rest_for_one, {"a", "b", "c", "d"},
                            std::chrono::milliseconds(30));
  auto sup = start(std::move(spec));
  send("b", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("d") == 2; }));
  EXPECT_EQ(log->lines(), (std::vector<std::string>{"start a", "start b", "start c", "start d",
                                                    "end b", "exit d", "end d", "exit c", "end c",
                                                    "start b", "start c", "start d"}));
  EXPECT_EQ(start_count("a"), 1);
  stop(sup);
}

TEST_F(supervisor_test, a_second_crash_during_a_restart_joins_it) {
  auto log = std::make_shared<journal>();
  auto spec = slow_children(log, restart_strategy::rest_for_one, {"a", "b", "c"},
                            std::chrono::milliseconds(200));
  spec.max_restarts = 10;
  auto sup = start(std::move(spec));
  send("b", crash_atom::value);  // c takes 200 ms to stop; meanwhile a crashes too
  ASSERT_TRUE(eventually([&] {
    auto lines = log->lines();
    return std::find(lines.begin(), lines.end(), "exit c") != lines.end();
  }));
  send("a", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return start_count("c") == 2; }));
  auto kids = tree(sup);
  for (auto& k : kids) EXPECT_EQ(k.state, child_state::running) << k.name;
  EXPECT_EQ(start_count("a"), 2);
  EXPECT_EQ(start_count("b"), 2) << "b is started once, for both plans";
  const auto lines = log->lines();
  const auto first_restart = std::find(lines.begin() + 3, lines.end(), "start a");
  ASSERT_NE(first_restart, lines.end());
  EXPECT_NE(std::find(lines.begin(), first_restart, "end c"), first_restart)
      << "nothing starts before c has ended";
  stop(sup);
}

TEST_F(supervisor_test, a_stop_during_a_restart_ends_the_supervisor_without_restarting) {
  auto log = std::make_shared<journal>();
  auto spec = slow_children(log, restart_strategy::one_for_all, {"a", "b", "c"},
                            std::chrono::milliseconds(200));
  auto sup = start(std::move(spec));
  caf::scoped_actor self{sys};
  self->monitor(sup);
  send("b", crash_atom::value);
  ASSERT_TRUE(eventually([&] { return log->lines().size() >= 5; }));  // c is stopping
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  bool down = false;
  self->receive([&](caf::down_msg&) { down = true; },
                caf::after(std::chrono::seconds(20)) >> [] {});
  ASSERT_TRUE(down);
  EXPECT_EQ(log->lines(), (std::vector<std::string>{"start a", "start b", "start c", "end b",
                                                    "exit c", "end c", "exit a", "end a"}));
}

TEST(supervisor_stop_bound,
     is_twice_each_workers_shutdown_time_plus_each_nested_supervisors_bound) {
  using std::chrono::milliseconds;
  auto worker_with = [](std::string name, milliseconds shutdown) {
    child_spec c;
    c.name = std::move(name);
    c.shutdown = shutdown;
    return c;
  };
  supervisor_spec inner;
  inner.children = {worker_with("x", milliseconds(300)), worker_with("y", milliseconds(50))};
  EXPECT_EQ(stop_bound(inner), milliseconds(700));

  const auto nested = supervisor_child(inner);
  EXPECT_EQ(nested.shutdown, milliseconds(700)) << "a supervisor child carries its own bound";

  supervisor_spec outer;
  outer.children = {worker_with("a", milliseconds(1000)), nested};
  EXPECT_EQ(stop_bound(outer), milliseconds(2700)) << "2 x 1000 for a, 700 for the subtree";
  EXPECT_EQ(stop_bound(supervisor_spec{}), milliseconds(0));
}

}  // namespace
}  // namespace wm
