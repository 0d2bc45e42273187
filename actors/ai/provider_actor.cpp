#include "actors/ai/provider_actor.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "actors/ai/ai_module.hpp"
#include "actors/common/stray_messages.hpp"
#include "actors/resilience/circuit_breaker.hpp"
#include "actors/resilience/retry_budget.hpp"
#include "actors/resilience/retry_policy.hpp"
#include "adapters/codecs/anthropic_codec.hpp"
#include "adapters/codecs/completion_stream.hpp"
#include "adapters/codecs/openai_codec.hpp"
#include "adapters/codecs/provider_error.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"
#include "runtime/logging/log.hpp"

namespace wm::ai {

namespace {

using clock_type = std::chrono::steady_clock;
using resilience::breaker_state;
using std::chrono::milliseconds;

constexpr std::size_t max_error_body = 64 * 1024;

clock_type::time_point from_ns(int64_t ns) {
  return clock_type::time_point{
      std::chrono::duration_cast<clock_type::duration>(std::chrono::nanoseconds{ns})};
}

// Transfer events from the I/O thread wait here for the provider actor. Only the event that
// finds the inbox empty rings the doorbell (one transfer_atom message), so a burst of
// completions in one curl_multi_perform pass costs one actor message, not one per event.
struct transfer_inbox {
  using event = std::variant<transfer_head, transfer_body, transfer_end>;

  explicit transfer_inbox(caf::weak_actor_ptr o) : owner(std::move(o)) {}

  void push(event e) {
    bool ring = false;
    {
      std::lock_guard<std::mutex> lock(mu);
      events.push_back(std::move(e));
      ring = !rung;
      rung = true;
    }
    if (!ring) return;
    if (auto strong = owner.lock())
      caf::anon_send(caf::actor_cast<provider_actor>(std::move(strong)), transfer_atom::value);
  }

  // Actor side: everything queued so far, in arrival order.
  void take(std::vector<event>& out) {
    std::lock_guard<std::mutex> lock(mu);
    out.swap(events);
    rung = false;
  }

  caf::weak_actor_ptr owner;
  std::mutex mu;
  std::vector<event> events;  // guarded by mu
  bool rung = false;          // guarded by mu: a transfer_atom is on its way
};

// One request in flight at this provider (across its attempts).
struct call_state {
  uint64_t id = 0;
  completion_request req;
  std::string body;  // encoded once, sent on every attempt
  clock_type::time_point deadline;
  stream_sink_actor sink;
  caf::typed_response_promise<completion_result> promise;
  uint32_t attempt = 0;  // attempts started
  milliseconds previous_delay{0};
  bool retry_granted = false;  // the budget counts a retry in flight
  bool tokens_delivered = false;
  // the current attempt
  uint64_t transfer = 0;  // 0: none in flight (waiting for a retry timer)
  clock_type::time_point attempt_start;
  uint64_t breaker_tag = 0;  // breaker.transitions() when the attempt was admitted
  bool head_seen = false;
  transfer_head head;
  std::string error_body;
  std::optional<codecs::completion_stream> stream;
};

struct provider_state {
  static inline const char* name = "wm.ai.provider";

  provider_settings cfg;
  std::shared_ptr<ai_module> module;
  std::string url;
  std::string api_key;
  std::optional<failure> key_problem;
  // Its request headers (content type, key) and the response headers it reads, prepared
  // once for every attempt.
  std::shared_ptr<const http_profile> profile;
  std::optional<resilience::retry_policy> policy;
  std::optional<resilience::retry_budget> budget;
  std::optional<resilience::circuit_breaker> breaker;
  std::unordered_map<uint64_t, call_state> calls;
  std::unordered_map<uint64_t, uint64_t> by_transfer;    // transfer id -> call id
  std::unordered_map<std::string, uint64_t> by_request;  // request id -> call id
  uint64_t next_call = 0;
  std::shared_ptr<transfer_inbox> inbox;
  std::vector<transfer_inbox::event> events;  // drained from the inbox, reused
  // metrics
  prometheus::Gauge* breaker_gauge = nullptr;
  prometheus::Counter* to_closed = nullptr;
  prometheus::Counter* to_open = nullptr;
  prometheus::Counter* to_half_open = nullptr;
  prometheus::Counter* attempts_total = nullptr;
  prometheus::Counter* retries_total = nullptr;

