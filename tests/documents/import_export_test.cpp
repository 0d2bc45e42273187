// Bulk import of a folder (memory-mapped reads, progress messages, skipped files with
// reasons) and export back to files, through the documents service.
#include <gtest/gtest.h>
#include <caf/all.hpp>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "actors/documents/export_job.hpp"
#include "actors/documents/import_job.hpp"
#include "adapters/sqlite/document_store.hpp"
#include "messages/caf_error.hpp"
#include "messages/service_names.hpp"
#include "messages/type_registry.hpp"
#include "tests/documents/doc_node.hpp"
#include "tests/support/eventually.hpp"

namespace wm {
namespace {

using test::doc_node;
using test::quick_options;
using test::temp_dir;

struct progress_log {
  std::mutex mtx;
  std::vector<file_progress> seen;
};

progress_listener_actor spawn_listener(caf::actor_system& sys, std::shared_ptr<progress_log> log) {
  return sys.spawn(
      [log](progress_listener_actor::pointer) -> progress_listener_actor::behavior_type {
        return {[log](file_progress& p) {
          std::lock_guard<std::mutex> guard(log->mtx);
          log->seen.push_back(std::move(p));
        }};
      });
}

void write_file(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(import_export, import_reports_progress_and_skips_bad_utf8) {
  temp_dir dir;
  temp_dir src;
  write_file(src.path() / "alpha.md", "# Alpha\n\nFirst file.");
  write_file(src.path() / "beta.txt", "Plain beta text.");
  write_file(src.path() / "broken.md", "valid start \xC0\xAF then garbage");
  write_file(src.path() / "image.png", "\x89PNG");
  std::filesystem::create_directories(src.path() / "nested");
  write_file(src.path() / "nested" / "gamma.md", "Gamma in a folder.");
  doc_node n(quick_options(dir.path().string()));
  auto log = std::make_shared<progress_log>();
  auto listener = spawn_listener(n.sys(), log);
  auto report = n.ask<import_report>(import_atom::value, src.path().string(), listener);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->imported.size(), 3u);
  ASSERT_EQ(report->skipped.size(), 1u);
  EXPECT_EQ(report->skipped[0].path, (src.path() / "broken.md").string());
  EXPECT_NE(report->skipped[0].reason.find("UTF-8"), std::string::npos)
      << report->skipped[0].reason;
  std::map<std::string, std::string> by_title;
  for (auto& f : report->imported) {
    auto d = n.get(f.document_id);
    ASSERT_TRUE(d.ok());
    by_title[d->title] = d->content;
    if (d->title == "beta") {
      EXPECT_EQ(d->content_type, "plain_text");
    }
  }
  EXPECT_EQ(by_title["alpha"], "# Alpha\n\nFirst file.");
  EXPECT_EQ(by_title["gamma"], "Gamma in a folder.");
  // Progress messages are sent before the report, from the job to the listener; the
  // listener may still be handling them when the report arrives.
  caf::scoped_actor self{n.sys()};
  self->monitor(listener);
  caf::anon_send_exit(listener, caf::exit_reason::user_shutdown);
  self->receive([](caf::down_msg&) {});
  std::lock_guard<std::mutex> guard(log->mtx);
  ASSERT_EQ(log->seen.size(), 4u);
  for (std::size_t i = 0; i < log->seen.size(); ++i) {
    EXPECT_EQ(log->seen[i].done, i + 1);
    EXPECT_EQ(log->seen[i].total, 4u);
    EXPECT_FALSE(log->seen[i].current_file.empty());
  }
  auto missing = n.ask<import_report>(import_atom::value, (src.path() / "nope").string(), listener);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::not_found);
}

TEST(import_export, export_round_trip) {
  temp_dir dir;
  temp_dir dir2;
  temp_dir out;
  std::map<std::string, std::string> contents;  // file name -> content
  {
    doc_node n(quick_options(dir.path().string()));
    ASSERT_TRUE(n.create("My First Draft", "# Draft\n\nUnicode: caf\xC3\xA9 \xE2\x9C\x93").ok());
    ASSERT_TRUE(n.create("Plain notes", "just text", "plain_text").ok());
    ASSERT_TRUE(n.create("my first draft", "same slug, other text").ok());
    auto gone = n.create("Deleted", "not exported");
    ASSERT_TRUE(n.ask<document>(delete_atom::value, delete_document_cmd{gone->id, 0}).ok());
    auto log = std::make_shared<progress_log>();
    auto report =
        n.ask<export_report>(export_atom::value, out.path().string(), spawn_listener(n.sys(), log));
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->files.size(), 3u);
    EXPECT_FALSE(report->truncated);
    EXPECT_FALSE(report->cancelled);
    for (auto& f : report->files)
      contents[std::filesystem::path(f).filename().string()] = read_file(f);
    // One progress message per file written, in order, against the three live documents.
    ASSERT_TRUE(testing::eventually([&] {
      std::lock_guard<std::mutex> guard(log->mtx);
      return log->seen.size() == 3;
    }));
    std::lock_guard<std::mutex> guard(log->mtx);
    for (uint64_t i = 0; i < 3; ++i) {
      EXPECT_EQ(log->seen[i].done, i + 1);
      EXPECT_EQ(log->seen[i].total, 3u);
      EXPECT_EQ(log->seen[i].current_file, report->files[i]);
    }
  }
  ASSERT_EQ(contents.size(), 3u);
  ASSERT_TRUE(contents.count("plain-notes.txt"));
  EXPECT_EQ(contents["plain-notes.txt"], "just text");
  ASSERT_TRUE(contents.count("my-first-draft.md"));
  ASSERT_TRUE(contents.count("my-first-draft-2.md"));
  std::set<std::string> drafts{contents["my-first-draft.md"], contents["my-first-draft-2.md"]};
  EXPECT_EQ(drafts, (std::set<std::string>{"# Draft\n\nUnicode: caf\xC3\xA9 \xE2\x9C\x93",
                                           "same slug, other text"}));
  // Back in through import on a fresh store: same texts, titles from the file names.
  doc_node n2(quick_options(dir2.path().string()));
  auto report =
      n2.ask<import_report>(import_atom::value, out.path().string(), progress_listener_actor{});
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->imported.size(), 3u);
  for (auto& f : report->imported) {
    auto d = n2.get(f.document_id);
    ASSERT_TRUE(d.ok());
    auto name = std::filesystem::path(f.path).filename().string();
    EXPECT_EQ(d->content, contents[name]);
    EXPECT_EQ(d->title, std::filesystem::path(f.path).stem().string());
    EXPECT_EQ(d->content_type, name.size() > 4 && name.substr(name.size() - 4) == ".txt"
                                   ? "plain_text"
                                   : "markdown");
  }
}

