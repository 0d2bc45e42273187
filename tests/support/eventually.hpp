#pragma once
// Polls a condition until it holds or a generous bound passes. Not a timing assertion:
// the bound only keeps a broken build from hanging; passing runs return as soon as the
// condition holds.
#include <chrono>
#include <thread>

namespace wm::testing {

template <class Predicate>
bool eventually(Predicate&& pred, std::chrono::milliseconds bound = std::chrono::seconds(20)) {
  auto until = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

}  // namespace wm::testing