  ~provider_state() {
    // The actor is going away: stop its transfers (their callbacks then find no actor) and
    // answer whoever still waits.
    for (auto& [id, call] : calls) {
      if (call.transfer != 0 && module) module->client().cancel(call.transfer);
      if (call.promise.pending())
        call.promise.deliver(make_error(errc::unavailable, "provider " + cfg.name + " stopped"));
    }
  }
};

using provider_ptr = provider_actor::stateful_pointer<provider_state>;

// --- the HTTP client's callbacks: I/O thread, queue and return ---------------------------

// The only response headers a provider reads (its retry rules).
constexpr const char* x_should_retry = "x-should-retry";
constexpr const char* retry_after_ms = "retry-after-ms";
constexpr const char* retry_after = "retry-after";
const std::vector<std::string> retry_header_names = {x_should_retry, retry_after_ms, retry_after};

void copy_retry_headers(const http_headers& headers, transfer_head& out) {
  auto get = [&](const char* name, std::string& dst) {
    if (auto it = headers.find(name); it != headers.end()) dst = it->second;
  };
  get(x_should_retry, out.x_should_retry);
  get(retry_after_ms, out.retry_after_ms);
  get(retry_after, out.retry_after);
}

transfer_end end_message(uint64_t transfer, result<http_completion>& r) {
  transfer_end end;
  end.transfer = transfer;
  if (!r.ok()) {
    end.error = static_cast<uint8_t>(r.error().code);
    end.message = r.error().message;
  }
  return end;
}

// What one attempt's callbacks share. on_complete owns it: the client calls that handler last
// and drops all three together, so the other two hold a plain pointer (small enough for
// std::function to keep without an allocation of its own).
struct attempt_events {
  attempt_events(std::shared_ptr<transfer_inbox> i, uint64_t t) : inbox(std::move(i)) {
    end.transfer = t;
    end.head.transfer = t;
  }
  std::shared_ptr<transfer_inbox> inbox;
  transfer_end end;  // non-streaming: head and body gathered here, queued as one event
};

http_handlers make_handlers(std::shared_ptr<transfer_inbox> inbox, uint64_t transfer,
                            bool streaming) {
  auto owned = std::make_shared<attempt_events>(std::move(inbox), transfer);
  attempt_events* events = owned.get();
  http_handlers h;
  if (streaming) {
    h.on_headers = [events](int status, const http_headers& headers) {
      transfer_head head;
      head.transfer = events->end.transfer;
      head.status = status;
      copy_retry_headers(headers, head);
      events->inbox->push(std::move(head));
    };
    h.on_body_chunk = [events](std::string_view chunk) {
      events->inbox->push(transfer_body{events->end.transfer, std::string{chunk}});
    };
    h.on_complete = [owned](result<http_completion> r) {
      owned->inbox->push(end_message(owned->end.transfer, r));
    };
    return h;
  }
  h.on_headers = [events](int status, const http_headers& headers) {
    events->end.head.status = status;
    copy_retry_headers(headers, events->end.head);
  };
  h.on_body_chunk = [events](std::string_view chunk) { events->end.body.append(chunk); };
  h.on_complete = [owned](result<http_completion> r) {
    auto end = end_message(owned->end.transfer, r);
    end.head = std::move(owned->end.head);
    end.body = std::move(owned->end.body);
    owned->inbox->push(std::move(end));
  };
  return h;
}

// --- the actor ----------------------------------------------------------------------------

provider_actor::behavior_type behavior_for(provider_ptr self, breaker_state state);

void finish(provider_ptr self, call_state& call, result<completion_result> outcome) {
  auto& st = self->state;
  if (call.retry_granted) st.budget->on_retry_finished();
  st.budget->on_request_finished();
  if (call.transfer != 0) st.by_transfer.erase(call.transfer);
  if (outcome.ok())
    call.promise.deliver(std::move(*outcome));
  else
    call.promise.deliver(make_error(outcome.error()));
  st.by_request.erase(call.req.request_id);
  st.calls.erase(call.id);  // `call` dangles from here
}

void start_attempt(provider_ptr self, call_state& call, bool admitted) {
  auto& st = self->state;
  const auto now = clock_type::now();
  if (!admitted && !st.breaker->try_acquire(now)) {
    finish(self, call,
           failure{errc::circuit_open, "circuit open for provider " + st.cfg.name +
                                           " (during retries, after " +
                                           std::to_string(call.attempt) + " attempts)"});
    return;
  }
  const auto remaining = std::chrono::duration_cast<milliseconds>(call.deadline - now);
  if (remaining.count() <= 0) {
    st.breaker->on_ignored();  // gives a half-open permit back
    finish(self, call,
           failure{errc::timeout, "deadline exceeded before attempt " +
                                      std::to_string(call.attempt + 1) + " at " + st.cfg.name});
    return;
  }
  ++call.attempt;
  st.attempts_total->Increment();
  call.breaker_tag = st.breaker->transitions();
  call.attempt_start = now;
  call.head_seen = false;
  call.head = {};
  call.error_body.clear();
  call.stream.reset();
  const auto transfer = st.module->next_transfer_id();
  call.transfer = transfer;
  st.by_transfer.emplace(transfer, call.id);
  http_request r;
  r.id = transfer;
  r.method = http_method::post;
  r.url = st.url;
  r.profile = st.profile;
  r.body = call.body;
  r.total_timeout = std::min(st.cfg.attempt_timeout, remaining);
  r.connect_timeout = std::min(st.cfg.connect_timeout, r.total_timeout);
  st.module->client().submit(std::move(r), make_handlers(st.inbox, transfer, call.req.stream));
}

// Reports one attempt to the breaker, unless it was admitted before the last transition.
void report_to_breaker(provider_ptr self, const call_state& call, std::optional<errc> error) {
  auto& st = self->state;
  if (call.breaker_tag != st.breaker->transitions()) return;
  const auto now = clock_type::now();
  st.breaker->on_outcome(error, now - call.attempt_start, now);
}

void conclude_attempt(provider_ptr self, call_state& call, std::optional<failure> transport,
                      const transfer_head& head, const std::string& body) {
  auto& st = self->state;
  st.by_transfer.erase(call.transfer);
  call.transfer = 0;
  resilience::attempt_outcome outcome;
  outcome.tokens_delivered = call.tokens_delivered;
  std::optional<failure> problem;
  std::optional<completion_result> answer;
  if (transport) {
    if (transport->code == errc::cancelled) {
      // The client is shutting down (a cancel by request id never gets here).
      report_to_breaker(self, call, errc::cancelled);
      finish(self, call, *transport);
      return;
    }
    outcome.connection_error = transport->code != errc::timeout;
    outcome.timed_out = transport->code == errc::timeout;
    if (head.status != 0) outcome.http_status = head.status;
    problem = failure{transport->code, "provider " + st.cfg.name + ": " + transport->message};
  } else {
    outcome.http_status = head.status;
    if (!head.x_should_retry.empty()) outcome.x_should_retry = head.x_should_retry;
    if (!head.retry_after_ms.empty()) outcome.retry_after_ms = head.retry_after_ms;
    if (!head.retry_after.empty()) outcome.retry_after = head.retry_after;
    if (head.status < 200 || head.status >= 300) {
      auto f = codecs::map_http_error(head.status, body, st.cfg.kind, st.api_key);
      problem = failure{f.code, "provider " + st.cfg.name + ": " + f.message};
    } else if (call.req.stream) {
      if (!call.stream) {
        problem = failure{errc::provider_error, "provider " + st.cfg.name + ": empty stream"};
        outcome.connection_error = true;
      } else if (auto done = call.stream->finish(); !done) {
        problem =
            failure{done.error().code, "provider " + st.cfg.name + ": " + done.error().message};
        // A stream cut before its end is a transport failure (retryable until tokens went out).
        outcome.connection_error = done.error().code == errc::provider_error;
      } else {
        answer = call.stream->summary();
      }
    } else {
      auto decoded = st.cfg.kind == codecs::provider_kind::openai
                         ? codecs::decode_openai_response(body)
                         : codecs::decode_anthropic_response(body);
      if (decoded)
        answer = std::move(*decoded);
      else
        problem = failure{decoded.error().code,
                          "provider " + st.cfg.name + ": " + decoded.error().message};
    }
  }
  if (answer) {
    report_to_breaker(self, call, std::nullopt);
    st.budget->on_success();
    answer->request_id = call.req.request_id;
    answer->provider = st.cfg.name;
    if (answer->model.empty())
      answer->model = call.req.model.empty() ? st.cfg.model : call.req.model;
    answer->attempts = call.attempt;
    finish(self, call, std::move(*answer));
    return;
  }
  report_to_breaker(self, call, problem->code);
  auto decision = st.policy->decide(outcome, call.attempt, call.previous_delay);
  const auto& rid = call.req.request_id;
  if (!decision.retry) {
    if (decision.reason == resilience::retry_reason::retry_after_too_long)
      problem = failure{errc::rate_limited,
                        problem->message + " (server asked to wait " +
                            std::to_string(decision.delay.count()) + " ms, over the " +
                            std::to_string(st.cfg.retry.retry_after_cap.count()) + " ms cap)"};
    log::info(rid, "provider {}: attempt {} failed, not retried ({}): {}", st.cfg.name,
              call.attempt, resilience::to_string(decision.reason), problem->message);
    finish(self, call, std::move(*problem));
    return;
  }
  if (clock_type::now() + decision.delay >= call.deadline) {
    problem->message += " (no time left before the deadline to retry)";
    finish(self, call, std::move(*problem));
    return;
  }
  if (call.retry_granted) {
    st.budget->on_retry_finished();
    call.retry_granted = false;
  }
  if (!st.budget->try_acquire_retry()) {
    log::warn(rid, "provider {}: retry budget exhausted, not retrying: {}", st.cfg.name,
              problem->message);
    problem->message += " (retry budget exhausted)";
    finish(self, call, std::move(*problem));
    return;
  }
  call.retry_granted = true;
  call.previous_delay = decision.delay;
  st.retries_total->Increment();
  log::info(rid, "provider {}: attempt {} failed ({}), retry in {} ms ({}): {}", st.cfg.name,
            call.attempt, resilience::to_string(decision.reason), decision.delay.count(),
            resilience::to_string(decision.source), problem->message);
  self->delayed_send(self, decision.delay, retry_atom::value, call.id, call.attempt);
}

caf::result<completion_result> admit(provider_ptr self, completion_request& req, int64_t deadline,
                                     stream_sink_actor& sink, bool admitted) {
  auto& st = self->state;
  if (st.key_problem) return make_error(*st.key_problem);
  auto body = st.cfg.kind == codecs::provider_kind::openai
                  ? codecs::encode_openai_request(req, st.cfg.model)
                  : codecs::encode_anthropic_request(req, st.cfg.model);
  if (!body) return make_error(body.error());
  if (req.request_id.empty()) req.request_id = st.cfg.name + "-" + std::to_string(st.next_call + 1);
  auto [running, fresh] = st.by_request.try_emplace(req.request_id, st.next_call + 1);
  if (!fresh)
    return make_error(errc::invalid_input, "request " + req.request_id + " is already running");
  if (!admitted && !st.breaker->try_acquire(clock_type::now())) {
    st.by_request.erase(running);
    return make_error(errc::circuit_open, "circuit half-open for provider " + st.cfg.name +
                                              ": probes already in flight");
  }
  const auto id = ++st.next_call;
  auto& call = st.calls[id];
  call.id = id;
  call.req = std::move(req);
  call.body = std::move(*body);
  call.deadline = from_ns(deadline);
  call.sink = std::move(sink);
  call.promise = self->make_response_promise<completion_result>();
  st.budget->on_request_started();
  auto promise = call.promise;
  start_attempt(self, call, true);
  return promise;
}

void on_transition(provider_ptr self, breaker_state from, breaker_state to,
                   resilience::transition_reason why) {
  auto& st = self->state;
  st.breaker_gauge->Set(static_cast<double>(to));
  (to == breaker_state::closed ? st.to_closed
   : to == breaker_state::open ? st.to_open
                               : st.to_half_open)
      ->Increment();
  auto stats = st.breaker->stats(clock_type::now());
  log::warn("", "provider {}: circuit {} -> {} ({}; {} calls, {} failures, {:.0f}% failed)",
            st.cfg.name, resilience::to_string(from), resilience::to_string(to),
            resilience::to_string(why), stats.calls, stats.failures, stats.failure_rate);
  self->become(behavior_for(self, to));
}

breaker_report make_report(provider_ptr self) {
  auto& st = self->state;
  const auto now = clock_type::now();
  auto s = st.breaker->stats(now);
  breaker_report r;
  r.provider = st.cfg.name;
  r.state = std::string{resilience::to_string(s.state)};
  r.calls = s.calls;
  r.failures = s.failures;
  r.slow_calls = s.slow_calls;
  r.failure_rate = s.failure_rate;
  r.slow_call_rate = s.slow_call_rate;
  r.consecutive_failures = s.consecutive_failures;
  r.transitions = s.transitions;
  r.not_permitted = s.not_permitted;
  r.open_remaining_ms = std::chrono::ceil<milliseconds>(st.breaker->open_remaining(now)).count();
  if (s.last_open) r.last_open_reason = std::string{resilience::to_string(s.last_open->reason)};
  auto b = st.budget->stats();
  r.retry_tokens = b.tokens;
  r.retries_denied = b.retries_denied;
  return r;
}

call_state* call_for_transfer(provider_ptr self, uint64_t transfer) {
  auto& st = self->state;
  auto it = st.by_transfer.find(transfer);
  if (it == st.by_transfer.end()) return nullptr;  // cancelled or finished: a late event
  auto c = st.calls.find(it->second);
  return c == st.calls.end() ? nullptr : &c->second;
}

void on_event(provider_ptr self, transfer_head& head) {
  auto* call = call_for_transfer(self, head.transfer);
  if (call == nullptr) return;
  call->head_seen = true;
  call->head = std::move(head);
  if (call->head.status >= 200 && call->head.status < 300)
    call->stream.emplace(self->state.cfg.kind);
}

void on_event(provider_ptr self, transfer_body& chunk) {
  auto* call = call_for_transfer(self, chunk.transfer);
  if (call == nullptr) return;
  if (!call->stream) {
    if (call->error_body.size() < max_error_body)
      call->error_body.append(chunk.bytes, 0, max_error_body - call->error_body.size());
    return;
  }
  auto fed = call->stream->feed(chunk.bytes, [&](std::string_view text) {
    call->tokens_delivered = true;
    if (call->sink)
      self->send(call->sink, completion_chunk{call->req.request_id, std::string{text}});
  });
  if (!fed) {
    // Malformed event or mid-stream error: stop the transfer now and judge the attempt.
    self->state.module->client().cancel(call->transfer);
    auto head = call->head;
    conclude_attempt(self, *call, fed.error(), head, {});
  }
}

void on_event(provider_ptr self, transfer_end& end) {
  auto* call = call_for_transfer(self, end.transfer);
  if (call == nullptr) return;
  std::optional<failure> transport;
  if (end.error != 0) transport = failure{static_cast<errc>(end.error), std::move(end.message)};
  if (call->req.stream) {
    auto head = call->head;
    auto body = std::move(call->error_body);
    conclude_attempt(self, *call, std::move(transport), head, body);
  } else {
    conclude_attempt(self, *call, std::move(transport), end.head, end.body);
  }
}

provider_actor::behavior_type behavior_for(provider_ptr self, breaker_state state) {
  auto complete = [self, state](complete_atom, completion_request& req, int64_t deadline,
                                stream_sink_actor& sink) -> caf::result<completion_result> {
    auto& st = self->state;
    switch (state) {
      case breaker_state::closed:
        return admit(self, req, deadline, sink, true);
      case breaker_state::open: {
        // Refuse at once while open. Once open_duration has passed, admit()'s try_acquire moves
        // the breaker to half-open (become() follows from the listener) and this call probes.
        const auto now = clock_type::now();
        if (st.breaker->open_remaining(now) > clock_type::duration::zero()) {
          st.breaker->try_acquire(now);  // refused: counted as not permitted
          auto left = std::chrono::ceil<milliseconds>(st.breaker->open_remaining(now));
          return make_error(errc::circuit_open, "circuit open for provider " + st.cfg.name +
                                                    " (next probe in " +
                                                    std::to_string(left.count()) + " ms)");
        }
        return admit(self, req, deadline, sink, false);
      }
      case breaker_state::half_open:
        return admit(self, req, deadline, sink, false);
    }
    return make_error(errc::internal, "unknown breaker state");
  };
  // CAF tries the handlers in order: the per-transfer doorbell and new requests come first.
  return {
      [self](transfer_atom) {
        auto& st = self->state;
        st.inbox->take(st.events);
        for (auto& e : st.events) std::visit([self](auto& ev) { on_event(self, ev); }, e);
        st.events.clear();
      },
      std::move(complete),
      [self](cancel_atom, const std::string& request_id) {
        auto& st = self->state;
        auto it = st.by_request.find(request_id);
        if (it == st.by_request.end()) return;
        auto& call = st.calls.at(it->second);
        if (call.transfer != 0) {
          st.module->client().cancel(call.transfer);
          // Cancelled by the caller: says nothing about the provider (a half-open permit returns).
          if (call.breaker_tag == st.breaker->transitions()) st.breaker->on_ignored();
        }
        log::info(request_id, "provider {}: request cancelled after {} attempts", st.cfg.name,
                  call.attempt);
        finish(self, call, failure{errc::cancelled, "request " + request_id + " cancelled"});
      },
      [self](breaker_atom) { return make_report(self); },
      [self](retry_atom, uint64_t call_id, uint32_t attempt) {
        auto& st = self->state;
        auto it = st.calls.find(call_id);
        // Stale timer: the call finished or was cancelled meanwhile.
        if (it == st.calls.end() || it->second.attempt != attempt || it->second.transfer != 0)
          return;
        start_attempt(self, it->second, false);
      },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

provider_actor::behavior_type provider_impl(provider_ptr self, provider_settings cfg,
                                            std::shared_ptr<ai_module> module) {
  self->set_default_handler(drop_stray_message);
  auto& st = self->state;
  st.cfg = std::move(cfg);
  st.module = std::move(module);
  st.url = completion_url(st.cfg);
  st.inbox = std::make_shared<transfer_inbox>(caf::actor_cast<caf::weak_actor_ptr>(self->ctrl()));
  const char* from_env = st.cfg.api_key.empty() && !st.cfg.api_key_env.empty()
                             ? std::getenv(st.cfg.api_key_env.c_str())
                             : nullptr;
  if (!st.cfg.api_key.empty() || (from_env != nullptr && *from_env != '\0')) {
    st.api_key = st.cfg.api_key.empty() ? std::string{from_env} : st.cfg.api_key;
    log::register_secret(st.api_key);
  } else {
    st.key_problem = failure{
        errc::unauthorized,
        "API key not configured (set $" +
            (st.cfg.api_key_env.empty() ? std::string{"<provider." + st.cfg.name + ".api_key_env>"}
                                        : st.cfg.api_key_env) +
            ")"};
    log::warn("", "provider {}: {}", st.cfg.name, st.key_problem->message);
  }
  std::vector<std::pair<std::string, std::string>> headers;
  headers.emplace_back("Content-Type", "application/json");
  if (st.cfg.kind == codecs::provider_kind::openai) {
    headers.emplace_back("Authorization", "Bearer " + st.api_key);
  } else {
    headers.emplace_back("x-api-key", st.api_key);
    headers.emplace_back("anthropic-version", "2023-06-01");
  }
  st.profile = http_client::make_profile(std::move(headers), retry_header_names);
  st.policy.emplace(st.cfg.retry);
  st.budget.emplace(st.cfg.budget);
  st.breaker.emplace(st.cfg.breaker, clock_type::now());
  st.breaker->set_listener(
      [self](breaker_state from, breaker_state to, resilience::transition_reason why) {
        on_transition(self, from, to, why);
      });
  auto& reg = *st.module->metrics();
  const metric_labels who{{"provider", st.cfg.name}};
  st.breaker_gauge =
      &reg.gauge("writemagic_ai_breaker_state",
                 "circuit breaker state per provider: 0 closed, 1 open, 2 half-open", who);
  st.breaker_gauge->Set(0);
  auto transitions = [&](const char* to) {
    return &reg.counter("writemagic_ai_breaker_transitions_total",
                        "circuit breaker state changes per provider and target state",
                        {{"provider", st.cfg.name}, {"to", to}});
  };
  st.to_closed = transitions("closed");
  st.to_open = transitions("open");
  st.to_half_open = transitions("half_open");
  st.attempts_total = &reg.counter("writemagic_ai_attempts_total",
                                   "HTTP attempts sent to a provider, retries included", who);
  st.retries_total =
      &reg.counter("writemagic_ai_retries_total", "retries scheduled by a provider", who);
  if (auto metrics = self->home_system().registry().get(services::metrics))
    caf::anon_send(caf::actor_cast<metrics_actor>(metrics), mailbox_atom::value,
                   "ai.provider." + st.cfg.name, caf::actor_cast<mailbox_probe_actor>(self));
  return behavior_for(self, breaker_state::closed);
}

}  // namespace

provider_actor spawn_provider(caf::actor_system& sys, provider_settings settings,
                              std::shared_ptr<ai_module> module) {
  auto handle = sys.spawn(provider_impl, std::move(settings), module);
  return handle;
}

}  // namespace wm::ai
