#include "actors/ai/ai_services.hpp"

#include <caf/all.hpp>

#include "actors/ai/ai_module.hpp"
#include "actors/ai/gateway_actor.hpp"
#include "actors/ai/provider_actor.hpp"
#include "messages/service_names.hpp"
#include "runtime/config/config.hpp"
#include "runtime/logging/log.hpp"

namespace wm {

std::vector<child_spec> make_ai_services(ai::ai_settings settings,
                                         std::shared_ptr<metrics_registry> metrics,
                                         http_client_options client_options) {
  auto module = std::make_shared<ai::ai_module>(std::move(settings), metrics, client_options);
  supervisor_spec spec;
  spec.name = "ai";
  spec.strategy = restart_strategy::one_for_one;
  spec.metrics = module->metrics();
  for (const auto& p : module->settings().providers) {
    spec.children.push_back({"provider." + p.name, [module, p](caf::actor_system& sys) {
                               auto handle = ai::spawn_provider(sys, p, module);
                               module->set_provider(p.name, handle);
                               return caf::actor_cast<caf::actor>(handle);
                             }});
  }
  spec.children.push_back({"gateway", [module](caf::actor_system& sys) {
                             auto handle = ai::spawn_gateway(sys, module);
                             // put() keeps an existing entry: erase the previous incarnation's.
                             sys.registry().erase(services::gateway);
                             sys.registry().put(services::gateway,
                                                caf::actor_cast<caf::strong_actor_ptr>(handle));
                             return caf::actor_cast<caf::actor>(handle);
                           }});
  return {supervisor_child(std::move(spec))};
}

result<std::vector<child_spec>> make_ai_services(const config& cfg,
                                                 std::shared_ptr<metrics_registry> metrics,
                                                 const ai::provider_keys& keys) {
  auto settings = ai::ai_settings_from(cfg);
  if (!settings) {
    // The config was validated on load; this is a programming error. Start without providers
    // rather than not at all, and say why.
    log::error("", "AI settings: {}", settings.error().message);
    return make_ai_services(ai::ai_settings{}, std::move(metrics));
  }
  if (auto st = ai::apply_provider_keys(*settings, keys); !st) return st.error();
  return make_ai_services(std::move(*settings), std::move(metrics));
}

}  // namespace wm
