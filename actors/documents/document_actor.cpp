#include "actors/documents/document_actor.hpp"

#include <caf/all.hpp>

#include <optional>
#include <utility>

#include "actors/common/stray_messages.hpp"
#include "actors/documents/text/text_stats.hpp"
#include "actors/documents/text/utf8.hpp"
#include "actors/documents/text_patch.hpp"
#include "actors/store/store_actor.hpp"
#include "adapters/prometheus/metrics_registry.hpp"
#include "adapters/sqlite/content_digest.hpp"
#include "adapters/sqlite/uuid.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"

namespace wm {

namespace {

enum class cache_state : uint8_t { unknown, present, missing };

struct doc_state {
  std::string id;
  cache_state cache = cache_state::unknown;
  document doc;
  document_actor_options options;
  bool has_stats = false;
  uint64_t stats_version = 0;
  store_actor store;  // cached; looked up again when store_generation() moved
  uint64_t store_generation = 0;
  text_stats stats;
  static inline const char* name = "wm.document";
};

using self_ptr = document_actor::stateful_pointer<doc_state>;
using opt_error = std::optional<caf::error>;

bool is_errc(const caf::error& err, errc code) {
  return err.category() == errc_category && err.code() == static_cast<uint8_t>(code);
}

void count_conflict(self_ptr self) {
  if (auto* c = self->state.options.conflicts) c->Increment();
}

// A restarted store is a new actor under the same name: the cached handle is looked up
// again once another store was registered. The generation is read before the lookup, so a
// restart in between only costs one more lookup on the next write.
store_actor store_of(self_ptr self) {
  auto& st = self->state;
  const auto generation = store_generation();
  if (!st.store || generation != st.store_generation) {
    st.store = caf::actor_cast<store_actor>(self->system().registry().get(services::store));
    st.store_generation = generation;
  }
  return st.store;
}

opt_error not_live(self_ptr self) {
  auto& st = self->state;
  if (st.cache == cache_state::missing)
    return make_error(errc::not_found, "document " + st.id + " not found");
  if (st.doc.deleted) return make_error(errc::not_found, "document " + st.id + " is deleted");
  return std::nullopt;
}

opt_error check_utf8(const char* what, std::string_view text) {
  if (auto st = text::validate_utf8(text); !st)
    return make_error(errc::invalid_input, std::string(what) + ": " + st.error().message);
  return std::nullopt;
}

opt_error check_content(self_ptr self, std::string_view content) {
  auto limit = self->state.options.max_content_bytes;
  if (content.size() > limit)
    return make_error(errc::payload_too_large, "content has " + std::to_string(content.size()) +
                                                   " bytes, more than the limit of " +
                                                   std::to_string(limit));
  return check_utf8("content", content);
}

// Loads the document from the store (always: the store is the truth), then runs fn.
template <class Rp, class F>
void refresh(self_ptr self, Rp rp, F fn) {
  auto store = store_of(self);
  if (!store) {
    rp.deliver(make_error(errc::unavailable, "store not running"));
    return;
  }
  self->request(store, caf::infinite, get_atom::value, self->state.id, true)
      .await(
          [self, fn](document& d) mutable {
            self->state.doc = std::move(d);
            self->state.cache = cache_state::present;
            fn();
          },
          [self, rp, fn](caf::error& err) mutable {
            if (is_errc(err, errc::not_found)) {
              self->state.cache = cache_state::missing;
              self->state.doc = document{};
              fn();
            } else {
              self->state.cache = cache_state::unknown;
              rp.deliver(std::move(err));
            }
          });
}

// Runs fn once the cache is known.
template <class Rp, class F>
void with_cache(self_ptr self, Rp rp, F fn) {
  if (self->state.cache != cache_state::unknown) {
    fn();
    return;
  }
  refresh(self, std::move(rp), std::move(fn));
}

// 0: no check. A mismatch with the cache is confirmed against the store first (another
// incarnation of this actor may have written after our cache was loaded).
template <class Rp, class F>
void check_version(self_ptr self, uint64_t expected, Rp rp, F fn) {
  if (expected == 0 || expected == self->state.doc.version) {
    fn();
    return;
  }
  refresh(self, rp, [self, expected, rp, fn]() mutable {
    if (auto e = not_live(self)) {
      rp.deliver(std::move(*e));
      return;
    }
    auto& st = self->state;
    if (expected != st.doc.version) {
      count_conflict(self);
      rp.deliver(make_error(
          errc::conflict, "document " + st.id + " is at version " + std::to_string(st.doc.version) +
                              "; the change was based on version " + std::to_string(expected)));
      return;
    }
    fn();
  });
}

// Sends one write to the store and waits for its acknowledgement (nothing else of this
// document is handled meanwhile: edits stay serialized). No CAF timeout on the store's hops:
// CAF 0.17 keeps a request's timeout (~190 bytes, one clock-thread wake-up) until it expires
// even when the answer came long before, i.e. 30 s of writes. The store answers every
// request, also when it is stopped or killed (its queued writes fail with `unavailable`).
template <class Rp, class OnAck, class... Ts>
void write(self_ptr self, Rp rp, OnAck on_ack, Ts... xs) {
  auto store = store_of(self);
  if (!store) {
    rp.deliver(make_error(errc::unavailable, "store not running"));
    return;
  }
  self->request(store, caf::infinite, std::move(xs)...)
      .await([on_ack](write_ack& ack) mutable { on_ack(ack); },
             [self, rp](caf::error& err) mutable {
               // Whatever happened, the store knows better than our cache now.
               self->state.cache = cache_state::unknown;
               if (is_errc(err, errc::conflict)) count_conflict(self);
               rp.deliver(std::move(err));
             });
}

void apply_ack(self_ptr self, const write_ack& ack, const std::string& author) {
  auto& d = self->state.doc;
  d.version = ack.version;
  if (!ack.content_hash.empty()) d.content_hash = ack.content_hash;
  if (ack.changed) {
    d.updated_at = ack.updated_at;
    d.updated_by = author;
  }
}

// An update of the text through the store. A new content goes with its digest, computed
// here on a scheduler worker: hashing every edit on the store's one thread was the
// largest share of its own work after SQLite's.
template <class Rp, class OnAck>
void write_update(self_ptr self, Rp rp, OnAck on_ack, update_document_cmd cmd) {
  if (!cmd.set_content)
    return write(self, rp, std::move(on_ack), update_atom::value, std::move(cmd));
  auto digest = sqlite::digest_content(cmd.content);
  write(self, rp, std::move(on_ack), update_atom::value, std::move(cmd), std::move(digest));
}

// The content is copied once (the cache keeps it, the store gets the original).
template <class Rp>
void update_content(self_ptr self, Rp rp, update_document_cmd cmd) {
  auto expected = cmd.expected_version;
  check_version(self, expected, rp, [self, rp, cmd = std::move(cmd)]() mutable {
    cmd.id = self->state.id;
    // Writes of one document are serialized here, so the cached version is the current one.
    if (cmd.any_version) cmd.expected_version = self->state.doc.version;
    auto on_ack = [self, rp, title = cmd.set_title ? cmd.title : std::string{},
                   content = cmd.set_content ? cmd.content : std::string{},
                   set_title = cmd.set_title, set_content = cmd.set_content,
                   author = cmd.author](const write_ack& ack) mutable {
      auto& d = self->state.doc;
      if (set_title) d.title = std::move(title);
      if (set_content) d.content = std::move(content);
      apply_ack(self, ack, author);
      rp.deliver(d);
    };
    write_update(self, rp, std::move(on_ack), std::move(cmd));
  });
}

enum class needs : uint8_t { live, exists };

constexpr auto no_check = [](const auto&) -> opt_error { return std::nullopt; };

// The one shape of every write that is not an edit of the text: once the cache is known,
// the document must be live (or merely exist), `check` must pass and the expected
// version (0: none) must match; then the command goes through the store, and on its
// acknowledgement on_ack(rp, cmd, ack) updates the cache and answers.
template <class R, class Atom, class Cmd, class Check, class OnAck>
caf::result<R> write_through(self_ptr self, Atom atom, Cmd cmd, needs need, uint64_t expected,
                             Check check, OnAck on_ack) {
  auto rp = self->make_response_promise<R>();
  with_cache(
      self, rp, [self, rp, atom, cmd = std::move(cmd), need, expected, check, on_ack]() mutable {
        opt_error e;
        if (need == needs::live) {
          e = not_live(self);
        } else if (self->state.cache == cache_state::missing) {
          e = make_error(errc::not_found, "document " + self->state.id + " not found");
        }
        if (!e) e = check(cmd);
        if (e) {
          rp.deliver(std::move(*e));
          return;
        }
        check_version(self, expected, rp, [self, rp, atom, cmd, on_ack]() mutable {
          cmd.id = self->state.id;
          auto acked = [rp, cmd, on_ack](const write_ack& ack) mutable { on_ack(rp, cmd, ack); };
          write(self, rp, std::move(acked), atom, std::move(cmd));
        });
      });
  return rp;
}

document_actor::behavior_type document_impl(self_ptr self, std::string id, bool fresh,
                                            document_actor_options options) {
  self->state.id = std::move(id);
  self->state.options = options;
  if (fresh) self->state.cache = cache_state::missing;
  self->set_default_handler(drop_stray_message);
  return {
      [self](create_atom, create_document_cmd& cmd) -> caf::result<document> {
        auto rp = self->make_response_promise<document>();
        with_cache(self, rp, [self, rp, cmd = std::move(cmd)]() mutable {
          auto& st = self->state;
          if (st.cache == cache_state::present) {
            rp.deliver(make_error(errc::conflict, "document " + st.id + " already exists"));
            return;
          }
          if (auto e = check_utf8("title", cmd.title)) {
            rp.deliver(std::move(*e));
            return;
          }
          if (auto e = check_content(self, cmd.content)) {
            rp.deliver(std::move(*e));
            return;
          }
          cmd.id = st.id;
          auto on_ack = [self, rp, cmd](const write_ack& ack) mutable {
            auto& st = self->state;
            document d;
            d.id = st.id;
            d.project_id = sqlite::normalize_uuid(cmd.project_id).value_or(cmd.project_id);
            d.title = std::move(cmd.title);
            d.content = std::move(cmd.content);
            d.content_type = std::move(cmd.content_type);
            d.content_hash = ack.content_hash;
            d.version = ack.version;
            d.created_at = d.updated_at = ack.updated_at;
            d.created_by = d.updated_by = cmd.author;
            st.doc = std::move(d);
            st.cache = cache_state::present;
            rp.deliver(st.doc);
          };
          write(self, rp, std::move(on_ack), create_atom::value, cmd);
        });
        return rp;
      },
      [self](get_atom, const std::string&) -> caf::result<document> {
        auto rp = self->make_response_promise<document>();
        with_cache(self, rp, [self, rp]() mutable {
          if (auto e = not_live(self)) {
            rp.deliver(std::move(*e));
            return;
          }
          rp.deliver(self->state.doc);
        });
        return rp;
      },
      [self](update_atom, update_document_cmd& cmd) -> caf::result<document> {
        auto rp = self->make_response_promise<document>();
        with_cache(self, rp, [self, rp, cmd = std::move(cmd)]() mutable {
          if (auto e = not_live(self)) {
            rp.deliver(std::move(*e));
            return;
          }
          if ((cmd.expected_version == 0) == !cmd.any_version) {
            rp.deliver(make_error(errc::invalid_input, cmd.any_version
                                                           ? "any_version excludes expected_version"
                                                           : "expected_version is required"));
            return;
          }
          if (!cmd.set_title && !cmd.set_content) {
            rp.deliver(make_error(errc::invalid_input, "update needs a title or content"));
            return;
          }
          if (cmd.set_title)
            if (auto e = check_utf8("title", cmd.title)) {
              rp.deliver(std::move(*e));
              return;
            }
          if (cmd.set_content)
            if (auto e = check_content(self, cmd.content)) {
              rp.deliver(std::move(*e));
              return;
            }
          update_content(self, rp, std::move(cmd));
        });
        return rp;
      },
      [self](patch_atom, patch_document_cmd& cmd) -> caf::result<document> {
        auto rp = self->make_response_promise<document>();
        with_cache(self, rp, [self, rp, cmd = std::move(cmd)]() mutable {
          if (auto e = not_live(self)) {
            rp.deliver(std::move(*e));
            return;
          }
          if (cmd.expected_version == 0) {
            rp.deliver(make_error(errc::invalid_input, "expected_version is required"));
            return;
          }
          check_version(self, cmd.expected_version, rp, [self, rp, cmd]() mutable {
            // Applied to the cache only after the version matched, so offsets mean
            // what the editor saw.
            auto patched = documents::apply_edits(self->state.doc.content, cmd.edits);
            if (!patched) {
              rp.deliver(make_error(patched.error()));
              return;
            }
            if (auto e = check_content(self, *patched)) {
              rp.deliver(std::move(*e));
              return;
            }
            update_document_cmd up;
            up.expected_version = cmd.expected_version;
            up.set_content = true;
            up.content = std::move(*patched);
            up.author = std::move(cmd.author);
            update_content(self, rp, std::move(up));
          });
        });
        return rp;
      },
      [self](rename_atom, rename_document_cmd& cmd) -> caf::result<document> {
        auto v = cmd.expected_version;
        return write_through<document>(
            self, rename_atom::value, std::move(cmd), needs::live, v,
            [](const rename_document_cmd& c) { return check_utf8("title", c.title); },
            [self](auto& rp, rename_document_cmd& c, const write_ack& ack) {
              self->state.doc.title = std::move(c.title);
              apply_ack(self, ack, c.author);
              rp.deliver(self->state.doc);
            });
      },
      [self](move_atom, move_document_cmd& cmd) -> caf::result<document> {
        auto v = cmd.expected_version;
        return write_through<document>(
            self, move_atom::value, std::move(cmd), needs::live, v, no_check,
            [self](auto& rp, move_document_cmd& c, const write_ack& ack) {
              auto& d = self->state.doc;
              d.project_id = sqlite::normalize_uuid(c.project_id).value_or(c.project_id);
              apply_ack(self, ack, d.updated_by);
              rp.deliver(d);
            });
      },
      [self](delete_atom, delete_document_cmd& cmd) -> caf::result<document> {
        auto v = cmd.expected_version;
        return write_through<document>(self, delete_atom::value, std::move(cmd), needs::live, v,
                                       no_check, [self](auto& rp, auto&, const write_ack& ack) {
                                         self->state.doc.deleted = true;
                                         apply_ack(self, ack, self->state.doc.updated_by);
                                         rp.deliver(self->state.doc);
                                       });
      },
      [self](undelete_atom, delete_document_cmd& cmd) -> caf::result<document> {
        return write_through<document>(self, undelete_atom::value, std::move(cmd), needs::exists, 0,
                                       no_check, [self](auto& rp, auto&, const write_ack& ack) {
                                         self->state.doc.deleted = false;
                                         apply_ack(self, ack, self->state.doc.updated_by);
                                         rp.deliver(self->state.doc);
                                       });
      },
      [self](purge_atom, delete_document_cmd& cmd) -> caf::result<bool> {
        return write_through<bool>(self, purge_atom::value, std::move(cmd), needs::exists, 0,
                                   no_check, [self](auto& rp, auto&, const write_ack&) {
                                     self->state.cache = cache_state::missing;
                                     self->state.doc = document{};
                                     rp.deliver(true);
                                   });
      },
      [self](restore_atom, restore_cmd& cmd) -> caf::result<document> {
        auto v = cmd.expected_version;
        // The old title and content live in the store: read the new version back.
        return write_through<document>(self, restore_atom::value, std::move(cmd), needs::live, v,
                                       no_check, [self](auto& rp, auto&, const write_ack&) {
                                         refresh(self, rp, [self, rp]() mutable {
                                           if (auto e = not_live(self)) {
                                             rp.deliver(std::move(*e));
                                             return;
                                           }
                                           rp.deliver(self->state.doc);
                                         });
                                       });
      },
      [self](replace_atom, find_replace_cmd& cmd) -> caf::result<find_replace_result> {
        auto rp = self->make_response_promise<find_replace_result>();
        with_cache(self, rp, [self, rp, cmd = std::move(cmd)]() mutable {
          if (auto e = not_live(self)) {
            rp.deliver(std::move(*e));
            return;
          }
          if (cmd.expected_version == 0) {
            rp.deliver(make_error(errc::invalid_input, "expected_version is required"));
            return;
          }
          if (auto e = check_utf8("find", cmd.find)) {
            rp.deliver(std::move(*e));
            return;
          }
          if (auto e = check_utf8("replace", cmd.replace)) {
            rp.deliver(std::move(*e));
            return;
          }
          check_version(self, cmd.expected_version, rp, [self, rp, cmd]() mutable {
            auto replaced =
                documents::replace_text(self->state.doc.content, cmd.find, cmd.replace, cmd.all);
            if (!replaced) {
              rp.deliver(make_error(replaced.error()));
              return;
            }
            if (replaced->count == 0) {
              rp.deliver(find_replace_result{self->state.doc, 0});
              return;
            }
            if (auto e = check_content(self, replaced->text)) {
              rp.deliver(std::move(*e));
              return;
            }
            update_document_cmd up;
            up.id = self->state.id;
            up.expected_version = cmd.expected_version;
            up.set_content = true;
            up.content = std::move(replaced->text);
            up.author = cmd.author;
            auto count = replaced->count;
            auto on_ack = [self, rp, up, count](const write_ack& ack) mutable {
              self->state.doc.content = std::move(up.content);
              apply_ack(self, ack, up.author);
              rp.deliver(find_replace_result{self->state.doc, count});
            };
            write_update(self, rp, std::move(on_ack), up);
          });
        });
        return rp;
      },
      [self](stats_atom, const std::string&) -> caf::result<text_stats> {
        auto rp = self->make_response_promise<text_stats>();
        with_cache(self, rp, [self, rp]() mutable {
          if (auto e = not_live(self)) {
            rp.deliver(std::move(*e));
            return;
          }
          auto& st = self->state;
          if (!st.has_stats || st.stats_version != st.doc.version) {
            auto computed = compute_text_stats(st.doc.content);
            if (!computed) {
              rp.deliver(make_error(computed.error()));
              return;
            }
            st.stats = *computed;
            st.stats_version = st.doc.version;
            st.has_stats = true;
          }
          rp.deliver(st.stats);
        });
        return rp;
      },
      [self](passivate_atom) { self->quit(); },
  };
}

}  // namespace

document_actor spawn_document_actor(caf::actor_system& sys, std::string id, bool fresh,
                                    document_actor_options options) {
  return sys.spawn(document_impl, std::move(id), fresh, options);
}

}  // namespace wm
