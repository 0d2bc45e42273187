// wm::node: start, the supervision tree with its core services, metrics of the running
// runtime, option validation, restart of a crashed service, and a clean stop.
#include <gtest/gtest.h>

#include <atomic>
#include <caf/all.hpp>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "messages/service_names.hpp"
#include "runtime/config/config.hpp"
#include "runtime/node/node.hpp"
#include "runtime/node/node_config_from.hpp"
#include "tests/runtime/slow_stopper.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/journal.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm {
namespace {

node_config quiet_config() {
  node_config cfg;
  cfg.max_threads = 2;
  cfg.logging.level = spdlog::level::warn;
  cfg.metrics_sample_interval = std::chrono::milliseconds(50);
  cfg.phase_deadline = std::chrono::milliseconds(500);
  return cfg;
}

TEST(node, starts_the_core_services_under_the_root_supervisor) {
  auto started = node::start(quiet_config());
  ASSERT_TRUE(started) << started.error().message;
  auto& n = *started.value();
  auto tree = n.tree();
  ASSERT_TRUE(tree);
  std::vector<std::string> names;
  for (auto& kid : *tree) {
    names.push_back(kid.name);
    EXPECT_EQ(kid.state, child_state::running) << kid.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"metrics", "shutdown", "health"}));
  auto pong = n.ask<uint64_t>(n.service<echo_actor>(services::health), std::chrono::seconds(5),
                              ping_atom::value, uint64_t{41});
  ASSERT_TRUE(pong);
  EXPECT_EQ(*pong, 41u);
  auto report = n.stop();
  EXPECT_TRUE(report.clean);
}

TEST(node, scrape_reports_runtime_metrics) {
  auto n = std::move(node::start(quiet_config()).value());
  auto text = n->scrape();
  ASSERT_TRUE(text);
  auto scrape = testing::parse_prometheus_text(*text);
  ASSERT_TRUE(scrape.errors.empty()) << scrape.errors.front();
  EXPECT_GE(scrape.value("writemagic_actors_alive"), 3);
  EXPECT_EQ(scrape.value("writemagic_scheduler_threads"), 2);
  EXPECT_TRUE(scrape.has("writemagic_supervisor_restarts_total"));
  auto json = n->scrape_json();
  ASSERT_TRUE(json);
  EXPECT_NE(json->find("\"writemagic_actors_alive\""), std::string::npos);
}

TEST(node, a_crashed_service_is_restarted_and_counted) {
  auto n = std::move(node::start(quiet_config()).value());
  auto before = n->service<echo_actor>(services::health);
  caf::anon_send_exit(before, caf::exit_reason::kill);
  ASSERT_TRUE(testing::eventually([&] {
    auto now = n->service<echo_actor>(services::health);
    return now && now != before;
  })) << "health restarts: "
      << (*n->tree())[2].restarts << " state " << to_string((*n->tree())[2].state) << " exit "
      << (*n->tree())[2].last_exit;
  auto tree = n->tree();
  ASSERT_TRUE(tree);
  EXPECT_EQ((*tree)[2].restarts, 1u);
  auto pong = n->ask<uint64_t>(n->service<echo_actor>(services::health), std::chrono::seconds(5),
                               ping_atom::value, uint64_t{7});
  ASSERT_TRUE(pong);
  auto scrape = testing::parse_prometheus_text(n->scrape().value());
  EXPECT_EQ(scrape.value("writemagic_supervisor_restarts_total", {{"child", "health"}}), 1);
}

TEST(node, mailbox_backlog_of_core_services_is_sampled) {
  auto n = std::move(node::start(quiet_config()).value());
  ASSERT_TRUE(testing::eventually([&] {
    auto scrape = testing::parse_prometheus_text(n->scrape().value());
    return !std::isnan(scrape.value("writemagic_mailbox_backlog", {{"actor", "health"}})) &&
           !std::isnan(scrape.value("writemagic_mailbox_backlog", {{"actor", "shutdown"}}));
  }));
}

TEST(node, unknown_caf_option_is_an_error_that_names_it) {
  auto cfg = quiet_config();
  cfg.caf_options.emplace_back("scheduler.no-such-thing", "3");
  auto started = node::start(cfg);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, errc::invalid_input);
  EXPECT_NE(started.error().message.find("scheduler.no-such-thing"), std::string::npos);
}

TEST(node, known_caf_options_are_applied) {
  auto cfg = quiet_config();
  cfg.caf_options.emplace_back("scheduler.max-throughput", "50");
  auto started = node::start(cfg);
  ASSERT_TRUE(started) << started.error().message;
  EXPECT_EQ(caf::get_or(started.value()->system().config(), "scheduler.max-throughput", size_t{0}),
            50u);
}

