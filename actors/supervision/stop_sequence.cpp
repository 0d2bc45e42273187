#include "actors/supervision/stop_sequence.hpp"

#include <algorithm>

namespace wm {

void stop_sequence::ended(size_t child) {
  running_.at(child) = false;
}

void stop_sequence::stopped(size_t child) {
  if (awaiting_ == child) awaiting_.reset();
}

void stop_sequence::restart(const restart_plan& plan) {
  if (goal_ == goal::quit) return;
  goal_ = goal::restart;
  queue_.insert(queue_.end(), plan.to_stop.begin(), plan.to_stop.end());
  start_after_.insert(start_after_.end(), plan.to_start.begin(), plan.to_start.end());
}

void stop_sequence::quit() {
  if (goal_ == goal::quit) return;
  goal_ = goal::quit;
  start_after_.clear();
  queue_.clear();
  for (size_t i = running_.size(); i-- > 0;) queue_.push_back(i);
}

bool stop_sequence::shutdown_timed_out() {
  if (!awaiting_) return false;
  if (!killed_) {
    killed_ = true;
    return true;
  }
  awaiting_.reset();
  return false;
}

stop_step stop_sequence::next() {
  stop_step step;
  if (awaiting_) return step;
  while (!queue_.empty()) {
    const size_t child = queue_.front();
    queue_.pop_front();
    if (!running_[child]) continue;
    running_[child] = false;
    awaiting_ = child;
    killed_ = false;
    step.what = stop_step::kind::stop;
    step.child = child;
    return step;
  }
  if (goal_ == goal::quit) {
    if (quit_returned_) return step;
    quit_returned_ = true;
    step.what = stop_step::kind::quit;
    return step;
  }
  if (goal_ == goal::restart) {
    goal_ = goal::none;
    auto targets = std::move(start_after_);
    start_after_.clear();
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
    for (auto child : targets) {
      if (running_[child]) continue;
      running_[child] = true;
      step.children.push_back(child);
    }
    if (!step.children.empty()) step.what = stop_step::kind::start;
  }
  return step;
}

}  // namespace wm
