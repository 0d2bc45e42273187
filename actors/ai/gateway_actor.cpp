#include "actors/ai/gateway_actor.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/ai/ai_module.hpp"
#include "actors/ai/ai_writer.hpp"
#include "actors/ai/route.hpp"
#include "actors/common/stray_messages.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"
#include "runtime/logging/log.hpp"

namespace wm::ai {

namespace {

using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Below this much time left a fallback is not worth starting: the answer is timeout.
constexpr milliseconds min_fallback_time{5};

struct pending_request {
  uint64_t gen = 0;
  completion_request req;
  caf::typed_response_promise<completion_result> promise;
  bool streaming = false;
  stream_sink_actor sink;  // the caller's
  std::vector<route_step> route;
  size_t step = 0;
  clock_type::time_point start;
  clock_type::time_point deadline;
  milliseconds budget{0};
  provider_actor current;
  uint64_t chunks = 0;
  std::string failures;  // what went wrong so far, for the final message
};

// Deadlines in order; (deadline, gen) is unique per request.
using deadline_key = std::pair<clock_type::time_point, uint64_t>;

struct provider_metrics {
  prometheus::Histogram* duration = nullptr;
  prometheus::Histogram* ttft = nullptr;
};

// Orders (provider, model) keys and finds them by string views: no key copies per answer.
struct usage_key_less {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::pair<std::string_view, std::string_view>{a.first, a.second} <
           std::pair<std::string_view, std::string_view>{b.first, b.second};
  }
};

// Distinct (provider, model) usage entries kept before new model names count as "other".
constexpr size_t max_usage_models = 64;
constexpr std::string_view other_model = "other";

struct usage_entry {
  usage_report report;
  prometheus::Counter* prompt = nullptr;
  prometheus::Counter* completion = nullptr;
};

struct gateway_state {
  static inline const char* name = "wm.ai.gateway";

  std::shared_ptr<ai_module> module;
  std::vector<std::string> providers;  // fallback order
  std::unordered_map<std::string, pending_request> pending;
  uint64_t next_gen = 0;
  std::map<std::string, provider_metrics> per_provider;
  std::map<std::pair<std::string, std::string>, usage_entry, usage_key_less> usage;
  std::map<std::string, prometheus::Counter*, std::less<>> outcomes;
  // One timer for all deadlines: armed for the earliest, re-armed when it fires (a timer per
  // request would wake CAF's clock thread once per request).
  std::map<deadline_key, std::string> deadlines;
  clock_type::time_point timer_at = clock_type::time_point::max();
  uint64_t timer_gen = 0;
  // Shutdown: after stop_intake new requests get errc::shutting_down; drain acks once
  // `pending` is empty, or cuts what still runs at 60% of the drain phase's deadline.
  bool intake_closed = false;
  std::optional<caf::typed_response_promise<bool>> drain;
  uint64_t drain_gen = 0;

