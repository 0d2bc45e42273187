// Property: any sequence of write batches (or of groups staged op by op) leaves the store
// exactly where a simple in-memory model says it should be (versions, contents, deleted
// flags, revisions), and every op gets the same answer (including conflicts) from both.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/sqlite/document_store.hpp"
#include "tests/store/temp_dir.hpp"

using namespace wm;
using namespace wm::sqlite;

namespace {

const std::vector<std::string> slot_ids = {"00000000-0000-4000-8000-000000000001",
                                           "00000000-0000-4000-8000-000000000002",
                                           "00000000-0000-4000-8000-000000000003"};
const std::vector<std::string> titles = {"x", "y"};
const std::vector<std::string> contents = {"", "a", "ab", "ba b", "bb"};

struct model_doc {
  uint64_t version = 0;
  std::string title;
  std::string content;
  bool deleted = false;
  std::vector<std::pair<std::string, std::string>> revisions;  // index = version - 1
};

struct expected {
  std::optional<errc> error;
  uint64_t version = 0;
  bool changed = false;
  uint64_t replacements = 0;
};

class model {
 public:
  std::map<std::string, model_doc> docs;

  expected ok(const model_doc& d, bool changed, uint64_t repl = 0) {
    return {std::nullopt, d.version, changed, repl};
  }
  expected err(errc e) { return {e, 0, false, 0}; }

  expected set_text(model_doc& d, const std::string& title, const std::string& content,
                    uint64_t repl = 0) {
    if (title == d.title && content == d.content) return ok(d, false, repl);
    d.title = title;
    d.content = content;
    ++d.version;
    d.revisions.emplace_back(title, content);
    return ok(d, true, repl);
  }

  model_doc* live(const std::string& id) {
    auto i = docs.find(id);
    return i == docs.end() || i->second.deleted ? nullptr : &i->second;
  }

