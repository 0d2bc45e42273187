#pragma once
// A one-line text progress bar for the shell (drawn only when stdout is a terminal):
//   render_progress_bar(0.42, 20) == "[########            ]  42%"
#include <cstddef>
#include <string>

namespace wm::cli {

// fraction is clamped to 0..1 (NaN counts as 0); width is the number of cells between the
// brackets (at least 1).
std::string render_progress_bar(double fraction, std::size_t width);

}  // namespace wm::cli