// The store caps list offsets at 10,000; the export pages by keyset, so it writes every
// live document however many there are (the old offset paging stopped at 11,000).
TEST(import_export, export_writes_more_documents_than_the_offset_cap) {
  constexpr int count = 11'200;
  temp_dir dir;
  temp_dir out;
  std::set<std::string> expected;  // file names: titles are unique slugs
  {
    sqlite::store_options so;
    so.synchronous = "OFF";
    auto store =
        std::move(sqlite::document_store::open(dir.path().string() + "/writemagic.db", so).value());
    for (int b = 0; b < count; b += 1000) {
      std::vector<sqlite::write_op> ops;
      for (int i = b; i < std::min(count, b + 1000); ++i)
        ops.push_back(sqlite::create_document_op{
            {}, "doc " + std::to_string(i), "body " + std::to_string(i), "plain_text", {}, {}});
      for (auto& r : store->apply_batch(std::move(ops))) ASSERT_TRUE(r.ok());
    }
    for (int i = 0; i < count; ++i) expected.insert("doc-" + std::to_string(i) + ".txt");
  }
  doc_node n(quick_options(dir.path().string()));
  auto gone = n.create("gone", "deleted before the export");
  ASSERT_TRUE(n.ask<document>(delete_atom::value, delete_document_cmd{gone->id, 0}).ok());
  auto report =
      n.ask<export_report>(export_atom::value, out.path().string(), progress_listener_actor{});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(report->truncated);
  std::set<std::string> names;
  for (auto& f : report->files) names.insert(std::filesystem::path(f).filename().string());
  EXPECT_EQ(report->files.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(names, expected);
  EXPECT_EQ(read_file((out.path() / "doc-11199.txt").string()), "body 11199");
}

// The listener going away (the shell kills it on Ctrl-C) cancels the export: it stops at
// once, answers the files it wrote, marked cancelled, and writes nothing afterwards.
TEST(import_export, an_export_whose_listener_is_gone_stops_with_what_it_wrote) {
  constexpr int count = 2'000;
  temp_dir dir;
  temp_dir out;
  {
    sqlite::store_options so;
    so.synchronous = "OFF";
    auto store =
        std::move(sqlite::document_store::open(dir.path().string() + "/writemagic.db", so).value());
    std::vector<sqlite::write_op> ops;
    for (int i = 0; i < count; ++i)
      ops.push_back(sqlite::create_document_op{
          {}, "doc " + std::to_string(i), "body " + std::to_string(i), "plain_text", {}, {}});
    for (auto& r : store->apply_batch(std::move(ops))) ASSERT_TRUE(r.ok());
  }
  doc_node n(quick_options(dir.path().string()));
  // Gone after the first progress message, as if Ctrl-C came then.
  auto listener = n.sys().spawn(
      [](progress_listener_actor::pointer self) -> progress_listener_actor::behavior_type {
        return {[self](file_progress&) { self->quit(); }};
      });
  auto report = n.ask<export_report>(export_atom::value, out.path().string(), listener);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->cancelled);
  EXPECT_GE(report->files.size(), 1u);
  EXPECT_LT(report->files.size(), static_cast<std::size_t>(count));
  // What the report names is what is on disk, and nothing is written after the answer.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::size_t on_disk = 0;
  for (const auto& e : std::filesystem::directory_iterator(out.path()))
    on_disk += e.is_regular_file();
  EXPECT_EQ(on_disk, report->files.size());
}