  expected apply(const write_op& op) {
    if (auto* c = std::get_if<create_document_op>(&op)) {
      if (docs.count(c->id)) return err(errc::conflict);
      model_doc d{1, c->title, c->content, false, {{c->title, c->content}}};
      return ok(docs[c->id] = d, true);
    }
    if (auto* u = std::get_if<update_document_op>(&op)) {
      if (!u->title && !u->content) return err(errc::invalid_input);
      auto* d = live(u->id);
      if (!d) return err(errc::not_found);
      if (d->version != u->expected_version) return err(errc::conflict);
      return set_text(*d, u->title.value_or(d->title), u->content.value_or(d->content));
    }
    if (auto* r = std::get_if<rename_document_op>(&op)) {
      auto* d = live(r->id);
      if (!d) return err(errc::not_found);
      if (r->expected_version && d->version != *r->expected_version) return err(errc::conflict);
      return set_text(*d, r->title, d->content);
    }
    if (auto* del = std::get_if<delete_document_op>(&op)) {
      auto i = docs.find(del->id);
      if (i == docs.end()) return err(errc::not_found);
      auto& d = i->second;
      if (del->expected_version && d.version != *del->expected_version) {
        return err(errc::conflict);
      }
      bool changed = !d.deleted;
      d.deleted = true;
      return ok(d, changed);
    }
    if (auto* und = std::get_if<undelete_document_op>(&op)) {
      auto i = docs.find(und->id);
      if (i == docs.end()) return err(errc::not_found);
      bool changed = i->second.deleted;
      i->second.deleted = false;
      return ok(i->second, changed);
    }
    if (auto* p = std::get_if<purge_document_op>(&op)) {
      if (!docs.erase(p->id)) return err(errc::not_found);
      return {std::nullopt, 0, true, 0};
    }
    if (auto* r = std::get_if<restore_revision_op>(&op)) {
      auto* d = live(r->id);
      if (!d) return err(errc::not_found);
      if (r->expected_version && d->version != *r->expected_version) return err(errc::conflict);
      if (r->version < 1 || r->version > d->revisions.size()) return err(errc::not_found);
      auto rev = d->revisions[r->version - 1];
      return set_text(*d, rev.first, rev.second);
    }
    if (auto* f = std::get_if<find_replace_op>(&op)) {
      auto* d = live(f->id);
      if (!d) return err(errc::not_found);
      if (d->version != f->expected_version) return err(errc::conflict);
      std::string out;
      uint64_t count = 0;
      std::size_t pos = 0;
      for (;;) {
        auto hit = d->content.find(f->find, pos);
        if (hit == std::string::npos) break;
        out += d->content.substr(pos, hit - pos) + f->replace;
        pos = hit + f->find.size();
        ++count;
        if (!f->all) break;
      }
      if (count == 0) return ok(*d, false, 0);
      out += d->content.substr(pos);
      return set_text(*d, d->title, out, count);
    }
    return err(errc::internal);
  }
};

// One random op over a few fixed slots, with expected versions near the model's.
write_op random_op(const model& m) {
  const auto& id = slot_ids[*rc::gen::inRange<std::size_t>(0, slot_ids.size())];
  auto i = m.docs.find(id);
  uint64_t current = i == m.docs.end() ? 1 : i->second.version;
  auto near_version = [&] {
    int delta = *rc::gen::element(-1, 0, 0, 0, 1);
    return static_cast<uint64_t>(std::max<int64_t>(0, static_cast<int64_t>(current) + delta));
  };
  auto maybe_version = [&]() -> std::optional<uint64_t> {
    if (*rc::gen::arbitrary<bool>()) return std::nullopt;
    return near_version();
  };
  auto title = [] { return *rc::gen::elementOf(titles); };
  auto content = [] { return *rc::gen::elementOf(contents); };
  switch (*rc::gen::inRange(0, 8)) {
    case 0:
      return create_document_op{id, title(), content(), "markdown", {}, "prop"};
    case 1: {
      update_document_op u{id, near_version(), std::nullopt, std::nullopt, "prop"};
      int which = *rc::gen::inRange(0, 4);  // 0: neither (invalid), 1: title, 2: content, 3: both
      if (which & 1) u.title = title();
      if (which & 2) u.content = content();
      return u;
    }
    case 2:
      return rename_document_op{id, title(), maybe_version(), "prop"};
    case 3:
      return delete_document_op{id, maybe_version()};
    case 4:
      return undelete_document_op{id};
    case 5:
      return purge_document_op{id};
    case 6:
      return restore_revision_op{id, *rc::gen::inRange<uint64_t>(0, 6), maybe_version(), "prop"};
    default:
      return find_replace_op{id,
                             near_version(),
                             *rc::gen::element<std::string>("a", "b"),
                             *rc::gen::element<std::string>("b", "", "ab"),
                             *rc::gen::arbitrary<bool>(),
                             "prop"};
  }
}

void check_state(document_store& store, const model& m) {
  for (const auto& id : slot_ids) {
    auto d = store.get(id, true);
    auto i = m.docs.find(id);
    if (i == m.docs.end()) {
      RC_ASSERT(!d.ok());
      RC_ASSERT(d.error().code == errc::not_found);
      continue;
    }
    RC_ASSERT(d.ok());
    const auto& md = i->second;
    RC_ASSERT(d->version == md.version);
    RC_ASSERT(d->title == md.title);
    RC_ASSERT(d->content == md.content);
    RC_ASSERT(d->deleted == md.deleted);
    RC_ASSERT(store.get(id).ok() == !md.deleted);
    auto h = store.history(id, 0, 1000);
    RC_ASSERT(h.ok());
    RC_ASSERT(h->size() == md.revisions.size());
    for (const auto& rev : *h) {
      RC_ASSERT(rev.version >= 1 && rev.version <= md.revisions.size());
      RC_ASSERT(rev.title == md.revisions[rev.version - 1].first);
      RC_ASSERT(rev.content == md.revisions[rev.version - 1].second);
    }
  }
}

void check_answers(const std::vector<result<write_outcome>>& got,
                   const std::vector<expected>& want) {
  RC_ASSERT(got.size() == want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    if (want[k].error) {
      RC_ASSERT(!got[k].ok());
      RC_ASSERT(got[k].error().code == *want[k].error);
    } else {
      RC_ASSERT(got[k].ok());
      RC_ASSERT(got[k]->version == want[k].version);
      RC_ASSERT(got[k]->changed == want[k].changed);
      RC_ASSERT(got[k]->replacements == want[k].replacements);
    }
  }
}

RC_GTEST_PROP(StoreProperty, MatchesInMemoryModel, ()) {
  test::temp_dir dir;
  store_options opts;
  opts.synchronous = "OFF";  // durability is the crash test's job; keep this fast
  auto opened = document_store::open(dir.file("prop.db"), opts);
  RC_ASSERT(opened.ok());
  auto& store = **opened;
  model m;
  int batches = *rc::gen::inRange(1, 8);
  for (int b = 0; b < batches; ++b) {
    int size = *rc::gen::inRange(1, 7);
    std::vector<write_op> ops;
    std::vector<expected> want;
    for (int k = 0; k < size; ++k) {
      ops.push_back(random_op(m));
      want.push_back(m.apply(ops.back()));  // ops in a batch see their predecessors
    }
    check_answers(store.apply_batch(ops), want);
    check_state(store, m);
  }
  RC_ASSERT(store.integrity_check() == "ok");
}

// Ops staged one at a time (as the store actor applies them on arrival) get the model's
// answers at commit; until then another connection sees only the last committed state.
RC_GTEST_PROP(StoreProperty, StagedGroupsStayInvisibleUntilCommitted, ()) {
  test::temp_dir dir;
  store_options opts;
  opts.synchronous = "OFF";
  auto opened = document_store::open(dir.file("prop.db"), opts);
  opts.exclusive = false;  // a second connection that only reads
  auto reader = document_store::open(dir.file("prop.db"), opts);
  RC_ASSERT(opened.ok() && reader.ok());
  auto& store = **opened;
  model committed, m;
  int groups = *rc::gen::inRange(1, 6);
  for (int g = 0; g < groups; ++g) {
    int size = *rc::gen::inRange(1, 6);
    std::vector<expected> want;
    for (int k = 0; k < size; ++k) {
      auto op = random_op(m);
      want.push_back(m.apply(op));
      store.stage(std::move(op));
      RC_ASSERT(store.staged() == static_cast<std::size_t>(k + 1));
      check_state(**reader, committed);
    }
    check_answers(store.commit_staged(), want);
    RC_ASSERT(store.staged() == 0u);
    committed = m;
    check_state(**reader, committed);
  }
  RC_ASSERT(store.integrity_check() == "ok");
}

}  // namespace
