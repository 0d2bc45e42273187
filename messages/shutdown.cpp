#include "messages/shutdown.hpp"

namespace wm {

const char* to_string(shutdown_phase x) noexcept {
  switch (x) {
    case shutdown_phase::stop_intake:
      return "stop_intake";
    case shutdown_phase::drain:
      return "drain";
    case shutdown_phase::flush:
      return "flush";
    case shutdown_phase::close:
      return "close";
  }
  return "?";
}

const char* to_string(shutdown_outcome x) noexcept {
  switch (x) {
    case shutdown_outcome::acked:
      return "acked";
    case shutdown_outcome::cut:
      return "cut";
    case shutdown_outcome::already_down:
      return "already_down";
  }
  return "?";
}

}  // namespace wm
