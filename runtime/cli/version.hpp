#pragma once
namespace wm {
// Semantic version of the runtime, the binaries and the C facade.
inline constexpr const char* version_string = "0.1.0";
}  // namespace wm
