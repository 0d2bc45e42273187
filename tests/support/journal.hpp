#pragma once
// A list of lines that actors on several threads append to and a test reads whole, to
// check what happened and in which order.
#include <mutex>
#include <string>
#include <vector>

namespace wm::testing {

class journal {
 public:
  void add(std::string line) {
    std::lock_guard lock{mtx_};
    lines_.push_back(std::move(line));
  }
  std::vector<std::string> lines() const {
    std::lock_guard lock{mtx_};
    return lines_;
  }

 private:
  mutable std::mutex mtx_;
  std::vector<std::string> lines_;
};

}  // namespace wm::testing
