// Fuzz target for the cluster.seeds parser: any bytes give a list or an error, and every
// parsed entry prints back to text that parses to the same entry.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "actors/cluster/seed_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto seeds = wm::cluster::parse_seed_list(text);
  if (!seeds) {
    if (seeds.error().message.empty()) std::abort();
    return 0;
  }
  for (const auto& ep : *seeds) {
    auto again = wm::cluster::parse_endpoint(ep.to_string());
    if (!again || !(*again == ep) || ep.port == 0) std::abort();
  }
  return 0;
}