// A store that takes every listing and never answers.
struct stuck_store_state {
  std::vector<caf::response_promise> held;
};

caf::behavior stuck_store(caf::stateful_actor<stuck_store_state>* self) {
  return {
      [=](list_atom, list_query&) -> caf::result<document_page> {
        self->state.held.push_back(self->make_response_promise());
        return caf::delegated<document_page>{};
      },
  };
}

// The export's one stall timer: a store that stops answering fails the export with
// errc::timeout after the job's timeout, not after CAF's per-request one.
TEST(import_export, an_export_fails_with_timeout_when_the_store_stops_answering) {
  temp_dir out;
  caf::actor_system_config cfg;
  register_message_types(cfg);
  caf::actor_system sys{cfg};
  auto store = sys.spawn(stuck_store);
  sys.registry().put(services::store, caf::actor_cast<caf::strong_actor_ptr>(store));
  auto job = spawn_export_job(sys, std::chrono::milliseconds(300));
  caf::scoped_actor self{sys};
  std::optional<failure> got;
  self->request(job, std::chrono::seconds(30), export_atom::value, out.path().string(),
                progress_listener_actor{})
      .receive(
          [&](export_report&) {
            got = failure{errc::internal, "answered"};
          },
          [&](caf::error& err) { got = to_failure(err); });
  sys.registry().erase(services::store);
  self->send_exit(store, caf::exit_reason::user_shutdown);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->code, errc::timeout) << got->message;
  EXPECT_EQ(got->message, "export: no answer from the store within 300 ms");
}

// A stand-in documents service for the import job: answers each create after `delay`, or
// never (a stuck store) when there is none. Counts the creates it was sent.
using answer_atom = caf::atom_constant<caf::atom("tanswer")>;
struct stand_in_state {
  std::vector<caf::response_promise> held;
};

caf::behavior stand_in_documents(caf::stateful_actor<stand_in_state>* self,
                                 std::optional<std::chrono::milliseconds> delay,
                                 std::shared_ptr<std::atomic<int>> creates) {
  return {
      [=](create_atom, create_document_cmd& cmd) -> caf::result<document> {
        ++*creates;
        self->state.held.push_back(self->make_response_promise());
        if (delay)
          self->delayed_send(self, *delay, answer_atom::value, self->state.held.size() - 1,
                             cmd.title);
        return caf::delegated<document>{};
      },
      [=](answer_atom, std::size_t i, std::string& title) {
        document d;
        d.id = "doc-" + title;
        self->state.held[i].deliver(std::move(d));
      },
  };
}

// Runs an import job against `documents` over a folder of `files` small files.
result<import_report> import_through(doc_node& n, const caf::actor& documents, int files,
                                     std::size_t window, std::chrono::milliseconds timeout,
                                     const temp_dir& src,
                                     progress_listener_actor listener = progress_listener_actor{}) {
  for (int i = 0; i < files; ++i)
    write_file(src.path() / ("file" + std::to_string(i) + ".md"), "text " + std::to_string(i));
  import_job_options opts;
  opts.documents = caf::actor_cast<documents_actor>(documents);
  opts.window = window;
  opts.timeout = timeout;
  auto job = spawn_import_job(n.sys(), std::move(opts));
  return n.n().ask<import_report>(job, std::chrono::seconds(60), import_atom::value,
                                  src.path().string(), std::move(listener));
}

