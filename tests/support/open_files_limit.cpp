#include "tests/support/open_files_limit.hpp"

#include <sys/resource.h>

namespace wm::testing {

std::size_t raise_open_files_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);  // on failure the limit read back below says what we have
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  return static_cast<std::size_t>(lim.rlim_cur);
}

}  // namespace wm::testing
