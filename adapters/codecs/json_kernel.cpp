#include "adapters/codecs/json_kernel.hpp"

#include "adapters/codecs/detail/json_reader.hpp"

namespace wm::codecs {

std::string_view json_kernel_name() noexcept {
  return detail::compiled_kernel();
}

std::string_view json_runtime_kernel_name() noexcept {
  static const std::string name = simdjson::get_active_implementation()->name();
  return name;
}

}  // namespace wm::codecs
