// Word count throughput, all in one process on the same buffers: wm::text::count_words
// (runtime-dispatched SIMD), our scalar path, a naive isspace state machine, and memchr
// counting ' ' (the yardstick: target count_words >= 0.5x the memchr rate). Also the
// store's content digest (SHA-256 through libcrypto, plus both counts) against the same
// yardstick: what a document actor spends per edit of a given size.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "adapters/sqlite/content_digest.hpp"
#include "adapters/sqlite/sha256.hpp"

#include "actors/documents/text/text_stats.hpp"
#include "actors/documents/text/word_count.hpp"

namespace {

// ~16 MiB of English prose: sentences, commas, paragraphs, and the non-ASCII an editor
// produces (curly quotes and apostrophes, em dashes, accented loan words), ~1% of bytes.
const std::string& english_buffer() {
  static const std::string text = [] {
    const std::vector<std::string> vocab = {"the",
                                            "of",
                                            "and",
                                            "to",
                                            "a",
                                            "in",
                                            "that",
                                            "is",
                                            "was",
                                            "he",
                                            "for",
                                            "it",
                                            "with",
                                            "as",
                                            "his",
                                            "on",
                                            "be",
                                            "at",
                                            "by",
                                            "I",
                                            "this",
                                            "had",
                                            "not",
                                            "are",
                                            "but",
                                            "from",
                                            "or",
                                            "have",
                                            "writing",
                                            "document",
                                            "editor",
                                            "sentence",
                                            "paragraph",
                                            "readable",
                                            "quickly",
                                            "however",
                                            "important",
                                            "between",
                                            "well-known",
                                            "don't",
                                            "it's",
                                            "people",
                                            "language",
                                            "different",
                                            "example",
                                            "government",
                                            "understand",
                                            "character",
                                            "caf\xC3\xA9",
                                            "na\xC3\xAFve",
                                            "don\xE2\x80\x99t",
                                            "it\xE2\x80\x99s"};
    std::mt19937_64 rng{42};
    std::string out;
    out.reserve(16u << 20);
    while (out.size() < (16u << 20)) {
      const int sentences = 3 + static_cast<int>(rng() % 5);
      for (int s = 0; s < sentences; ++s) {
        const int words = 6 + static_cast<int>(rng() % 18);
        for (int w = 0; w < words; ++w) {
          std::string word = vocab[rng() % vocab.size()];
          if (w == 0)
            word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
          out += word;
          if (w + 1 < words) {
            const auto r = rng() % 100;
            out += r < 8 ? ", " : r < 9 ? " \xE2\x80\x94 " : " ";
          }
        }
        const auto r = rng() % 20;
        out += r == 0 ? "? " : r == 1 ? "! " : r == 2 ? ".\xE2\x80\x9D " : ". ";
      }
      out += "\n\n";
    }
    return out;
  }();
  return text;
}

// The same prose with every non-ASCII byte turned into a space: the all-SIMD ceiling.
const std::string& ascii_buffer() {
  static const std::string text = [] {
    std::string out = english_buffer();
    for (char& c : out)
      if (static_cast<unsigned char>(c) >= 0x80) c = ' ';
    return out;
  }();
  return text;
}

// 1 MiB of Chinese and Japanese: ideographs and kana with CJK punctuation, no spaces.
const std::string& cjk_buffer() {
  static const std::string text = [] {
    const std::vector<std::string> pieces = {
        "\xE6\x88\x91", "\xE4\xBD\xA0", "\xE6\x97\xA5", "\xE6\x9C\xAC", "\xE8\xAA\x9E",
        "\xE3\x81\x93", "\xE3\x82\x93", "\xE3\x81\xAB", "\xE3\x81\xA1", "\xE3\x81\xAF",
        "\xE6\x96\x87", "\xE7\xAB\xA0", "\xE4\xB8\x96", "\xE7\x95\x8C", "\xEC\x95\x88"};
    std::mt19937_64 rng{7};
    std::string out;
    while (out.size() < (1u << 20)) {
      out += pieces[rng() % pieces.size()];
      const auto r = rng() % 30;
      if (r == 0)
        out += "\xE3\x80\x82";  // 。
      else if (r == 1)
        out += "\xE3\x80\x81";  // 、
      else if (r == 2)
        out += "\n";
    }
    return out;
  }();
  return text;
}

uint64_t naive_isspace_words(std::string_view s) {
  uint64_t n = 0;
  bool in_word = false;
  for (const char ch : s) {
    const bool space = std::isspace(static_cast<unsigned char>(ch)) != 0;
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

uint64_t memchr_spaces(std::string_view s) {
  uint64_t n = 0;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    const void* hit = std::memchr(p, ' ', static_cast<std::size_t>(end - p));
    if (hit == nullptr) break;
    ++n;
    p = static_cast<const char*>(hit) + 1;
  }
  return n;
}

// Thread CPU time, not wall time: the machine is shared and wall clocks include waiting
// for a core, which would make the ratio below a measure of the neighbours' load.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <class F>
double bytes_per_second(const std::string& buf, F&& f, int rounds) {
  double best = 0;
  for (int i = 0; i < rounds; ++i) {
    const double t0 = cpu_seconds();
    benchmark::DoNotOptimize(f(buf));
    best = std::max(best, static_cast<double>(buf.size()) / (cpu_seconds() - t0));
  }
  return best;
}

// memchr's rate on the English buffer, measured once per process (best of 10 passes of
// CPU time).
double memchr_rate() {
  static const double rate = bytes_per_second(english_buffer(), memchr_spaces, 10);
  return rate;
}

template <class F>
void run(benchmark::State& state, const std::string& buf, F&& f, bool ratio) {
  if (ratio) (void)memchr_rate();  // measure outside the timed region
  uint64_t result = 0;
  const double t0 = cpu_seconds();
  for (auto _ : state) {
    result = f(buf);
    benchmark::DoNotOptimize(result);
  }
  const double dt = cpu_seconds() - t0;
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * buf.size()));
  state.counters["result"] = static_cast<double>(result);
  if (ratio) {
    const double rate = static_cast<double>(state.iterations() * buf.size()) / dt;
    state.counters["ratio_vs_memchr"] = rate / memchr_rate();
    state.counters["memchr_GBps"] = memchr_rate() / 1e9;
  }
}

