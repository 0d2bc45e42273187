#include "tests/support/fake_provider/fake_provider.hpp"

#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include "adapters/codecs/json_writer.hpp"
#include "tests/support/fake_provider/provider_replies.hpp"
#include "tests/support/fake_provider/request_facts.hpp"
#include "tests/support/fake_provider/timed_http_server.hpp"

namespace wm::fake {
namespace {

response_plan json_answer(int status, std::string_view body) {
  return immediate_response(status, "application/json", body);
}

}  // namespace

struct fake_provider::impl {
  struct case_script {
    std::deque<fake_behaviour> queue;
    std::optional<fake_behaviour> fallback;
  };

  mutable std::mutex mu;
  std::deque<fake_behaviour> queue;
  fake_behaviour fallback;
  std::map<std::string, case_script> cases;
  uint64_t requests = 0;
  std::set<int> remote_ports;
  std::optional<recorded_request> last;
  std::atomic<uint64_t> aborted{0};
  std::unique_ptr<timed_http_server> server;  // last: stopped before the state above goes

  fake_behaviour take(const recorded_request& req) {
    if (auto h = req.headers.find("x-test-case"); h != req.headers.end()) {
      if (auto c = cases.find(h->second); c != cases.end()) {
        if (!c->second.queue.empty()) {
          fake_behaviour b = std::move(c->second.queue.front());
          c->second.queue.pop_front();
          return b;
        }
        if (c->second.fallback) return *c->second.fallback;
      }
    }
    if (!queue.empty()) {
      fake_behaviour b = std::move(queue.front());
      queue.pop_front();
      return b;
    }
    return fallback;
  }

  // Runs on the server thread for each request.
  response_plan answer(recorded_request&& req, int remote_port) {
    // Nothing here answers HEAD, and its answer must have no body.
    if (req.method == "HEAD") return json_answer(405, "");
    if (req.path == "/v1/chat/completions")
      return serve(std::move(req), remote_port, provider::openai);
    if (req.path == "/v1/messages") return serve(std::move(req), remote_port, provider::anthropic);
    if (req.path == "/_script" || req.path == "/_reset" || req.path == "/_stats" ||
        req.path == "/_last")
      return control(req, req.path.substr(2));
    return json_answer(404, R"({"error":"no such path"})");
  }

  response_plan serve(recorded_request&& req, int remote_port, provider p) {
    if (req.method != "POST") return json_answer(405, "");
    const request_facts facts = inspect_body(req.body);
    fake_behaviour b;
    uint64_t n = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      n = ++requests;
      remote_ports.insert(remote_port);
      b = take(req);
      last = std::move(req);
    }
    return provider_reply(p, b, facts, n);
  }

  response_plan control(const recorded_request& req, std::string_view what) {
    std::string body;
    int status = 200;
    if (what == "script" && req.method == "POST") {
      auto parsed = parse_behaviours(req.body);
      if (!parsed) {
        status = 400;
        body = R"({"error":)";
        codecs::append_json_string(body, parsed.error().message);
        body += "}";
      } else {
        std::lock_guard<std::mutex> lock(mu);
        for (auto& [name, b] : *parsed) {
          if (name.empty()) {
            queue.push_back(std::move(b));
          } else {
            cases[name].queue.push_back(std::move(b));
          }
        }
        body = R"({"queued":)" + std::to_string(parsed->size()) + "}";
      }
    } else if (what == "reset" && req.method == "POST") {
      reset();
      body = "{}";
    } else if (what == "stats") {
      std::lock_guard<std::mutex> lock(mu);
      body = R"({"requests":)" + std::to_string(requests) + R"(,"connections":)" +
             std::to_string(remote_ports.size()) + R"(,"streams_aborted":)" +
             std::to_string(aborted.load()) + R"(,"peak_streams":)" +
             std::to_string(server->peak_streams()) + "}";
    } else if (what == "last") {
      std::lock_guard<std::mutex> lock(mu);
      body = R"({"path":)";
      codecs::append_json_string(body, last ? last->path : "");
      body += R"(,"body":)";
      codecs::append_json_string(body, last ? last->body : "");
      body += "}";
    } else {
      status = 405;
      body = "{}";
    }
    return json_answer(status, body);
  }

  void reset() {
    std::lock_guard<std::mutex> lock(mu);
    queue.clear();
    cases.clear();
    fallback = fake_behaviour{};
    requests = 0;
    remote_ports.clear();
    last.reset();
    aborted.store(0);
    if (server) server->reset_peak_streams();
  }
};

fake_provider::fake_provider(fake_provider_options options) : impl_(std::make_unique<impl>()) {
  timed_http_server_options server_options;
  server_options.port = options.port;
  server_options.keep_alive = std::chrono::milliseconds(options.keep_alive_timeout_ms);
  impl* state = impl_.get();
  impl_->server = std::make_unique<timed_http_server>(
      server_options,
      [state](recorded_request&& req, int remote_port) {
        return state->answer(std::move(req), remote_port);
      },
      [state] { state->aborted.fetch_add(1); });
}

fake_provider::~fake_provider() {
  stop();
}

bool fake_provider::running() const {
  return impl_->server->running();
}
const std::string& fake_provider::error() const {
  return impl_->server->error();
}
int fake_provider::port() const {
  return impl_->server->port();
}
std::string fake_provider::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

void fake_provider::push(fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->queue.push_back(std::move(behaviour));
}

void fake_provider::set_default(fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->fallback = std::move(behaviour);
}

void fake_provider::push_for_case(const std::string& name, fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->cases[name].queue.push_back(std::move(behaviour));
}

void fake_provider::set_case_default(const std::string& name, fake_behaviour behaviour) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->cases[name].fallback = std::move(behaviour);
}

void fake_provider::reset() {
  impl_->reset();
}

uint64_t fake_provider::requests_received() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->requests;
}

uint64_t fake_provider::connections_seen() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->remote_ports.size();
}

uint64_t fake_provider::streams_aborted() const {
  return impl_->aborted.load();
}

size_t fake_provider::streams_open() const {
  return impl_->server->streams_open();
}

size_t fake_provider::peak_streams() const {
  return impl_->server->peak_streams();
}

std::optional<recorded_request> fake_provider::last_request() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->last;
}

void fake_provider::stop() {
  impl_->server->stop();
}

}  // namespace wm::fake