// A stuck documents service: the job gives up once nothing has been answered for its
// timeout, reports every file skipped, and sends no create beyond its window.
TEST(import_export, import_gives_up_when_the_documents_service_stops_answering) {
  temp_dir dir;
  temp_dir src;
  doc_node n(quick_options(dir.path().string()));
  auto creates = std::make_shared<std::atomic<int>>(0);
  auto stuck = n.sys().spawn(stand_in_documents, std::nullopt, creates);
  auto report = import_through(n, stuck, 5, 2, std::chrono::milliseconds(300), src);
  caf::anon_send_exit(stuck, caf::exit_reason::user_shutdown);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->imported.empty());
  ASSERT_EQ(report->skipped.size(), 5u);
  EXPECT_EQ(creates->load(), 2);  // the window; the other three were never sent
  int unanswered = 0, not_tried = 0;
  for (const auto& s : report->skipped) {
    if (s.reason == "no answer from the documents service within 300 ms") ++unanswered;
    if (s.reason.rfind("not tried: the documents service stopped answering", 0) == 0) ++not_tried;
  }
  EXPECT_EQ(unanswered, 2);
  EXPECT_EQ(not_tried, 3);
}

// A slow but steady service: the timeout bounds the quiet between answers, not the job.
TEST(import_export, a_slow_import_longer_than_the_timeout_completes) {
  temp_dir dir;
  temp_dir src;
  doc_node n(quick_options(dir.path().string()));
  auto creates = std::make_shared<std::atomic<int>>(0);
  auto slow = n.sys().spawn(stand_in_documents, std::chrono::milliseconds(100), creates);
  // 30 answers, two at a time, 100 ms after each create: ~1.5 s in all, against a 1 s
  // timeout (with two in flight, the quiet is measured from the last answer).
  auto report = import_through(n, slow, 30, 2, std::chrono::milliseconds(1000), src);
  caf::anon_send_exit(slow, caf::exit_reason::user_shutdown);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->imported.size(), 30u);
  EXPECT_TRUE(report->skipped.empty()) << report->skipped.front().reason;
  EXPECT_EQ(creates->load(), 30);
}

// The listener going away (the shell kills it on Ctrl-C) cancels the import: no file is
// started after it, the creates in flight are counted, the rest are reported not tried.
TEST(import_export, an_import_whose_listener_is_gone_stops_and_reports_the_rest) {
  temp_dir dir;
  temp_dir src;
  doc_node n(quick_options(dir.path().string()));
  auto creates = std::make_shared<std::atomic<int>>(0);
  auto slow = n.sys().spawn(stand_in_documents, std::chrono::milliseconds(100), creates);
  // Gone after the first progress message, as if Ctrl-C came then.
  auto listener = n.sys().spawn(
      [](progress_listener_actor::pointer self) -> progress_listener_actor::behavior_type {
        return {[self](file_progress&) { self->quit(); }};
      });
  auto report = import_through(n, slow, 30, 2, std::chrono::milliseconds(5000), src, listener);
  caf::anon_send_exit(slow, caf::exit_reason::user_shutdown);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->imported.size() + report->skipped.size(), 30u);
  EXPECT_GE(report->imported.size(), 1u);
  EXPECT_LE(report->imported.size(), 6u);  // the window around the moment it stopped
  size_t cancelled = 0;
  for (const auto& s : report->skipped)
    if (s.reason == "not tried: the import was cancelled") ++cancelled;
  EXPECT_EQ(cancelled, report->skipped.size());
  EXPECT_EQ(static_cast<size_t>(creates->load()), report->imported.size());
}

// A folder of files that all fail to read (invalid UTF-8): each is skipped at once, in a
// loop, not one nested call per file (30,000 of them overflowed the job's stack).
TEST(import_export, a_folder_of_only_unreadable_files_is_skipped_without_deep_recursion) {
  temp_dir dir;
  temp_dir src;
  constexpr int files = 30'000;
  for (int i = 0; i < files; ++i)
    write_file(src.path() / ("bad" + std::to_string(i) + ".md"), "\xC0\xAF");
  doc_node n(quick_options(dir.path().string()));
  auto report =
      n.ask<import_report>(import_atom::value, src.path().string(), progress_listener_actor{});
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->imported.empty());
  ASSERT_EQ(report->skipped.size(), static_cast<std::size_t>(files));
  EXPECT_NE(report->skipped.back().reason.find("UTF-8"), std::string::npos)
      << report->skipped.back().reason;
}

}  // namespace
}  // namespace wm
