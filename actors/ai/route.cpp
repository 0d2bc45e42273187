#include "actors/ai/route.hpp"

#include <algorithm>

namespace wm::ai {

std::vector<route_step> plan_route(const std::vector<std::string>& providers,
                                   std::string_view default_provider, std::string_view model) {
  std::vector<route_step> out;
  if (providers.empty()) return out;
  auto known = [&](std::string_view name) {
    return std::find(providers.begin(), providers.end(), name) != providers.end();
  };
  std::string first;
  std::string first_model{model};
  if (auto slash = model.find('/');
      slash != std::string_view::npos && known(model.substr(0, slash))) {
    first = std::string{model.substr(0, slash)};
    first_model = std::string{model.substr(slash + 1)};
  } else if (!default_provider.empty() && known(default_provider)) {
    first = std::string{default_provider};
  } else {
    first = providers.front();
  }
  out.push_back({first, first_model});
  for (const auto& p : providers)
    if (p != first) out.push_back({p, {}});
  return out;
}

}  // namespace wm::ai
