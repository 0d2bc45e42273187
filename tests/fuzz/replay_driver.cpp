// Stand-in for libFuzzer when the compiler has none (GCC builds): replays every file of
// the seed corpus, then a bounded number of deterministic mutations of them, through
// LLVMFuzzerTestOneInput. Crashes and sanitizer reports surface as a failing ctest.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> load_corpus(int argc, char** argv) {
  std::vector<std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path root{argv[i]};
    if (!std::filesystem::exists(root)) continue;
    auto add = [&](const std::filesystem::path& p) {
      std::ifstream in{p, std::ios::binary};
      inputs.emplace_back(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
    };
    if (std::filesystem::is_directory(root)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator{root})
        if (entry.is_regular_file()) add(entry.path());
    } else {
      add(root);
    }
  }
  if (inputs.empty()) inputs.emplace_back();
  return inputs;
}

std::string mutate(const std::vector<std::string>& corpus, std::mt19937_64& rng) {
  std::string s = corpus[rng() % corpus.size()];
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits; ++e) {
    switch (rng() % 6) {
      case 0:  // flip a bit
        if (!s.empty()) s[rng() % s.size()] ^= static_cast<char>(1u << (rng() % 8));
        break;
      case 1:  // insert a random byte
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(s.empty() ? 0 : rng() % (s.size() + 1)),
                 static_cast<char>(rng() & 0xff));
        break;
      case 2:  // truncate
        if (!s.empty()) s.resize(rng() % s.size());
        break;
      case 3:  // splice with another input
        s += corpus[rng() % corpus.size()];
        break;
      case 4:  // duplicate a slice
        if (!s.empty()) {
          auto at = rng() % s.size();
          s.insert(at, s.substr(at, rng() % 64));
        }
        break;
      default:  // overwrite with an interesting byte
        if (!s.empty()) {
          static constexpr char interesting[] = {'\0', '\n', '\r', ':',    '"',
                                                 '{',  '}',  '\\', '\xff', '\xc3'};
          s[rng() % s.size()] = interesting[rng() % sizeof(interesting)];
        }
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const auto corpus = load_corpus(argc, argv);
  for (const auto& input : corpus)
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  std::mt19937_64 rng{0x5eed};
  constexpr int mutations = 20000;
  for (int i = 0; i < mutations; ++i) {
    auto input = mutate(corpus, rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("replayed %zu corpus inputs and %d mutations\n", corpus.size(), mutations);
  return 0;
}
