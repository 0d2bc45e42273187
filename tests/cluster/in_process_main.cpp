// main() for test binaries that run several wm::node instances in one process: see
// parked_nodes.hpp for why they end with std::_Exit instead of returning.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "tests/cluster/parked_nodes.hpp"

namespace wm::testing {

namespace {
// Reachable from a global, so leak checkers do not report the parked nodes.
std::vector<node*>* parked = new std::vector<node*>;
}  // namespace

void park(std::unique_ptr<node> n) {
  if (!n) return;
  n->stop();
  parked->push_back(n.release());
}

}  // namespace wm::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const int rc = RUN_ALL_TESTS();
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(rc);
}
