#pragma once
// The AI subtree's configuration, typed: one provider_settings per configured provider (in
// fallback order), the gateway's deadline and default, and the writing prompts. Pure: built from
// a wm::config once at start, or directly by tests and embedders.
#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "actors/resilience/circuit_breaker_config.hpp"
#include "actors/resilience/retry_budget.hpp"
#include "actors/resilience/retry_policy.hpp"
#include "adapters/codecs/provider_kind.hpp"
#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm {

class config;

namespace ai {

struct provider_settings {
  std::string name;
  codecs::provider_kind kind = codecs::provider_kind::openai;
  std::string base_url;     // without trailing '/'
  std::string model;        // used when a request names none
  std::string api_key_env;  // NAME of the variable holding the key
  // The key itself, when an embedder hands it over in memory (the C facade's apiKeys); then
  // api_key_env is not read. Never logged: the provider registers it as a secret.
  std::string api_key;
  std::chrono::milliseconds attempt_timeout{60'000};
  std::chrono::milliseconds connect_timeout{10'000};
  resilience::retry_policy_config retry;
  resilience::retry_budget_config budget;
  resilience::circuit_breaker_config breaker = resilience::circuit_breaker_config::defaults();
};

struct writer_settings {
  std::string system_prompt;
  std::array<std::string, std::size(all_writing_ops)> templates;  // indexed by writing_op
  std::size_t max_context_chars = 100'000;                        // code points of the text
};

// Default writing prompts (the built-in values of ai.prompt.*).
writer_settings default_writer_settings();

struct ai_settings {
  std::vector<provider_settings> providers;  // fallback order
  std::string default_provider;              // empty: the first
  std::chrono::milliseconds request_deadline{120'000};
  writer_settings writer = default_writer_settings();
};

// ai.system_prompt, ai.max_context_chars and ai.prompt.*: what the writing operations need
// (the HTTP API and the C facade build their requests with it).
writer_settings writer_settings_from(const config& cfg);

// Every ai.* and provider.* key of `cfg`.
result<ai_settings> ai_settings_from(const config& cfg);

// API keys handed over in memory, by provider name.
using provider_keys = std::map<std::string, std::string, std::less<>>;

// Gives each named provider its key; invalid_input naming the first unknown provider.
status apply_provider_keys(ai_settings& settings, const provider_keys& keys);

// POST target of a provider: <base>/chat/completions (openai) or <base>/v1/messages
// (anthropic), the base URL's trailing slashes removed.
std::string completion_url(const provider_settings& p);

}  // namespace ai
}  // namespace wm
