#pragma once
// A wm::node with the document services on a temp (or given) data directory, for tests
// that go through the real actors and a real SQLite file.
#include <caf/all.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "actors/documents/document_services.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/node/node.hpp"
#include "tests/store/temp_dir.hpp"
#include "tests/support/prometheus_text.hpp"

namespace wm::test {

inline document_services_options quick_options(const std::string& dir) {
  document_services_options o;
  o.db_path = dir + "/writemagic.db";
  o.store.synchronous = "NORMAL";  // the crash test checks FULL durability
  return o;
}

class doc_node {
 public:
  explicit doc_node(document_services_options opts) : opts_(std::move(opts)) { start(); }

  void start() {
    node_config cfg;
    cfg.max_threads = 2;
    cfg.logging.level = spdlog::level::warn;
    cfg.metrics_sample_interval = std::chrono::milliseconds(50);
    cfg.phase_deadline = std::chrono::milliseconds(2000);
    cfg.metrics = std::make_shared<metrics_registry>();
    cfg.services = make_document_services(opts_, cfg.metrics);
    auto started = node::start(std::move(cfg));
    if (!started) throw std::runtime_error("node start: " + started.error().message);
    node_ = std::move(started.value());
    docs_ = node_->service<documents_actor>(services::documents);
  }

  shutdown_report stop() {
    auto r = node_->stop();
    node_.reset();
    return r;
  }

  void restart() {
    stop();
    start();
  }

  template <class R, class... Ts>
  result<R> ask(Ts&&... xs) {
    return node_->ask<R>(docs_, std::chrono::seconds(60), std::forward<Ts>(xs)...);
  }

  result<document> create(std::string title, std::string content,
                          std::string content_type = "markdown") {
    create_document_cmd c;
    c.title = std::move(title);
    c.content = std::move(content);
    c.content_type = std::move(content_type);
    c.author = "test";
    return ask<document>(create_atom::value, std::move(c));
  }

  result<document> get(const std::string& id) { return ask<document>(get_atom::value, id); }

  result<document> update_content(const std::string& id, uint64_t expected, std::string content) {
    update_document_cmd u;
    u.id = id;
    u.expected_version = expected;
    u.set_content = true;
    u.content = std::move(content);
    u.author = "test";
    return ask<document>(update_atom::value, std::move(u));
  }

  double metric(const std::string& name) {
    auto text = node_->scrape();
    if (!text) return -1;
    return testing::parse_prometheus_text(*text).value(name);
  }

  node& n() { return *node_; }
  documents_actor docs() const { return docs_; }
  caf::actor_system& sys() { return node_->system(); }

 private:
  document_services_options opts_;
  std::unique_ptr<node> node_;
  documents_actor docs_;
};

}  // namespace wm::test