// Idle workers skip CAF's 50 us naps unless told otherwise; an explicit CAF option still wins.
TEST(node, idle_workers_skip_cafs_naps_by_default) {
  auto defaults = node::start(quiet_config());
  ASSERT_TRUE(defaults) << defaults.error().message;
  const auto& sys_cfg = defaults.value()->system().config();
  EXPECT_EQ(caf::get_or(sys_cfg, "work-stealing.moderate-poll-attempts", size_t{999}), 0u);
  defaults.value()->stop();

  auto cfg = quiet_config();
  cfg.moderate_poll_attempts = 500;
  auto caf_default = node::start(cfg);
  ASSERT_TRUE(caf_default) << caf_default.error().message;
  EXPECT_EQ(caf::get_or(caf_default.value()->system().config(),
                        "work-stealing.moderate-poll-attempts", size_t{0}),
            500u);
  caf_default.value()->stop();

  cfg.caf_options.emplace_back("work-stealing.moderate-poll-attempts", "7");
  auto explicit_option = node::start(cfg);
  ASSERT_TRUE(explicit_option) << explicit_option.error().message;
  EXPECT_EQ(caf::get_or(explicit_option.value()->system().config(),
                        "work-stealing.moderate-poll-attempts", size_t{0}),
            7u);
}

TEST(node, moderate_poll_attempts_comes_from_the_configuration) {
  config_sources sources;
  sources.environment = config_env::env_map{};
  auto defaults = load_config(sources);
  ASSERT_TRUE(defaults) << defaults.error().message;
  auto from_defaults = node_config_from(*defaults);
  ASSERT_TRUE(from_defaults) << from_defaults.error().message;
  EXPECT_EQ(from_defaults->moderate_poll_attempts, 0u);

  sources.overrides = {"scheduler.moderate_poll_attempts=500"};
  auto set = load_config(sources);
  ASSERT_TRUE(set) << set.error().message;
  auto from_set = node_config_from(*set);
  ASSERT_TRUE(from_set) << from_set.error().message;
  EXPECT_EQ(from_set->moderate_poll_attempts, 500u);
}

TEST(node, bad_scheduler_policy_is_rejected) {
  auto cfg = quiet_config();
  cfg.scheduler_policy = "random";
  auto started = node::start(cfg);
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message.find("random"), std::string::npos);
}

TEST(node, a_service_that_fails_to_start_fails_the_node) {
  auto cfg = quiet_config();
  cfg.services.push_back({"store", [](caf::actor_system&) -> caf::actor {
                            throw std::runtime_error("cannot open database");
                          }});
  auto started = node::start(cfg);
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().message.find("cannot open database"), std::string::npos)
      << started.error().message;
}

// Subscribes to the drain phase of `n` and records the deadline each phase message carries
// (-1 until one arrives).
shutdown_subscriber_actor subscribe_deadline_recorder(node& n,
                                                      std::shared_ptr<std::atomic<int64_t>> ms) {
  auto sub = n.system().spawn(
      [ms](shutdown_subscriber_actor::pointer) -> shutdown_subscriber_actor::behavior_type {
        return {[ms](phase_atom, shutdown_phase, caf::timespan deadline) {
          *ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline).count();
          return true;
        }};
      });
  caf::anon_send(n.service<shutdown_coordinator_actor>(services::shutdown), subscribe_atom::value,
                 shutdown_phase::drain, std::string{"recorder"}, sub);
  return sub;
}

// Starts a node with `configured` as its phase deadline, stops it with `given` and returns
// the deadline its drain subscriber was told.
int64_t deadline_told_on_stop(std::chrono::milliseconds configured,
                              std::optional<std::chrono::milliseconds> given) {
  auto cfg = quiet_config();
  cfg.phase_deadline = configured;
  auto n = std::move(node::start(cfg).value());
  auto told = std::make_shared<std::atomic<int64_t>>(-1);
  auto sub = subscribe_deadline_recorder(*n, told);
  auto report = n->stop(given);
  EXPECT_TRUE(report.clean);
  caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
  return told->load();
}

TEST(node, stop_tells_subscribers_the_deadline_it_was_given) {
  EXPECT_EQ(deadline_told_on_stop(std::chrono::seconds(30), std::chrono::milliseconds(250)), 250);
}

TEST(node, stop_without_a_deadline_tells_subscribers_the_configured_one) {
  EXPECT_EQ(deadline_told_on_stop(std::chrono::milliseconds(700), std::nullopt), 700);
}

// A service that needs time to end after its exit message (the store commits its last
// group and closes the database): stop() returns only once it has ended.
TEST(node, stop_returns_after_every_service_has_ended) {
  auto log = std::make_shared<testing::journal>();
  auto cfg = quiet_config();
  cfg.services.push_back(testing::slow_stopper_spec(log, "slow", std::chrono::milliseconds(100)));
  auto n = std::move(node::start(cfg).value());
  n->stop();
  EXPECT_EQ(log->lines(), (std::vector<std::string>{"exit slow", "end slow"}));
}

TEST(node, stop_is_idempotent) {
  auto n = std::move(node::start(quiet_config()).value());
  auto first = n->stop();
  auto second = n->stop();
  EXPECT_EQ(first.steps.size(), second.steps.size());
}

}  // namespace
}  // namespace wm
