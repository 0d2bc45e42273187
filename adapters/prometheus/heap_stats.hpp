#pragma once
// tcmalloc heap statistics, read through gperftools' C API when tcmalloc is linked into
// the process (looked up at run time, so libraries need not link it; sanitizer builds
// and embedders without tcmalloc simply report nothing).
#include <cstdint>
#include <optional>

namespace wm {

struct heap_stats {
  uint64_t allocated_bytes = 0;  // generic.current_allocated_bytes
  uint64_t heap_size_bytes = 0;  // generic.heap_size
  uint64_t free_bytes = 0;       // tcmalloc.pageheap_free_bytes
  uint64_t unmapped_bytes = 0;   // tcmalloc.pageheap_unmapped_bytes
};

std::optional<heap_stats> read_heap_stats();

}  // namespace wm
