#include "adapters/prometheus/heap_stats.hpp"

#include <dlfcn.h>

#include <cstddef>

namespace wm {

std::optional<heap_stats> read_heap_stats() {
  using getter = int (*)(const char*, size_t*);
  static auto get =
      reinterpret_cast<getter>(dlsym(RTLD_DEFAULT, "MallocExtension_GetNumericProperty"));
  if (get == nullptr) return std::nullopt;
  auto read = [](const char* name) -> uint64_t {
    size_t value = 0;
    return get(name, &value) ? value : 0;
  };
  heap_stats out;
  out.allocated_bytes = read("generic.current_allocated_bytes");
  out.heap_size_bytes = read("generic.heap_size");
  out.free_bytes = read("tcmalloc.pageheap_free_bytes");
  out.unmapped_bytes = read("tcmalloc.pageheap_unmapped_bytes");
  return out;
}

}  // namespace wm
