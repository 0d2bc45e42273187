// Pure pieces of the documents service: code point patches, find and replace, export file
// names, the import file reader (memory map) and the shell's progress bar.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>

#include "actors/documents/import_files.hpp"
#include "actors/documents/slug.hpp"
#include "actors/documents/text_patch.hpp"
#include "adapters/files/mapped_file.hpp"
#include "adapters/files/whole_file.hpp"
#include "runtime/cli/progress_bar.hpp"
#include "tests/store/temp_dir.hpp"

namespace wm::documents {
namespace {

TEST(apply_edits, offsets_count_code_points) {
  // h é l l o: replacing "éllo" (offset 1, 4 code points) must not split the 2-byte é.
  auto out = apply_edits("h\xC3\xA9llo world", {{1, 4, "ey"}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "hey world");
}

// offset + length once wrapped around 2^64: {2, 2^64-1} inserted instead of refusing.
TEST(apply_edits, lengths_past_the_end_are_refused_however_large) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  for (const text_edit& e : {text_edit{2, max, "X"}, text_edit{3, max - 1, ""},
                             text_edit{max, 1, ""}, text_edit{2, 10, "X"}}) {
    auto out = apply_edits("abcdef", {e});
    ASSERT_FALSE(out.ok()) << e.offset << "+" << e.length << " gave " << *out;
    EXPECT_EQ(out.error().code, errc::invalid_input);
    EXPECT_NE(out.error().message.find("reaches past the end"), std::string::npos);
  }
  auto whole = apply_edits("abcdef", {{2, 4, "X"}});
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(*whole, "abX");
}

TEST(apply_edits, at_most_max_patch_edits) {
  std::vector<text_edit> edits(max_patch_edits, text_edit{0, 0, "a"});
  auto most = apply_edits("", edits);
  ASSERT_TRUE(most.ok());
  EXPECT_EQ(most->size(), max_patch_edits);
  edits.push_back({0, 0, "a"});
  auto more = apply_edits("", edits);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(more.error().code, errc::invalid_input);
  EXPECT_NE(more.error().message.find("1001 edits"), std::string::npos) << more.error().message;
}

TEST(apply_edits, edits_apply_in_order_to_the_previous_result) {
  auto out = apply_edits("abc", {{3, 0, "d"}, {0, 1, "A"}, {1, 0, "\xE2\x82\xAC"}});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out,
            "A\xE2\x82\xAC"
            "bcd");
}

TEST(apply_edits, insert_at_end_and_delete_all) {
  EXPECT_EQ(*apply_edits("", {{0, 0, "x"}}), "x");
  EXPECT_EQ(*apply_edits("\xF0\x9F\x98\x80z", {{0, 2, ""}}), "");
}

TEST(apply_edits, past_the_end_is_invalid_input) {
  auto out = apply_edits("abc", {{2, 2, "x"}});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, errc::invalid_input);
  EXPECT_FALSE(apply_edits("abc", {{4, 0, "x"}}).ok());
  EXPECT_EQ(apply_edits("abc", {}).error().code, errc::invalid_input);
}

TEST(replace_text, all_or_first_non_overlapping) {
  auto all = replace_text("aaa ab aaa", "aa", "X", true);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->text, "Xa ab Xa");
  EXPECT_EQ(all->count, 2u);
  auto first = replace_text("one two one", "one", "1", false);
  EXPECT_EQ(first->text, "1 two one");
  EXPECT_EQ(first->count, 1u);
  auto none = replace_text("abc", "zz", "y", true);
  EXPECT_EQ(none->text, "abc");
  EXPECT_EQ(none->count, 0u);
  EXPECT_EQ(replace_text("abc", "", "y", true).error().code, errc::invalid_input);
}

TEST(slugify, lowercase_ascii_with_single_dashes) {
  EXPECT_EQ(slugify("  Hello, World!  "), "hello-world");
  EXPECT_EQ(slugify("Caf\xC3\xA9 Notes 2"), "caf-notes-2");
  EXPECT_EQ(slugify("!!!"), "untitled");
  EXPECT_EQ(slugify(std::string(200, 'a')).size(), 80u);
  EXPECT_EQ(export_extension("markdown"), ".md");
  EXPECT_EQ(export_extension("plain_text"), ".txt");
}

