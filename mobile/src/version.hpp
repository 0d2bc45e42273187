#pragma once
// The library's version text, from the header's macros so the two cannot disagree.
#include "mobile/include/writemagic.h"

#define WM_STR2(x) #x
#define WM_STR(x) WM_STR2(x)

namespace wm::mobile {

inline constexpr const char* version_text =
    WM_STR(WM_VERSION_MAJOR) "." WM_STR(WM_VERSION_MINOR) "." WM_STR(WM_VERSION_PATCH);

}  // namespace wm::mobile
