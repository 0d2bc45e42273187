// Property: random sequences of updates, patches (with current or stale versions) and
// renames on a few documents, sent through the documents actor, give the same versions,
// contents and conflicts as an in-memory model. 30 cases (RC_PARAMS overrides).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>

#include "tests/documents/doc_node.hpp"

namespace wm {
namespace {

struct model_doc {
  std::string id;
  std::string title;
  std::string content;
  uint64_t version = 1;
};

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string model_patch(const std::string& s, std::size_t offset, std::size_t length,
                        const std::string& repl) {
  // Byte positions of code point offsets (ASCII and 2-byte letters only here).
  auto byte_at = [&](std::size_t cp) {
    std::size_t i = 0, seen = 0;
    while (i < s.size() && seen < cp) {
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
      ++seen;
    }
    return i;
  };
  auto b = byte_at(offset);
  auto e = byte_at(offset + length);
  return s.substr(0, b) + repl + s.substr(e);
}

rc::Gen<std::string> small_text() {
  return rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 6)),
                      [](const std::vector<int>& picks) {
                        static const char* pieces[] = {"a", "b", " ", "\xC3\xA9", "xy", "."};
                        std::string s;
                        for (int p : picks) s += pieces[p];
                        return s;
                      });
}

TEST(documents_property, actor_matches_in_memory_model) {
  setenv("RC_PARAMS", "max_success=30", 0);
  // One node for every case: starting one per case would dominate the run time.
  test::temp_dir dir;
  test::doc_node node(test::quick_options(dir.path().string()));
  auto ok = rc::check("document actor matches the model", [&node] {
    auto& n = node;
    std::vector<model_doc> docs(3);
    for (auto& d : docs) {
      d.title = "t";
      d.content = *small_text();
      auto made = n.create(d.title, d.content);
      RC_ASSERT(made.ok());
      d.id = made->id;
    }
    int steps = *rc::gen::inRange(1, 25);
    for (int s = 0; s < steps; ++s) {
      auto& d = docs[static_cast<std::size_t>(*rc::gen::inRange(0, 3))];
      int kind = *rc::gen::inRange(0, 3);
      bool stale = *rc::gen::inRange(0, 4) == 0;
      uint64_t expected = d.version;
      if (stale)
        expected = (d.version > 1 && *rc::gen::arbitrary<bool>()) ? d.version - 1 : d.version + 1;
      if (kind == 0) {
        auto text = *small_text();
        auto got = n.update_content(d.id, expected, text);
        if (expected != d.version) {
          RC_ASSERT(!got.ok());
          RC_ASSERT(got.error().code == errc::conflict);
        } else {
          RC_ASSERT(got.ok());
          if (text != d.content) ++d.version;
          d.content = text;
          RC_ASSERT(got->version == d.version);
        }
      } else if (kind == 1) {
        auto len = code_points(d.content);
        auto offset = static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, len + 1));
        auto length = static_cast<std::size_t>(*rc::gen::inRange<std::size_t>(0, len - offset + 1));
        auto repl = *small_text();
        patch_document_cmd p;
        p.id = d.id;
        p.expected_version = expected;
        p.edits = {{offset, length, repl}};
        auto got = n.ask<document>(patch_atom::value, p);
        if (expected != d.version) {
          RC_ASSERT(!got.ok());
          RC_ASSERT(got.error().code == errc::conflict);
        } else {
          RC_ASSERT(got.ok());
          auto next = model_patch(d.content, offset, length, repl);
          if (next != d.content) ++d.version;
          d.content = next;
          RC_ASSERT(got->version == d.version);
          RC_ASSERT(got->content == d.content);
        }
      } else {
        auto title = "title " + std::to_string(*rc::gen::inRange(0, 3));
        auto got = n.ask<document>(rename_atom::value, rename_document_cmd{d.id, title, 0, "p"});
        RC_ASSERT(got.ok());
        if (title != d.title) ++d.version;
        d.title = title;
        RC_ASSERT(got->version == d.version);
      }
    }
    for (auto& d : docs) {
      auto got = n.get(d.id);
      RC_ASSERT(got.ok());
      RC_ASSERT(got->version == d.version);
      RC_ASSERT(got->content == d.content);
      RC_ASSERT(got->title == d.title);
    }
  });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace wm