TEST(mapped_file, maps_whole_files_and_reports_errors) {
  test::temp_dir dir;
  {
    std::ofstream(dir.file("a.txt"), std::ios::binary) << "hello";
    std::ofstream(dir.file("empty.md"), std::ios::binary);
  }
  auto a = files::mapped_file::open(dir.file("a.txt"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->view(), "hello");
  auto moved = std::move(*a);
  EXPECT_EQ(moved.view(), "hello");
  auto empty = files::mapped_file::open(dir.file("empty.md"));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_EQ(files::mapped_file::open(dir.file("missing")).error().code, errc::not_found);
  EXPECT_EQ(files::mapped_file::open(dir.path().string()).error().code, errc::invalid_input);
  EXPECT_EQ(files::mapped_file::open(dir.file("a.txt"), 4).error().code, errc::payload_too_large);
}

// A directory is an error, not an empty text: an ifstream on one "opens" and reads nothing,
// which once let `doc put --file DIR` empty a document.
TEST(read_whole_file, reads_files_and_pipes_and_refuses_directories) {
  test::temp_dir dir;
  std::string big(200'000, 'x');
  big[123'456] = '\0';
  std::ofstream(dir.file("big.txt"), std::ios::binary) << big;
  std::ofstream(dir.file("empty.md"), std::ios::binary);
  auto read = files::read_whole_file(dir.file("big.txt"));
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, big);
  EXPECT_EQ(files::read_whole_file(dir.file("empty.md")).value(), "");
  auto piped = files::read_whole_file("/proc/self/cmdline");  // size 0 in stat, text in read
  ASSERT_TRUE(piped.ok());
  EXPECT_FALSE(piped->empty());

  auto folder = files::read_whole_file(dir.path().string(), "script file");
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().code, errc::invalid_input);
  EXPECT_EQ(folder.error().message,
            "cannot read script file '" + dir.path().string() + "': Is a directory");
  auto missing = files::read_whole_file(dir.file("missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, errc::not_found);
  EXPECT_EQ(missing.error().message,
            "cannot read file '" + dir.file("missing") + "': No such file or directory");
}

TEST(import_files, lists_md_and_txt_and_reads_them_as_commands) {
  test::temp_dir dir;
  std::filesystem::create_directories(dir.path() / "sub");
  std::ofstream(dir.file("b.md"), std::ios::binary) << "# B";
  std::ofstream(dir.file("a.txt"), std::ios::binary) << "plain";
  std::ofstream(dir.file("c.bin"), std::ios::binary) << "x";
  std::ofstream((dir.path() / "sub" / "d.MD").string(), std::ios::binary) << "\xFF";
  auto files = list_import_files(dir.path().string());
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 3u);
  EXPECT_EQ((*files)[0], dir.file("a.txt"));
  auto a = read_import_file(dir.file("a.txt"), 1000);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "a");
  EXPECT_EQ(a->content, "plain");
  EXPECT_EQ(a->content_type, "plain_text");
  EXPECT_EQ(read_import_file(dir.file("b.md"), 1000)->content_type, "markdown");
  auto bad = read_import_file((dir.path() / "sub" / "d.MD").string(), 1000);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, errc::invalid_input);
  EXPECT_NE(bad.error().message.find("UTF-8"), std::string::npos);
  EXPECT_EQ(list_import_files(dir.file("nope")).error().code, errc::not_found);
}

TEST(progress_bar, renders_fraction_and_percent) {
  EXPECT_EQ(cli::render_progress_bar(0, 4), "[    ]   0%");
  EXPECT_EQ(cli::render_progress_bar(0.5, 4), "[##  ]  50%");
  EXPECT_EQ(cli::render_progress_bar(1, 4), "[####] 100%");
  EXPECT_EQ(cli::render_progress_bar(2.5, 2), "[##] 100%");
  EXPECT_EQ(cli::render_progress_bar(-1, 2), "[  ]   0%");
  EXPECT_EQ(cli::render_progress_bar(std::nan(""), 3), "[   ]   0%");
  EXPECT_EQ(cli::render_progress_bar(0.999, 10), "[######### ]  99%");
  EXPECT_EQ(cli::render_progress_bar(0.5, 0), "[ ]  50%");
}

}  // namespace
}  // namespace wm::documents
