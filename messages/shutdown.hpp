#pragma once
// Shutdown coordination vocabulary: phases, and the report of a whole shutdown.
#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace wm {

// Phases run in this order; each subscriber acks its phase before a deadline.
enum class shutdown_phase : uint8_t { stop_intake = 0, drain = 1, flush = 2, close = 3 };

inline constexpr shutdown_phase all_shutdown_phases[] = {
    shutdown_phase::stop_intake, shutdown_phase::drain, shutdown_phase::flush,
    shutdown_phase::close};

const char* to_string(shutdown_phase x) noexcept;

enum class shutdown_outcome : uint8_t { acked, cut, already_down };

const char* to_string(shutdown_outcome x) noexcept;

struct shutdown_step {
  std::string subscriber;
  shutdown_phase phase = shutdown_phase::stop_intake;
  shutdown_outcome outcome = shutdown_outcome::acked;
  int64_t elapsed_ms = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shutdown_step& x) {
  return f(caf::meta::type_name("wm.shutdown_step"), x.subscriber, x.phase, x.outcome,
           x.elapsed_ms);
}

struct shutdown_report {
  std::vector<shutdown_step> steps;
  int64_t total_ms = 0;
  bool clean = true;  // every subscriber acked in time
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shutdown_report& x) {
  return f(caf::meta::type_name("wm.shutdown_report"), x.steps, x.total_ms, x.clean);
}

}  // namespace wm
