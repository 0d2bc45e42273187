#include "actors/cluster/cluster_actor.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <stdexcept>

#include "actors/cluster/cluster_metrics.hpp"
#include "actors/cluster/hash_ring.hpp"
#include "actors/cluster/merge_results.hpp"
#include "actors/common/stray_messages.hpp"
#include "actors/documents/import_job.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "messages/atoms.hpp"
#include "messages/caf_error.hpp"
#include "messages/cluster.hpp"
#include "messages/interfaces.hpp"
#include "messages/service_names.hpp"
#include "runtime/logging/log.hpp"

namespace wm::cluster {

namespace {

using failure_handler = std::function<void(caf::error)>;
using clock_type = std::chrono::steady_clock;

// A request in flight to a peer: failed at once if the peer's connection drops, or by the
// sweep once its deadline passes. Sent without a CAF timeout: CAF 0.17 keeps every request
// timeout in its clock until it expires, answered or not (bench_request_timeouts).
struct pending_forward {
  std::string member;
  failure_handler fail;
  clock_type::time_point deadline;
  caf::message_id response_id;  // of the peer's answer: see forget_answer
};

struct cluster_state {
  static inline const char* name = "wm.cluster";

  cluster_options options;
  member_table members{"", {}};
  hash_ring ring;
  std::map<std::string, caf::actor> peers;  // cluster actors of the members that are up
  // By id: every forward gets the same timeout, so the oldest deadline is begin().
  std::map<uint64_t, pending_forward> pending;
  uint64_t next_forward = 0;
  // One sweep timer at a time (delayed_send cannot be cancelled): only the one carrying
  // the current generation counts, so a stray deadline message cannot double the timers.
  bool sweep_armed = false;
  uint64_t sweep_gen = 0;
  sqlite::uuid_generator ids;
  std::unique_ptr<cluster_metrics> metrics;
};

using cluster_self = caf::stateful_actor<cluster_state>;

// Documents are placed by their canonical id, whatever case the caller wrote it in.
std::string routing_key(const std::string& id) {
  return sqlite::normalize_uuid(id).value_or(id);
}

caf::actor local_documents(cluster_self* self) {
  return caf::actor_cast<caf::actor>(self->system().registry().get(services::documents_local));
}

caf::error member_down(const std::string& member) {
  return make_error(errc::unavailable, "cluster member " + member + " is down");
}

// Errors of our category (not_found, conflict, ...) are the owner's answer; anything
// else (timeout, connection gone) means the owner could not answer.
caf::error owner_error(caf::error err, const std::string& member) {
  if (err.category() == errc_category) return err;
  return make_error(errc::unavailable,
                    "cluster member " + member + " did not answer: " + to_failure(err).message);
}

void publish_membership(cluster_self* self) {
  self->state.metrics->membership(self->state.members.snapshot());
}

void rebuild_ring(cluster_self* self) {
  auto& st = self->state;
  st.ring = hash_ring{st.members.addresses(), st.options.vnodes};
}

cluster_hello own_hello(const cluster_state& st) {
  return {cluster_wire_version, st.options.advertise, st.members.addresses()};
}

void connect(cluster_self* self, const std::string& address);

void schedule_reconnect(cluster_self* self, const std::string& address,
                        std::chrono::milliseconds delay) {
  self->delayed_send(self, delay, reconnect_atom::value, address);
}

caf::error no_answer_in_time(const cluster_state& st, const std::string& member) {
  return make_error(errc::unavailable, "cluster member " + member + " did not answer within " +
                                           std::to_string(st.options.forward_timeout.count()) +
                                           " ms");
}

// The `.then` handler of a forward we gave up on would wait for an answer that may never
// come (the request has no CAF timeout). Answer it ourselves, as CAF's clock would on a
// timeout: the handler runs, finds the forward gone and does nothing; a real answer coming
// later is dropped by CAF as a response nobody waits for.
void forget_answer(cluster_self* self, caf::message_id response_id) {
  self->eq_impl(response_id, self->ctrl(), self->context(),
                caf::make_error(caf::sec::request_timeout));
}

void fail_pending(cluster_self* self, const std::string& member) {
  std::vector<pending_forward> failed;
  for (auto it = self->state.pending.begin(); it != self->state.pending.end();) {
    if (it->second.member == member) {
      failed.push_back(std::move(it->second));
      it = self->state.pending.erase(it);
    } else {
      ++it;
    }
  }
  for (auto& f : failed) {
    forget_answer(self, f.response_id);
    self->state.metrics->forward_failed(member);
    f.fail(member_down(member));
  }
}

void arm_sweep(cluster_self* self, clock_type::time_point at) {
  auto& st = self->state;
  st.sweep_armed = true;
  const auto delay = std::max(clock_type::duration::zero(), at - clock_type::now());
  self->delayed_send(self, delay, deadline_atom::value, ++st.sweep_gen);
}

// Fails every forward past its deadline (errc::unavailable, as when its member is down),
// then re-arms for the oldest one left.
void sweep_deadlines(cluster_self* self) {
  auto& st = self->state;
  st.sweep_armed = false;
  const auto now = clock_type::now();
  std::vector<pending_forward> expired;
  while (!st.pending.empty() && st.pending.begin()->second.deadline <= now) {
    expired.push_back(std::move(st.pending.begin()->second));
    st.pending.erase(st.pending.begin());
  }
  for (auto& f : expired) {
    forget_answer(self, f.response_id);
    st.metrics->forward_failed(f.member);
    f.fail(no_answer_in_time(st, f.member));
  }
  // A failure handler may have forwarded again (and armed the sweep).
  if (!st.pending.empty() && !st.sweep_armed) arm_sweep(self, st.pending.begin()->second.deadline);
}

// Adds members a peer told us about; a new member changes the ring and is dialled.
void learn(cluster_self* self, const std::vector<std::string>& addresses) {
  bool changed = false;
  for (const auto& a : addresses) {
    if (!self->state.members.learn(a)) continue;
    log::info("", "cluster: learned member {}", a);
    changed = true;
    connect(self, a);
  }
  if (changed) {
    rebuild_ring(self);
    publish_membership(self);
  }
}

void connection_failed(cluster_self* self, const std::string& address, const std::string& why) {
  auto delay = self->state.members.connect_failed(address);
  log::debug("", "cluster: {} not reachable ({}); retry in {} ms", address, why, delay.count());
  publish_membership(self);
  schedule_reconnect(self, address, delay);
}

void peer_up(cluster_self* self, const std::string& address, caf::actor peer,
             const cluster_hello& hello) {
  auto& st = self->state;
  if (hello.wire_version != cluster_wire_version) {
    log::error("", "cluster: {} speaks wire version {}, this node {}; not joining it", address,
               hello.wire_version, cluster_wire_version);
    st.members.connect_failed(address);
    schedule_reconnect(self, address, st.options.backoff.max);
    publish_membership(self);
    return;
  }
  if (hello.address != address) {
    log::error("",
               "cluster: the node at {} calls itself {}; list members by their "
               "cluster.advertise address",
               address, hello.address);
    st.members.connect_failed(address);
    schedule_reconnect(self, address, st.options.backoff.max);
    publish_membership(self);
    return;
  }
  st.members.connected(address);
  self->monitor(peer);
  st.peers[address] = std::move(peer);
  log::info("", "cluster: member {} is up", address);
  publish_membership(self);
  learn(self, hello.members);
}

void connect(cluster_self* self, const std::string& address) {
  auto& st = self->state;
  if (!st.members.begin_connect(address)) return;
  auto ep = parse_endpoint(address);
  if (!ep) {
    connection_failed(self, address, ep.error().message);
    return;
  }
  auto mm = self->system().middleman().actor_handle();
  self->request(mm, st.options.forward_timeout, caf::connect_atom::value, ep->host, ep->port)
      .then(
          [self, address](const caf::node_id&, caf::strong_actor_ptr& published,
                          const std::set<std::string>&) {
            auto peer = caf::actor_cast<caf::actor>(published);
            if (!peer) {
              connection_failed(self, address, "the node publishes no actor");
              return;
            }
            self->request(peer, self->state.options.forward_timeout, hello_atom::value,
                          own_hello(self->state))
                .then([self, address,
                       peer](cluster_hello& hello) { peer_up(self, address, peer, hello); },
                      [self, address](caf::error& err) {
                        connection_failed(self, address, to_failure(err).message);
                      });
          },
          [self, address](caf::error& err) {
            connection_failed(self, address, to_failure(err).message);
          });
}

void peer_lost(cluster_self* self, const caf::actor_addr& source) {
  auto& st = self->state;
  for (auto it = st.peers.begin(); it != st.peers.end(); ++it) {
    if (it->second.address() != source) continue;
    auto address = it->first;
    st.peers.erase(it);
    auto delay = st.members.lost(address);
    log::warn("", "cluster: member {} is down", address);
    publish_membership(self);
    fail_pending(self, address);
    schedule_reconnect(self, address, delay);
    return;
  }
}

// Asks one member: this node's documents router directly, a peer through its cluster
// actor with a versioned forward. `ok` or `fail` runs exactly once.
template <class R>
void ask_member(cluster_self* self, const std::string& member, caf::message request,
                std::function<void(R&)> ok, const failure_handler& fail) {
  auto& st = self->state;
  if (member == st.options.advertise) {
    auto local = local_documents(self);
    if (!local) return fail(make_error(errc::unavailable, "the documents service is not running"));
    // Only the local leg of a cluster-wide request (list, search, projects, export) comes
    // here, never per-document traffic: it keeps its CAF timeout (one per such request).
    self->request(local, st.options.forward_timeout, std::move(request))
        .then([ok](R& r) { ok(r); }, [fail](caf::error& err) { fail(std::move(err)); });
    return;
  }
  auto peer = st.peers.find(member);
  if (peer == st.peers.end()) {
    st.metrics->forward_failed(member);
    return fail(member_down(member));
  }
  const uint64_t id = st.next_forward++;
  const auto deadline = clock_type::now() + st.options.forward_timeout;
  st.metrics->forwarded(member);
  // No CAF timeout (see pending_forward): the sweep enforces forward_timeout.
  auto answer = self->request(peer->second, caf::infinite, forward_atom::value,
                              cluster_wire_version, std::move(request));
  st.pending.emplace(id, pending_forward{member, fail, deadline, answer.id()});
  if (!st.sweep_armed) arm_sweep(self, deadline);
  answer.then(
      [self, id, ok](R& r) {
        if (self->state.pending.erase(id) > 0) ok(r);
      },
      [self, id, member](caf::error& err) {
        auto it = self->state.pending.find(id);
        if (it == self->state.pending.end()) return;  // failed already: member down, too late
        auto fail = std::move(it->second.fail);
        self->state.pending.erase(it);
        if (err.category() != errc_category) self->state.metrics->forward_failed(member);
        fail(owner_error(std::move(err), member));
      });
}

// One document's request, to the member owning it.
template <class R, class... Ts>
caf::result<R> route(cluster_self* self, const std::string& id, Ts&&... xs) {
  const auto& owner = self->state.ring.owner(routing_key(id));
  if (owner == self->state.options.advertise) {
    auto local = caf::actor_cast<documents_actor>(local_documents(self));
    if (!local) return make_error(errc::unavailable, "the documents service is not running");
    return self->delegate(local, std::forward<Ts>(xs)...);
  }
  auto rp = self->make_response_promise();
  ask_member<R>(
      self, owner, caf::make_message(std::forward<Ts>(xs)...),
      [rp](R& r) mutable { rp.deliver(std::move(r)); },
      [rp](caf::error err) mutable { rp.deliver(std::move(err)); });
  return rp;
}

// A request to every member (the message may depend on the member); `done` gets all
// answers, or the first error. Fails at once when a member is down.
template <class R>
void gather(cluster_self* self, const std::function<caf::message(const std::string&)>& request_for,
            std::function<void(std::vector<R>)> done, const failure_handler& fail) {
  auto members = self->state.members.addresses();
  for (const auto& m : members)
    if (self->state.members.state(m) != member_state::up) return fail(member_down(m));
  struct progress {
    std::vector<R> answers;
    size_t remaining;
    bool failed = false;
  };
  auto shared = std::make_shared<progress>();
  shared->answers.resize(members.size());
  shared->remaining = members.size();
  for (size_t i = 0; i < members.size(); ++i) {
    ask_member<R>(
        self, members[i], request_for(members[i]),
        [shared, i, done](R& r) {
          if (shared->failed) return;
          shared->answers[i] = std::move(r);
          if (--shared->remaining == 0) done(std::move(shared->answers));
        },
        [shared, fail](caf::error err) {
          if (shared->failed) return;
          shared->failed = true;
          fail(std::move(err));
        });
  }
}

failure_handler fail_promise(caf::response_promise rp) {
  return [rp](caf::error err) mutable { rp.deliver(std::move(err)); };
}

std::string member_folder(const std::string& folder, const std::string& member) {
  std::string name = member;
  for (char& c : name)
    if (c == ':' || c == '[' || c == ']' || c == '/') c = '-';
  return folder + "/" + name;
}

caf::behavior cluster_impl(cluster_self* self, cluster_options options,
                           std::shared_ptr<metrics_registry> registry) {
  auto& st = self->state;
  st.metrics = std::make_unique<cluster_metrics>(std::move(registry));
  st.members = member_table{options.advertise, options.backoff};
  st.options = std::move(options);
  for (const auto& seed : st.options.seeds) st.members.learn(seed.to_string());
  rebuild_ring(self);
  publish_membership(self);
  for (const auto& address : st.members.addresses()) connect(self, address);
  self->set_default_handler(drop_stray_message);
  self->set_down_handler([self](caf::down_msg& dm) { peer_lost(self, dm.source); });
  return {
      // -- membership ------------------------------------------------------------------
      [self](hello_atom, cluster_hello& hello) -> caf::result<cluster_hello> {
        auto& st = self->state;
        if (hello.wire_version != cluster_wire_version)
          return make_error(errc::invalid_input,
                            "wire version " + std::to_string(hello.wire_version) +
                                " is not this node's " + std::to_string(cluster_wire_version));
        std::vector<std::string> heard = hello.members;
        heard.push_back(hello.address);
        learn(self, heard);
        // A member that comes back dials us first: dial it back now, not at the next retry.
        connect(self, hello.address);
        return own_hello(st);
      },
      [self](reconnect_atom, const std::string& address) { connect(self, address); },
      [self](members_atom) { return self->state.members.snapshot(); },
      [self](deadline_atom, uint64_t gen) {
        if (gen == self->state.sweep_gen) sweep_deadlines(self);  // else superseded
      },
      [self](forward_atom, uint32_t wire_version,
             caf::message& request) -> caf::result<caf::message> {
        if (wire_version != cluster_wire_version)
          return make_error(errc::invalid_input,
                            "forwarded request of wire version " + std::to_string(wire_version) +
                                " is not this node's " + std::to_string(cluster_wire_version));
        auto local = local_documents(self);
        if (!local) return make_error(errc::unavailable, "the documents service is not running");
        self->state.metrics->served_for_peer();
        return self->delegate(local, std::move(request));
      },
      // -- one document, at its owner --------------------------------------------------
      [self](create_atom a, create_document_cmd& cmd) -> caf::result<document> {
        if (cmd.id.empty()) cmd.id = self->state.ids.next();
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](get_atom a, std::string& id) -> caf::result<document> {
        return route<document>(self, id, a, id);
      },
      [self](update_atom a, update_document_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](patch_atom a, patch_document_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](rename_atom a, rename_document_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](move_atom a, move_document_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](delete_atom a, delete_document_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](undelete_atom a, delete_document_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](purge_atom a, delete_document_cmd& cmd) -> caf::result<bool> {
        auto id = cmd.id;
        return route<bool>(self, id, a, std::move(cmd));
      },
      [self](restore_atom a, restore_cmd& cmd) -> caf::result<document> {
        auto id = cmd.id;
        return route<document>(self, id, a, std::move(cmd));
      },
      [self](replace_atom a, find_replace_cmd& cmd) -> caf::result<find_replace_result> {
        auto id = cmd.id;
        return route<find_replace_result>(self, id, a, std::move(cmd));
      },
      [self](stats_atom a, std::string& id) -> caf::result<text_stats> {
        return route<text_stats>(self, id, a, id);
      },
      [self](history_atom a, history_query& q) -> caf::result<std::vector<revision>> {
        auto id = q.id;
        return route<std::vector<revision>>(self, id, a, std::move(q));
      },
      [self](open_atom a, std::string& id) -> caf::result<caf::actor> {
        return route<caf::actor>(self, id, a, id);
      },
      // -- across every member ---------------------------------------------------------
      [self](list_atom a, list_query& q) -> caf::result<document_page> {
        auto per_member = member_list_query(q, self->state.options.max_list_depth);
        if (!per_member) return make_error(per_member.error());
        auto rp = self->make_response_promise();
        gather<document_page>(
            self, [a, mq = *per_member](const std::string&) { return caf::make_message(a, mq); },
            [rp, q](std::vector<document_page> pages) mutable {
              rp.deliver(merge_pages(std::move(pages), q));
            },
            fail_promise(rp));
        return rp;
      },
      [self](search_atom a, std::string& query,
             uint32_t limit) -> caf::result<std::vector<search_hit>> {
        auto rp = self->make_response_promise();
        gather<std::vector<search_hit>>(
            self,
            [a, query, limit](const std::string&) { return caf::make_message(a, query, limit); },
            [rp, limit](std::vector<std::vector<search_hit>> hits) mutable {
              rp.deliver(merge_hits(std::move(hits), limit));
            },
            fail_promise(rp));
        return rp;
      },
      // Projects live on every member (a document's owner checks its project exists).
      [self](project_atom p, create_atom c, create_project_cmd& cmd) -> caf::result<project> {
        if (cmd.id.empty()) cmd.id = self->state.ids.next();
        auto rp = self->make_response_promise();
        gather<project>(
            self, [p, c, cmd](const std::string&) { return caf::make_message(p, c, cmd); },
            [rp](std::vector<project> created) mutable { rp.deliver(std::move(created.front())); },
            fail_promise(rp));
        return rp;
      },
      [self](project_atom p, get_atom g, std::string& id) -> caf::result<project> {
        auto rp = self->make_response_promise();
        gather<project>(
            self, [p, g, id](const std::string&) { return caf::make_message(p, g, id); },
            [rp](std::vector<project> found) mutable {
              std::vector<std::vector<project>> lists;
              lists.reserve(found.size());
              for (auto& f : found) lists.push_back({std::move(f)});
              rp.deliver(std::move(merge_projects(std::move(lists)).front()));
            },
            fail_promise(rp));
        return rp;
      },
      [self](project_atom p, list_atom l) -> caf::result<std::vector<project>> {
        auto rp = self->make_response_promise();
        gather<std::vector<project>>(
            self, [p, l](const std::string&) { return caf::make_message(p, l); },
            [rp](std::vector<std::vector<project>> lists) mutable {
              rp.deliver(merge_projects(std::move(lists)));
            },
            fail_promise(rp));
        return rp;
      },
      // Imported files are created through this actor, so each lands on its owner.
      [self](import_atom a, std::string& folder,
             progress_listener_actor& listener) -> caf::result<import_report> {
        import_job_options opts;
        opts.documents = caf::actor_cast<documents_actor>(self);
        opts.timeout = self->state.options.forward_timeout;
        auto job = spawn_import_job(self->system(), std::move(opts));
        return self->delegate(job, a, std::move(folder), std::move(listener));
      },
      // Each member writes its own documents under <folder>/<member>/ on its machine and
      // reports its progress to the listener itself (which tells members apart by sender).
      [self](export_atom a, std::string& folder,
             progress_listener_actor& listener) -> caf::result<export_report> {
        auto rp = self->make_response_promise();
        gather<export_report>(
            self,
            [a, folder, listener](const std::string& m) {
              return caf::make_message(a, member_folder(folder, m), listener);
            },
            [rp](std::vector<export_report> reports) mutable {
              rp.deliver(merge_exports(std::move(reports)));
            },
            fail_promise(rp));
        return rp;
      },
      [self](mailbox_atom) { return static_cast<uint64_t>(self->mailbox().size()); },
  };
}

}  // namespace

caf::actor spawn_cluster_actor(caf::actor_system& sys, cluster_options options,
                               std::shared_ptr<metrics_registry> metrics) {
  const auto host = options.publish_host;
  const auto port = options.publish_port;
  auto previous = caf::actor_cast<caf::actor>(sys.registry().get(services::cluster));
  auto handle = sys.spawn(cluster_impl, std::move(options), std::move(metrics));
  if (port != 0) {
    // After a restart the port still hands out the dead incarnation: peers would dial it,
    // fail their hello and keep this member down for good.
    if (previous) sys.middleman().unpublish(previous, port);
    auto published = sys.middleman().publish(handle, port, host.c_str(), true);
    if (!published) {
      caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
      throw std::runtime_error("cluster: cannot publish on " + host + ":" + std::to_string(port) +
                               ": " + sys.render(published.error()));
    }
    log::info("", "cluster member published on {}:{}", host, *published);
  }
  for (auto name : {services::cluster, services::documents}) {
    sys.registry().erase(name);
    sys.registry().put(name, caf::actor_cast<caf::strong_actor_ptr>(handle));
  }
  if (auto m = caf::actor_cast<metrics_actor>(sys.registry().get(services::metrics)))
    caf::anon_send(m, mailbox_atom::value, std::string{"cluster"},
                   caf::actor_cast<mailbox_probe_actor>(handle));
  return handle;
}

}  // namespace wm::cluster
