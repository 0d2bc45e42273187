#include "mobile/src/services.hpp"

namespace wm::mobile {

status add_services(const facade_config& fc, node_config& ncfg) {
  // Filled in as the documents and AI services land (see git log).
  (void)fc;
  (void)ncfg;
  return {};
}

}  // namespace wm::mobile
