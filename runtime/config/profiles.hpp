#pragma once
// The two compiled-in profiles. A profile is an overlay on the schema defaults (the lowest
// layer of the configuration); config/mobile.ini and config/server.ini are the same overlays
// written as INI, and a test keeps them in sync with these tables.
#include <string_view>
#include <vector>

namespace wm::config_profiles {

struct overlay_entry {
  std::string_view key;
  std::string_view value;  // canonical text
};

inline constexpr std::string_view default_profile = "server";

// nullptr for an unknown profile name.
const std::vector<overlay_entry>* find_profile(std::string_view name) noexcept;

// "mobile", "server".
const std::vector<std::string_view>& profile_names();

}  // namespace wm::config_profiles
