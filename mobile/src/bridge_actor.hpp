#pragma once
// The bridge between facade threads and the actor world: one long-lived actor per runtime.
// A facade call packs its request into a bridge_job, sends it with anon_send (no scoped_actor
// spawned per call: that costs 43-90 us here) and waits on a call_slot; the bridge issues the
// request with request(...).then(...) and the response handler fills the slot. The bridge is
// also the stream sink of every completion the runtime starts (completion_chunk messages).
#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/event_based_actor.hpp>

#include <memory>

#include "mobile/src/stream_table.hpp"

namespace wm::mobile {

class bridge_job {
 public:
  virtual ~bridge_job() = default;
  virtual void run(caf::event_based_actor* self) = 0;
};

using bridge_job_ptr = std::shared_ptr<bridge_job>;

template <class F>
class lambda_job : public bridge_job {
 public:
  explicit lambda_job(F f) : f_(std::move(f)) {}
  void run(caf::event_based_actor* self) override { f_(self); }

 private:
  F f_;
};

template <class F>
bridge_job_ptr make_job(F f) {
  return std::make_shared<lambda_job<F>>(std::move(f));
}

// detached: the bridge gets its own thread (wakes on enqueue without a scheduler worker's
// poll loop); otherwise it runs on the CAF scheduler.
caf::actor spawn_bridge(caf::actor_system& sys, std::shared_ptr<stream_table> streams,
                        bool detached);

}  // namespace wm::mobile

// Jobs never leave the process: no serialization needed.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(wm::mobile::bridge_job_ptr)
