#pragma once
// What the store keeps about a content besides the text: its SHA-256 (hex) and the
// cheap counts list views show. A document actor computes it on a scheduler worker and
// hands it to the store with the write, so the one store thread does not hash every
// edit (adapters/sqlite/content_digest.hpp computes it; the store trusts it as given).
// Local only (never crosses nodes), so no CAF header: the store library stays CAF-free.
#include <cstdint>
#include <string>

namespace wm {

struct content_digest {
  std::string sha256_hex;
  uint64_t words = 0;
  uint64_t code_points = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, content_digest& x) {
  return f(x.sha256_hex, x.words, x.code_points);
}

}  // namespace wm