  ~gateway_state() {
    for (auto& [id, p] : pending) {
      if (p.current) caf::anon_send(p.current, cancel_atom::value, id);
      if (p.promise.pending())
        p.promise.deliver(make_error(errc::unavailable, "AI gateway stopped"));
    }
  }
};

using gateway_ptr = gateway_actor::stateful_pointer<gateway_state>;

int64_t to_ns(clock_type::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

void count_outcome(gateway_ptr self, std::string_view outcome) {
  auto& st = self->state;
  auto it = st.outcomes.find(outcome);
  if (it == st.outcomes.end())
    it = st.outcomes
             .emplace(std::string{outcome},
                      &st.module->metrics()->counter(
                          "writemagic_ai_requests_total",
                          "AI requests answered by the gateway, by outcome (ok or error code)",
                          {{"outcome", std::string{outcome}}}))
             .first;
  it->second->Increment();
}

void maybe_finish_drain(gateway_ptr self) {
  auto& st = self->state;
  if (!st.drain || !st.pending.empty()) return;
  log::info("", "AI gateway drained: no requests in flight");
  st.drain->deliver(true);
  st.drain.reset();
}

// Forgets an answered request (and its deadline entry).
void erase_pending(gateway_ptr self,
                   std::unordered_map<std::string, pending_request>::iterator it) {
  auto& st = self->state;
  st.deadlines.erase(deadline_key{it->second.deadline, it->second.gen});
  st.pending.erase(it);
  maybe_finish_drain(self);
}

void fail(gateway_ptr self, const std::string& id, failure f) {
  auto& st = self->state;
  auto it = st.pending.find(id);
  if (it == st.pending.end()) return;
  auto& p = it->second;
  if (p.current) self->send(p.current, cancel_atom::value, id);  // stop its transfer now
  count_outcome(self, to_string(f.code));
  log::info(id, "AI request failed after {:.3f} s: {}: {}", seconds_since(p.start),
            to_string(f.code), f.message);
  p.promise.deliver(make_error(f));
  erase_pending(self, it);
}

// The usage entry (and token counters) of (provider, model). Model names come from clients
// and from provider answers, so past max_usage_models distinct ones new names are counted
// under "other": a client cannot grow the metrics (one series per name) without bound.
usage_entry& usage_of(gateway_ptr self, std::string_view provider, std::string_view model) {
  auto& st = self->state;
  auto it = st.usage.find(std::pair<std::string_view, std::string_view>{provider, model});
  if (it != st.usage.end()) return it->second;
  if (st.usage.size() >= max_usage_models && model != other_model)
    return usage_of(self, provider, other_model);
  auto& reg = *st.module->metrics();
  usage_entry e;
  e.report.provider = provider;
  e.report.model = model;
  const std::string help = "tokens used per provider, model and kind (prompt or completion)";
  auto tokens = [&](const char* kind) {
    return &reg.counter(
        "writemagic_ai_tokens_total", help,
        {{"provider", e.report.provider}, {"model", e.report.model}, {"kind", kind}});
  };
  e.prompt = tokens("prompt");
  e.completion = tokens("completion");
  auto key = std::make_pair(e.report.provider, e.report.model);
  return st.usage.emplace(std::move(key), std::move(e)).first->second;
}

void account(gateway_ptr self, const completion_result& r, double seconds) {
  auto& st = self->state;
  auto& e = usage_of(self, r.provider, r.model);
  ++e.report.requests;
  e.report.usage.prompt_tokens += r.usage.prompt_tokens;
  e.report.usage.completion_tokens += r.usage.completion_tokens;
  e.prompt->Increment(static_cast<double>(r.usage.prompt_tokens));
  e.completion->Increment(static_cast<double>(r.usage.completion_tokens));
  if (auto m = st.per_provider.find(r.provider); m != st.per_provider.end())
    m->second.duration->Observe(seconds);
}

void dispatch(gateway_ptr self, const std::string& id, pending_request& p);

void on_provider_failure(gateway_ptr self, const std::string& id, uint64_t gen,
                         const std::string& provider, const caf::error& err) {
  auto& st = self->state;
  auto it = st.pending.find(id);
  if (it == st.pending.end() || it->second.gen != gen) return;  // already answered
  auto& p = it->second;
  p.current = nullptr;
  auto f = to_failure(err);
  if (!p.failures.empty()) p.failures += "; ";
  p.failures += provider + ": " + std::string{to_string(f.code)};
  const auto now = clock_type::now();
  if (now + min_fallback_time >= p.deadline && f.code != errc::cancelled) {
    fail(self, id,
         failure{errc::timeout, "deadline of " + std::to_string(p.budget.count()) +
                                    " ms exceeded (" + p.failures + ")"});
    return;
  }
  if (is_fallback_error(f.code) && p.chunks == 0 && p.step + 1 < p.route.size()) {
    log::warn(id, "provider {} failed ({}: {}), falling over to {}", provider, to_string(f.code),
              f.message, p.route[p.step + 1].provider);
    ++p.step;
    dispatch(self, id, p);
    return;
  }
  fail(self, id, std::move(f));
}

// Sends the request to the provider of its current route step (p is pending[id]).
void dispatch(gateway_ptr self, const std::string& id, pending_request& p) {
  auto& st = self->state;
  for (; p.step < p.route.size(); ++p.step) {
    const auto& step = p.route[p.step];
    auto handle = st.module->provider(step.provider);
    if (!handle) {
      if (!p.failures.empty()) p.failures += "; ";
      p.failures += step.provider + ": not running";
      continue;
    }
    // The last step can have the request itself; earlier ones keep it for the fallback.
    auto req = p.step + 1 == p.route.size() ? std::move(p.req) : p.req;
    req.model = step.model;
    p.current = handle;
    const auto gen = p.gen;
    const auto provider = step.provider;
    stream_sink_actor sink;
    if (p.streaming) sink = caf::actor_cast<stream_sink_actor>(self);
    self->request(handle, caf::infinite, complete_atom::value, std::move(req), to_ns(p.deadline),
                  std::move(sink))
        .then(
            [self, id, gen, provider](completion_result& r) {
              auto& st = self->state;
              auto it = st.pending.find(id);
              if (it == st.pending.end() || it->second.gen != gen) return;
              auto& p = it->second;
              const double took = seconds_since(p.start);
              account(self, r, took);
              count_outcome(self, "ok");
              if (p.step > 0)
                log::info(id, "answered by fallback provider {} after: {}", provider, p.failures);
              p.promise.deliver(std::move(r));
              erase_pending(self, it);
            },
            [self, id, gen, provider](caf::error& err) {
              on_provider_failure(self, id, gen, provider, err);
            });
    return;
  }
  fail(self, id, failure{errc::unavailable, "no AI provider available (" + p.failures + ")"});
}

void arm_timer(gateway_ptr self, clock_type::time_point at) {
  auto& st = self->state;
  st.timer_at = at;
  const auto delay = std::max(clock_type::duration::zero(), at - clock_type::now());
  // deadline_atom with an empty id is the sweep timer; its generation makes older ones stale.
  self->delayed_send(self, delay, deadline_atom::value, std::string{}, ++st.timer_gen);
}

// Answers errc::timeout to every request past its deadline, then re-arms for the earliest left.
void expire_deadlines(gateway_ptr self) {
  auto& st = self->state;
  st.timer_at = clock_type::time_point::max();
  const auto now = clock_type::now();
  while (!st.deadlines.empty() && st.deadlines.begin()->first.first <= now) {
    const std::string id = st.deadlines.begin()->second;
    auto it = st.pending.find(id);
    if (it == st.pending.end()) {  // cannot happen: answered requests leave the index
      st.deadlines.erase(st.deadlines.begin());
      continue;
    }
    auto& p = it->second;
    std::string so_far = p.failures.empty() ? "" : " (" + p.failures + ")";
    fail(self, id,
         failure{errc::timeout,
                 "deadline of " + std::to_string(p.budget.count()) + " ms exceeded" + so_far});
  }
  if (!st.deadlines.empty()) arm_timer(self, st.deadlines.begin()->first.first);
}

caf::result<completion_result> start(gateway_ptr self, completion_request req,
                                     stream_sink_actor sink) {
  auto& st = self->state;
  if (st.intake_closed) {
    count_outcome(self, "shutting_down");
    return make_error(errc::shutting_down, "AI gateway is shutting down: no new requests");
  }
  if (st.providers.empty()) {
    count_outcome(self, "unavailable");
    return make_error(errc::unavailable, "no AI provider configured");
  }
  const auto gen = ++st.next_gen;
  if (req.request_id.empty()) req.request_id = "ai-" + std::to_string(gen);
  // Bounded here, for every caller: past ~292 years the deadline overflows the clock.
  if (req.deadline_ms < 0 || req.deadline_ms > max_request_deadline_ms)
    return make_error(errc::invalid_input,
                      "deadline_ms must be 0.." + std::to_string(max_request_deadline_ms));
  auto [it, inserted] = st.pending.try_emplace(req.request_id);
  if (!inserted)
    return make_error(errc::invalid_input, "request " + req.request_id + " is already running");
  const auto& settings = st.module->settings();
  const std::string& id = it->first;
  auto& p = it->second;
  p.gen = gen;
  p.start = clock_type::now();
  p.budget = req.deadline_ms > 0 ? milliseconds{req.deadline_ms} : settings.request_deadline;
  p.deadline = p.start + p.budget;
  p.route = plan_route(st.providers, settings.default_provider, req.model);
  p.streaming = req.stream || static_cast<bool>(sink);
  req.stream = p.streaming;
  p.sink = std::move(sink);
  p.req = std::move(req);
  p.promise = self->make_response_promise<completion_result>();
  auto promise = p.promise;
  st.deadlines.emplace(deadline_key{p.deadline, gen}, id);
  if (p.deadline < st.timer_at) arm_timer(self, p.deadline);
  dispatch(self, id, p);
  return promise;
}

std::vector<breaker_report> not_running_reports(const std::vector<std::string>& names) {
  std::vector<breaker_report> out;
  for (const auto& n : names) {
    breaker_report r;
    r.provider = n;
    r.state = "not_running";
    out.push_back(std::move(r));
  }
  return out;
}

gateway_actor::behavior_type gateway_impl(gateway_ptr self, std::shared_ptr<ai_module> module) {
  self->set_default_handler(drop_stray_message);
  auto& st = self->state;
  st.module = std::move(module);
  for (const auto& p : st.module->settings().providers) {
    st.providers.push_back(p.name);
    auto& reg = *st.module->metrics();
    provider_metrics m;
    m.duration = &reg.histogram("writemagic_ai_request_duration_seconds",
                                "AI request latency through the gateway, by answering provider",
                                llm_latency_buckets(), {{"provider", p.name}});
    m.ttft = &reg.histogram("writemagic_ai_time_to_first_token_seconds",
                            "time from request to the first streamed token, by provider",
                            llm_latency_buckets(), {{"provider", p.name}});
    st.per_provider.emplace(p.name, m);
  }
  if (st.providers.empty())
    log::info("", "AI gateway started without providers: requests answer unavailable");
  // Shutdown: refuse new requests at stop_intake, let in-flight ones finish at drain. A
  // restarted gateway subscribes again (the coordinator forgets the dead incarnation).
  if (auto coord = caf::actor_cast<shutdown_coordinator_actor>(
          self->home_system().registry().get(services::shutdown))) {
    auto me = caf::actor_cast<shutdown_subscriber_actor>(self);
    for (auto phase : {shutdown_phase::stop_intake, shutdown_phase::drain})
      caf::anon_send(coord, subscribe_atom::value, phase, std::string{"ai.gateway"}, me);
    // An incarnation restarted during a shutdown (e.g. cut by the coordinator) takes no work.
    self->request(coord, std::chrono::seconds(5), status_atom::value)
        .then([self](bool shutting_down) { self->state.intake_closed |= shutting_down; },
              [](caf::error&) {});
  }
  // The metrics actor samples this mailbox through services::gateway (no registration here).
  return {
      [self](complete_atom, completion_request& req) { return start(self, std::move(req), {}); },
      [self](complete_atom, completion_request& req, stream_sink_actor& sink) {
        req.stream = true;
        return start(self, std::move(req), std::move(sink));
      },
      [self](cancel_atom, const std::string& id) {
        auto& st = self->state;
        if (st.pending.count(id) == 0) return false;
        fail(self, id, failure{errc::cancelled, "request " + id + " cancelled"});
        return true;
      },
      [self](breaker_atom) -> caf::result<std::vector<breaker_report>> {
        auto& st = self->state;
        // No providers: answer at once (a promise made but never delivered would leave
        // the caller waiting for its timeout).
        if (st.providers.empty()) return std::vector<breaker_report>{};
        auto rp = self->make_response_promise<std::vector<breaker_report>>();
        auto reports =
            std::make_shared<std::vector<breaker_report>>(not_running_reports(st.providers));
        auto left = std::make_shared<size_t>(st.providers.size());
        for (size_t i = 0; i < st.providers.size(); ++i) {
          auto handle = st.module->provider(st.providers[i]);
          auto done = [rp, reports, left]() mutable {
            if (--*left == 0) rp.deliver(std::move(*reports));
          };
          if (!handle) {
            done();
            continue;
          }
          self->request(handle, std::chrono::seconds(5), breaker_atom::value)
              .then(
                  [reports, i, done](breaker_report& r) mutable {
                    (*reports)[i] = std::move(r);
                    done();
                  },
                  [done](caf::error&) mutable { done(); });
        }
        return rp;
      },
      [self](usage_atom) {
        std::vector<usage_report> out;
        for (const auto& [key, e] : self->state.usage) out.push_back(e.report);
        return out;
      },
      [self](writing_atom, writing_op op,
             const std::string& text) -> caf::result<completion_result> {
        auto req = build_writing_request(self->state.module->settings().writer, op, text);
        if (!req) return make_error(req.error());
        return start(self, std::move(*req), {});
      },
      [self](writing_atom, writing_op op, document_atom,
             const std::string& id) -> caf::result<completion_result> {
        // Fetch the document's current content from the documents service, then run the
        // text variant on it; delegation lets that handler answer our caller directly.
        auto docs =
            caf::actor_cast<documents_actor>(self->system().registry().get(services::documents));
        if (!docs) return make_error(errc::unavailable, "documents service not running");
        auto rp = self->make_response_promise<completion_result>();
        self->request(docs, std::chrono::seconds(10), get_atom::value, id)
            .then(
                [self, rp, op](document& doc) mutable {
                  rp.delegate(caf::actor_cast<gateway_actor>(self), writing_atom::value, op,
                              std::move(doc.content));
                },
                [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
        return rp;
      },
      [self](completion_chunk& chunk) {
        auto& st = self->state;
        auto it = st.pending.find(chunk.request_id);
        if (it == st.pending.end()) return;  // answered (cancelled, timed out): drop
        auto& p = it->second;
        if (p.chunks++ == 0) {
          const auto& provider = p.route[p.step].provider;
          if (auto m = st.per_provider.find(provider); m != st.per_provider.end())
            m->second.ttft->Observe(seconds_since(p.start));
        }
        if (p.sink) self->send(p.sink, std::move(chunk));
      },
      [self](deadline_atom, const std::string& id, uint64_t gen) {
        auto& st = self->state;
        if (id.empty()) {
          if (gen == st.timer_gen) expire_deadlines(self);  // else superseded by an earlier one
          return;
        }
        // Any other id is the drain cut-off ("drain"): cut what still runs, then ack.
        if (!st.drain || gen != st.drain_gen) return;
        std::vector<std::string> ids;
        for (const auto& [rid, p] : st.pending) ids.push_back(rid);
        log::warn("", "AI gateway drain: cutting {} in-flight requests", ids.size());
        for (const auto& rid : ids)
          fail(self, rid, failure{errc::shutting_down, "request " + rid + " cut by shutdown"});
        maybe_finish_drain(self);
      },
      [self](phase_atom, shutdown_phase phase, caf::timespan deadline) -> caf::result<bool> {
        auto& st = self->state;
        if (phase == shutdown_phase::stop_intake) {
          st.intake_closed = true;
          log::info("", "AI gateway intake stopped ({} requests in flight)", st.pending.size());
          return true;
        }
        if (phase != shutdown_phase::drain) return true;
        st.intake_closed = true;
        if (st.pending.empty()) return true;
        if (st.drain) return true;  // asked again while draining
        auto rp = self->make_response_promise<bool>();
        st.drain = rp;
        // Cut at 60% of the deadline this phase was given (as the HTTP drain does), leaving
        // the rest for the cut requests' answers and the ack to reach the coordinator.
        const auto cut_after = std::chrono::duration_cast<milliseconds>(deadline * 6 / 10);
        log::info("", "AI gateway draining {} in-flight requests (cut after {} ms)",
                  st.pending.size(), cut_after.count());
        self->delayed_send(self, cut_after, deadline_atom::value, std::string{"drain"},
                           ++st.drain_gen);
        return rp;
      },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

}  // namespace

bool is_fallback_error(errc code) noexcept {
  switch (code) {
    case errc::circuit_open:
    case errc::unavailable:
    case errc::provider_error:
    case errc::rate_limited:
    case errc::timeout:
    case errc::unauthorized:
      return true;
    default:
      return false;
  }
}

gateway_actor spawn_gateway(caf::actor_system& sys, std::shared_ptr<ai_module> module) {
  return sys.spawn(gateway_impl, std::move(module));
}

}  // namespace wm::ai