void BM_English_CountWords(benchmark::State& s) {
  run(
      s, english_buffer(), [](std::string_view b) { return wm::text::count_words(b); }, true);
}
void BM_English_CountWordsScalar(benchmark::State& s) {
  run(
      s, english_buffer(), [](std::string_view b) { return wm::text::count_words_scalar(b); },
      true);
}
void BM_English_NaiveIsspace(benchmark::State& s) {
  run(s, english_buffer(), naive_isspace_words, true);
}
void BM_English_MemchrSpaces(benchmark::State& s) {
  run(s, english_buffer(), memchr_spaces, true);
}
void BM_English_CountCodePoints(benchmark::State& s) {
  run(
      s, english_buffer(), [](std::string_view b) { return wm::text::count_code_points(b); }, true);
}
void BM_English_ComputeTextStats(benchmark::State& s) {
  run(
      s, english_buffer(),
      [](std::string_view b) { return wm::compute_text_stats(b).value().words; }, true);
}
void BM_English_ContentDigest(benchmark::State& s) {
  run(
      s, english_buffer(), [](std::string_view b) { return wm::sqlite::digest_content(b).words; },
      true);
}
void BM_English_Sha256Hex(benchmark::State& s) {
  run(
      s, english_buffer(),
      [](std::string_view b) { return static_cast<uint64_t>(wm::sqlite::sha256_hex(b)[0]); }, true);
}
void BM_AsciiOnly_CountWords(benchmark::State& s) {
  run(
      s, ascii_buffer(), [](std::string_view b) { return wm::text::count_words(b); }, true);
}
void BM_AsciiOnly_MemchrSpaces(benchmark::State& s) {
  run(s, ascii_buffer(), memchr_spaces, true);
}
void BM_Cjk1MiB_CountWords(benchmark::State& s) {
  run(
      s, cjk_buffer(), [](std::string_view b) { return wm::text::count_words(b); }, false);
}
void BM_Cjk1MiB_CountWordsScalar(benchmark::State& s) {
  run(
      s, cjk_buffer(), [](std::string_view b) { return wm::text::count_words_scalar(b); }, false);
}
void BM_Cjk1MiB_NaiveIsspace(benchmark::State& s) {
  run(s, cjk_buffer(), naive_isspace_words, false);
}
void BM_Cjk1MiB_MemchrSpaces(benchmark::State& s) {
  run(s, cjk_buffer(), memchr_spaces, false);
}
void BM_Cjk1MiB_CountCodePoints(benchmark::State& s) {
  run(
      s, cjk_buffer(), [](std::string_view b) { return wm::text::count_code_points(b); }, false);
}

}  // namespace

BENCHMARK(BM_English_CountWords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_CountWordsScalar)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_NaiveIsspace)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_MemchrSpaces)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_CountCodePoints)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_ComputeTextStats)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_ContentDigest)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_English_Sha256Hex)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AsciiOnly_CountWords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AsciiOnly_MemchrSpaces)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cjk1MiB_CountWords)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Cjk1MiB_CountWordsScalar)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Cjk1MiB_NaiveIsspace)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Cjk1MiB_MemchrSpaces)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Cjk1MiB_CountCodePoints)->Unit(benchmark::kMicrosecond);
