#include "actors/supervision/restart_intensity.hpp"

namespace wm {

void restart_intensity::expire(clock::time_point now) {
  while (!restarts_.empty() && now - restarts_.front() >= window_) restarts_.pop_front();
}

bool restart_intensity::record(clock::time_point now) {
  expire(now);
  restarts_.push_back(now);
  return restarts_.size() <= max_restarts_;
}

size_t restart_intensity::in_window(clock::time_point now) {
  expire(now);
  return restarts_.size();
}

}  // namespace wm
