#pragma once
// What fuzz targets assert with: abort on a broken property (libFuzzer and the replay driver
// both report an abort as a crash), and "refused clearly": a failure is invalid_input with a
// message.
#include <cstdlib>

#include "messages/result.hpp"

namespace wm::fuzz {

inline void check(bool ok) {
  if (!ok) std::abort();
}

// True when r failed, after checking that it failed the way bad input must.
template <class T>
bool refused_clearly(const result<T>& r) {
  if (r.ok()) return false;
  check(r.error().code == errc::invalid_input && !r.error().message.empty());
  return true;
}

}  // namespace wm::fuzz
