#pragma once
// One open runtime behind a wm_runtime handle: the node (actor system + supervision tree),
// the bridge actor that carries synchronous calls and completion streams, and the event
// queues. Entry points hold a call_guard while they use it, so close() can wait for calls
// in flight before it destroys the actor system.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include <caf/actor.hpp>
#include <caf/send.hpp>

#include "messages/caf_error.hpp"
#include "mobile/src/bridge_actor.hpp"
#include "mobile/src/config_json.hpp"
#include "mobile/src/stream_table.hpp"
#include "runtime/node/node.hpp"

namespace wm::mobile {

struct bridge_options {
  bool detached = false;  // the bridge on its own thread instead of the scheduler
  // Polls of the answer before the caller sleeps. 0 by default: on 2 loaded cores spinning
  // steals the worker's time (bench_mobile: 53 us without, 110 us with 4000 polls).
  unsigned spin = 0;
};

class runtime_impl {
 public:
  static result<std::shared_ptr<runtime_impl>> open(facade_config fc, bridge_options opts = {});
  ~runtime_impl();
  runtime_impl(const runtime_impl&) = delete;
  runtime_impl& operator=(const runtime_impl&) = delete;

  // Phased shutdown (phase_deadline 0: configured), ends running streams, drains the callback
  // thread, waits for calls in flight, destroys the actor system. Later calls: no-op.
  status close(std::chrono::milliseconds phase_deadline);

  // RAII: counts a call in flight; false (and nothing counted) once closing began.
  class call_guard {
   public:
    explicit call_guard(runtime_impl& rt) : rt_(rt), ok_(rt.enter()) {}
    ~call_guard() {
      if (ok_) rt_.leave();
    }
    explicit operator bool() const noexcept { return ok_; }

   private:
    runtime_impl& rt_;
    bool ok_;
  };

  // A request to `dest` answered through the bridge; blocks the calling thread for at most
  // `timeout` (see runtime/node/blocking_call.hpp).
  template <class R, class Handle, class... Ts>
  result<R> call(const Handle& dest, std::chrono::milliseconds timeout, Ts... xs) {
    return blocking_call<R>(bridge_, dest, timeout, opts_.spin, std::move(xs)...);
  }

  void send_job(bridge_job_ptr job) { caf::anon_send(bridge_, std::move(job)); }

  template <class Handle>
  Handle service(caf::atom_value name) const {
    return node_->service<Handle>(name);
  }

  wm::node& node() noexcept { return *node_; }
  const config& cfg() const noexcept { return cfg_; }
  const std::map<std::string, std::string>& api_keys() const noexcept { return api_keys_; }
  stream_table& streams() noexcept { return *streams_; }
  const std::shared_ptr<stream_table>& streams_ptr() const noexcept { return streams_; }
  const caf::actor& bridge() const noexcept { return bridge_; }
  bool closing() const noexcept { return closing_.load(std::memory_order_acquire); }

  // Process-unique ids for completions started without one.
  std::string next_request_id();

 private:
  runtime_impl() = default;
  bool enter();
  void leave();

  config cfg_;
  std::map<std::string, std::string> api_keys_;
  bridge_options opts_;
  std::unique_ptr<wm::node> node_;
  std::shared_ptr<stream_table> streams_;
  caf::actor bridge_;

  std::mutex close_mtx_;  // one close at a time
  bool closed_ = false;
  std::atomic<bool> closing_{false};
  std::atomic<int64_t> in_flight_{0};
  std::mutex idle_mtx_;
  std::condition_variable idle_cv_;
};

}  // namespace wm::mobile
