#include "runtime/cli/progress_bar.hpp"

#include <cmath>
#include <cstdio>

namespace wm::cli {

std::string render_progress_bar(double fraction, std::size_t width) {
  if (!(fraction >= 0)) fraction = 0;  // also NaN
  if (fraction > 1) fraction = 1;
  if (width == 0) width = 1;
  auto filled = static_cast<std::size_t>(std::floor(fraction * static_cast<double>(width)));
  std::string out;
  out.reserve(width + 8);
  out.push_back('[');
  out.append(filled, '#');
  out.append(width - filled, ' ');
  out.push_back(']');
  char pct[8];
  std::snprintf(pct, sizeof pct, " %3d%%", static_cast<int>(std::floor(fraction * 100)));
  out += pct;
  return out;
}

}  // namespace wm::cli
