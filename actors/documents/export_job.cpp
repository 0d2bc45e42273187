#include "actors/documents/export_job.hpp"

#include <caf/all.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "actors/documents/listener_watch.hpp"
#include "actors/documents/slug.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"

namespace wm {

namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

struct export_state {
  export_state() = default;  // not an aggregate: CAF would pass it the self pointer
  std::chrono::milliseconds timeout;
  uint32_t page_size = 1000;
  store_actor store;
  progress_listener_actor listener;
  fs::path folder;
  // The stall check: when the one request to the store in flight was sent.
  clock_type::time_point asked_at;
  uint64_t total = 0;  // live documents at the first listing, for the progress
  // Keyset paging (no offset cap): the last listed document. If it is purged meanwhile
  // the listing restarts from the top and skips what was already handled.
  std::string cursor;
  std::set<std::string> handled;
  std::vector<document_summary> page;
  std::size_t index = 0;
  std::set<std::string> used;
  export_report report;
  caf::typed_response_promise<export_report> promise;
  static inline const char* name = "wm.export_job";
};

using self_ptr = export_job_actor::stateful_pointer<export_state>;

void fail(self_ptr self, caf::error err) {
  self->state.promise.deliver(std::move(err));
  self->quit();
}

void finish(self_ptr self) {
  self->state.promise.deliver(std::move(self->state.report));
  self->quit();  // an answer still on its way finds no one: dropped
}

// The listener is gone (the shell's Ctrl-C, or the caller died): the files written stay,
// nothing more is read.
void cancel(self_ptr self) {
  self->state.report.cancelled = true;
  finish(self);
}

// Every request to the store goes through here: no CAF timeout per request (the store
// answers every request, a dead one bounces it), the stall check bounds the wait.
template <class... Ts>
auto ask_store(self_ptr self, Ts&&... xs) {
  self->state.asked_at = clock_type::now();
  return self->request(self->state.store, caf::infinite, std::forward<Ts>(xs)...);
}

// Re-armed while the job lives; fails the export when one request waited `timeout`.
void check_stall(self_ptr self) {
  auto& st = self->state;
  const auto waited = clock_type::now() - st.asked_at;
  if (waited < st.timeout) {
    self->delayed_send(self, st.timeout - waited, deadline_atom::value);
    return;
  }
  fail(self, make_error(errc::timeout, "export: no answer from the store within " +
                                           std::to_string(st.timeout.count()) + " ms"));
}

status write_file(self_ptr self, const document& d) {
  auto& st = self->state;
  auto base = documents::slugify(d.title);
  auto ext = std::string(documents::export_extension(d.content_type));
  auto name = base + ext;
  for (int n = 2; st.used.count(name) > 0; ++n) name = base + "-" + std::to_string(n) + ext;
  st.used.insert(name);
  auto path = st.folder / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(d.content.data(), static_cast<std::streamsize>(d.content.size()));
  out.close();
  if (!out) return failure{errc::unavailable, "cannot write " + path.string()};
  st.report.files.push_back(path.string());
  if (st.listener)
    self->send(st.listener, file_progress{st.handled.size(), st.total, path.string()});
  return {};
}

void fetch_page(self_ptr self);

void next_document(self_ptr self) {
  auto& st = self->state;
  while (st.index < st.page.size() && st.handled.count(st.page[st.index].id) > 0) ++st.index;
  if (st.index >= st.page.size()) {
    if (st.page.size() < st.page_size) return finish(self);
    st.cursor = st.page.back().id;
    return fetch_page(self);
  }
  auto id = st.page[st.index++].id;
  st.handled.insert(id);
  ask_store(self, get_atom::value, id, false)
      .then(
          [self](document& d) {
            if (auto s = write_file(self, d); !s) return fail(self, make_error(s.error()));
            next_document(self);
          },
          [self](caf::error& err) {
            // Deleted or purged since the listing: nothing to export.
            if (to_failure(err).code == errc::not_found) return next_document(self);
            fail(self, std::move(err));
          });
}

void fetch_page(self_ptr self) {
  auto& st = self->state;
  list_query q;
  q.limit = st.page_size;
  q.sort = document_sort::created_desc;
  q.after_id = st.cursor;
  ask_store(self, list_atom::value, q)
      .then(
          [self](document_page& page) {
            if (self->state.cursor.empty() && self->state.handled.empty())
              self->state.total = page.total;
            self->state.page = std::move(page.items);
            self->state.index = 0;
            next_document(self);
          },
          [self](caf::error& err) {
            auto& st = self->state;
            if (!st.cursor.empty() && to_failure(err).code == errc::not_found) {
              st.cursor.clear();  // the cursor was purged: start over, skipping the handled
              return fetch_page(self);
            }
            fail(self, std::move(err));
          });
}

export_job_actor::behavior_type export_impl(self_ptr self, std::chrono::milliseconds timeout,
                                            uint32_t page_size) {
  self->state.timeout = timeout;
  self->state.page_size = page_size == 0 ? 1 : page_size;
  return {
      [self](export_atom, const std::string& folder,
             progress_listener_actor& listener) -> caf::result<export_report> {
        auto& st = self->state;
        st.store = caf::actor_cast<store_actor>(self->system().registry().get(services::store));
        if (!st.store) {
          self->quit();
          return make_error(errc::unavailable, "store not running");
        }
        std::error_code ec;
        fs::create_directories(folder, ec);
        if (ec || !fs::is_directory(folder)) {
          self->quit();
          return make_error(errc::unavailable,
                            "cannot create export folder " + folder + ": " + ec.message());
        }
        st.folder = folder;
        st.promise = self->make_response_promise<export_report>();
        st.listener = std::move(listener);
        documents::watch_listener(self, st.listener, [self] { cancel(self); });
        fetch_page(self);
        self->delayed_send(self, st.timeout, deadline_atom::value);
        return st.promise;
      },
      [self](deadline_atom) { check_stall(self); },
  };
}

}  // namespace

export_job_actor spawn_export_job(caf::actor_system& sys, std::chrono::milliseconds timeout,
                                  uint32_t page_size) {
  return sys.spawn<caf::detached>(export_impl, timeout, page_size);
}

}  // namespace wm
