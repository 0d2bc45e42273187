#include "mobile/src/runtime_impl.hpp"

#include <caf/all.hpp>

#include <filesystem>

#include "runtime/node/caf_thread.hpp"
#include "runtime/node/node_config_from.hpp"

namespace wm::mobile {

result<std::shared_ptr<runtime_impl>> runtime_impl::open(facade_config fc, bridge_options opts) {
  // API keys handed over directly stay in memory: each goes to its provider's settings (never
  // to the process environment, where children would inherit it and other runtimes read it).
  // Each provider registers its key as a secret, masked in every log line and error message.
  auto ncfg = node_config_from(fc.cfg, ai::provider_keys{fc.api_keys.begin(), fc.api_keys.end()});
  if (!ncfg) return ncfg.error();
  std::error_code ec;
  const auto& data_dir = fc.cfg.get_string("runtime.data_dir");
  std::filesystem::create_directories(data_dir, ec);
  if (ec)
    return failure{errc::invalid_input,
                   "runtime.data_dir: cannot create '" + data_dir + "': " + ec.message()};
  std::shared_ptr<runtime_impl> rt{new runtime_impl};
  rt->opts_ = opts;
  rt->cfg_ = std::move(fc.cfg);
  rt->api_keys_ = std::move(fc.api_keys);
  auto started = wm::node::start(std::move(*ncfg));
  if (!started) return started.error();
  rt->node_ = std::move(*started);
  rt->streams_ = std::make_shared<stream_table>(
      static_cast<size_t>(rt->cfg_.get_int("ai.max_undelivered_events")));
  rt->bridge_ = spawn_bridge(rt->node_->system(), rt->streams_, opts.detached);
  forget_actor_system_on_this_thread();  // wm_close may come from any thread
  return rt;
}

runtime_impl::~runtime_impl() {
  close(std::chrono::milliseconds{0});
}

bool runtime_impl::enter() {
  in_flight_.fetch_add(1, std::memory_order_acq_rel);
  if (closing_.load(std::memory_order_acquire)) {
    leave();
    return false;
  }
  return true;
}

void runtime_impl::leave() {
  if (in_flight_.fetch_sub(1, std::memory_order_acq_rel) == 1 &&
      closing_.load(std::memory_order_acquire)) {
    std::lock_guard lock{idle_mtx_};
    idle_cv_.notify_all();
  }
}

status runtime_impl::close(std::chrono::milliseconds phase_deadline) {
  std::lock_guard once{close_mtx_};
  if (closed_) return {};
  closed_ = true;
  closing_.store(true, std::memory_order_release);
  status outcome;
  if (node_) {
    auto report = phase_deadline.count() > 0 ? node_->stop(phase_deadline) : node_->stop();
    if (!report.clean)
      outcome = failure{errc::timeout, "shutdown: a service did not finish within its deadline"};
  }
  // Nothing answers any more: end what is still running, deliver the last callbacks. The
  // poll queue closes first: a callback blocked in wm_poll_event wakes, so the join does not
  // wait out its timeout.
  if (streams_) {
    streams_->fail_all(WM_ERR_SHUTTING_DOWN, "the runtime was closed");
    streams_->polls().close();
    streams_->callbacks().close_and_join();
  }
  {
    // Calls in flight fail quickly now (their services are gone); wait for them to leave
    // before the actor system they use is destroyed.
    std::unique_lock lock{idle_mtx_};
    idle_cv_.wait(lock, [this] { return in_flight_.load(std::memory_order_acquire) == 0; });
  }
  if (bridge_) {
    caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
    bridge_ = nullptr;
  }
  node_.reset();  // ~actor_system waits for the bridge and every service to finish
  return outcome;
}

std::string runtime_impl::next_request_id() {
  static std::atomic<uint64_t> process_counter{0};
  auto n = process_counter.fetch_add(1, std::memory_order_relaxed) + 1;
  return "mob-" + std::to_string(n);
}

}  // namespace wm::mobile
