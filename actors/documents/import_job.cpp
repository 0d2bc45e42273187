#include "actors/documents/import_job.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <optional>
#include <set>

#include "actors/documents/import_files.hpp"
#include "actors/documents/listener_watch.hpp"
#include "messages/caf_error.hpp"

namespace wm {

namespace {

using clock_type = std::chrono::steady_clock;

struct import_state {
  import_state() = default;  // not an aggregate: CAF would pass it the self pointer
  documents_actor documents;
  import_job_options options;
  progress_listener_actor listener;
  std::vector<std::string> files;
  std::size_t next = 0;
  std::set<std::size_t> in_flight;  // indexes into `files` of the creates not answered yet
  uint64_t done = 0;
  // The stall check: armed while creates are in flight, measured from the last answer.
  clock_type::time_point last_answer;
  bool stall_check_armed = false;
  import_report report;
  caf::typed_response_promise<import_report> promise;
  static inline const char* name = "wm.import_job";
};

using self_ptr = import_job_actor::stateful_pointer<import_state>;

void pump(self_ptr self);

void finish(self_ptr self) {
  self->state.promise.deliver(std::move(self->state.report));
  self->quit();  // answers still on their way find no one: dropped
}

// Counts a file as done and reports progress; true when it was the last (the job answered).
bool count_done(self_ptr self, const std::string& path) {
  auto& st = self->state;
  ++st.done;
  if (st.listener) self->send(st.listener, file_progress{st.done, st.files.size(), path});
  if (st.done < st.files.size()) return false;
  finish(self);
  return true;
}

// An answer to the create of file `index`: what it was, then the next file.
void answered(self_ptr self, std::size_t index, std::optional<std::string> id,
              std::string problem) {
  auto& st = self->state;
  if (st.in_flight.erase(index) == 0) return;
  const auto& path = st.files[index];
  st.last_answer = clock_type::now();
  if (id)
    st.report.imported.push_back({path, std::move(*id)});
  else
    st.report.skipped.push_back({path, std::move(problem)});
  if (!count_done(self, path)) pump(self);
}

// The listener is gone (the shell's Ctrl-C, or the caller died): no file is started after
// this; the creates in flight are answered and counted, then the job answers.
void cancel(self_ptr self) {
  auto& st = self->state;
  st.listener = nullptr;
  for (; st.next < st.files.size(); ++st.next) {
    st.report.skipped.push_back({st.files[st.next], "not tried: the import was cancelled"});
    ++st.done;
  }
  if (st.in_flight.empty()) finish(self);
}

void arm_stall_check(self_ptr self, clock_type::duration after) {
  self->state.stall_check_armed = true;
  self->delayed_send(self, after, deadline_atom::value);
}

// Nothing answered for `timeout` while creates were in flight: the documents service is
// stuck. Every file not imported yet is reported skipped and the job answers now.
void check_stall(self_ptr self) {
  auto& st = self->state;
  st.stall_check_armed = false;
  if (st.in_flight.empty()) return;
  const auto quiet = clock_type::now() - st.last_answer;
  if (quiet < st.options.timeout) return arm_stall_check(self, st.options.timeout - quiet);
  const auto ms = std::to_string(st.options.timeout.count());
  for (const auto index : st.in_flight)
    st.report.skipped.push_back(
        {st.files[index], "no answer from the documents service within " + ms + " ms"});
  st.in_flight.clear();
  for (; st.next < st.files.size(); ++st.next)
    st.report.skipped.push_back({st.files[st.next],
                                 "not tried: the documents service stopped "
                                 "answering (nothing within " +
                                     ms + " ms)"});
  finish(self);
}

// Keeps up to `window` creates in flight; files that cannot be read are skipped at once,
// in this loop (a call per skipped file would nest as deep as a folder of bad files).
void pump(self_ptr self) {
  auto& st = self->state;
  while (st.next < st.files.size() && st.in_flight.size() < st.options.window) {
    const auto index = st.next++;
    const auto& path = st.files[index];
    auto cmd = documents::read_import_file(path, st.options.max_content_bytes);
    if (!cmd) {
      st.report.skipped.push_back({path, cmd.error().message});
      if (count_done(self, path)) return;
      continue;
    }
    if (st.in_flight.empty()) st.last_answer = clock_type::now();  // the quiet starts here
    st.in_flight.insert(index);
    // No CAF timeout per create: the documents service answers every request (a dead
    // receiver bounces it), and the stall check bounds the wait for a stuck one.
    self->request(st.documents, caf::infinite, create_atom::value, std::move(*cmd))
        .then([self, index](document& d) { answered(self, index, std::move(d.id), {}); },
              [self, index](caf::error& err) {
                answered(self, index, std::nullopt, to_failure(err).message);
              });
  }
  if (!st.in_flight.empty() && !st.stall_check_armed) arm_stall_check(self, st.options.timeout);
}

import_job_actor::behavior_type import_impl(self_ptr self, import_job_options options) {
  self->state.documents = options.documents;
  self->state.options = std::move(options);
  if (self->state.options.window == 0) self->state.options.window = 1;
  return {
      [self](import_atom, const std::string& folder,
             progress_listener_actor& listener) -> caf::result<import_report> {
        auto files = documents::list_import_files(folder);
        if (!files) {
          self->quit();
          return make_error(files.error());
        }
        auto& st = self->state;
        if (files->empty()) {
          self->quit();
          return import_report{};
        }
        st.files = std::move(*files);
        st.listener = std::move(listener);
        st.promise = self->make_response_promise<import_report>();
        documents::watch_listener(self, st.listener, [self] { cancel(self); });
        pump(self);
        return st.promise;
      },
      [self](deadline_atom) { check_stall(self); },
  };
}

}  // namespace

import_job_actor spawn_import_job(caf::actor_system& sys, import_job_options options) {
  // The handle travels inside the options: a typed handle as a spawn argument of its own
  // trips CAF 0.17's self-pointer detection.
  return sys.spawn<caf::detached>(import_impl, std::move(options));
}

}  // namespace wm
