#include "actors/documents/import_job.hpp"

#include <caf/all.hpp>

#include "actors/documents/import_files.hpp"
#include "messages/caf_error.hpp"

namespace wm {

namespace {

struct import_state {
  import_state() = default;  // not an aggregate: CAF would pass it the self pointer
  documents_actor documents;
  import_job_options options;
  import_listener_actor listener;
  std::vector<std::string> files;
  std::size_t next = 0;
  std::size_t in_flight = 0;
  uint64_t done = 0;
  import_report report;
  caf::typed_response_promise<import_report> promise;
  static inline const char* name = "wm.import_job";
};

using self_ptr = import_job_actor::stateful_pointer<import_state>;

void pump(self_ptr self);

void file_done(self_ptr self, const std::string& path) {
  auto& st = self->state;
  ++st.done;
  if (st.listener) self->send(st.listener, import_progress{st.done, st.files.size(), path});
  if (st.done == st.files.size()) {
    st.promise.deliver(std::move(st.report));
    self->quit();
    return;
  }
  pump(self);
}

// Keeps up to `window` creates in flight; files that cannot be read are skipped at once.
void pump(self_ptr self) {
  auto& st = self->state;
  while (st.next < st.files.size() && st.in_flight < st.options.window) {
    auto path = st.files[st.next++];
    auto cmd = documents::read_import_file(path, st.options.max_content_bytes);
    if (!cmd) {
      st.report.skipped.push_back({path, cmd.error().message});
      file_done(self, path);
      return;  // file_done pumped again (or finished)
    }
    ++st.in_flight;
    self->request(st.documents, st.options.timeout, create_atom::value, std::move(*cmd))
        .then(
            [self, path](document& d) {
              --self->state.in_flight;
              self->state.report.imported.push_back({path, d.id});
              file_done(self, path);
            },
            [self, path](caf::error& err) {
              --self->state.in_flight;
              self->state.report.skipped.push_back({path, to_failure(err).message});
              file_done(self, path);
            });
  }
}

import_job_actor::behavior_type import_impl(self_ptr self, import_job_options options) {
  self->state.documents = options.documents;
  self->state.options = std::move(options);
  if (self->state.options.window == 0) self->state.options.window = 1;
  return {
      [self](import_atom, const std::string& folder,
             import_listener_actor& listener) -> caf::result<import_report> {
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
        pump(self);
        return st.promise;
      },
  };
}

}  // namespace

import_job_actor spawn_import_job(caf::actor_system& sys, import_job_options options) {
  // The handle travels inside the options: a typed handle as a spawn argument of its own
  // trips CAF 0.17's self-pointer detection.
  return sys.spawn<caf::detached>(import_impl, std::move(options));
}

}  // namespace wm
