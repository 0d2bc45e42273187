#pragma once
// Which providers a request goes to, in order. Pure.
#include <string>
#include <string_view>
#include <vector>

namespace wm::ai {

struct route_step {
  std::string provider;
  std::string model;  // empty: the provider's configured model
};

// The first step is the provider named by a "provider/model" prefix of `model` (when that names
// a configured provider), else `default_provider` (when configured), else the first of
// `providers`; the others follow in `providers` order (the fallback order). A model the request
// names applies to the first step only: a fallback provider runs its own configured model.
// A model with a '/' whose prefix is not a provider (e.g. "meta-llama/Llama-3-8B") is passed
// through whole. Empty when no provider is configured.
std::vector<route_step> plan_route(const std::vector<std::string>& providers,
                                   std::string_view default_provider, std::string_view model);

}  // namespace wm::ai
