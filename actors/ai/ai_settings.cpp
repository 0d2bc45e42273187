#include "actors/ai/ai_settings.hpp"

#include <algorithm>

#include "runtime/config/config.hpp"

namespace wm::ai {

namespace {

int64_t provider_number(const config& cfg, const std::string& name, const char* field,
                        int64_t fallback) {
  const auto* s = cfg.find("provider." + name + "." + field);
  return s != nullptr ? s->number : fallback;
}

std::chrono::milliseconds provider_ms(const config& cfg, const std::string& name, const char* field,
                                      std::chrono::milliseconds fallback) {
  return std::chrono::milliseconds{provider_number(cfg, name, field, fallback.count())};
}

}  // namespace

writer_settings default_writer_settings() {
  writer_settings w;
  w.system_prompt = "You are a careful writing assistant. Answer with the requested text only.";
  w.templates[static_cast<size_t>(writing_op::continue_text)] =
      "Continue the following text in the same voice and style.\n\n{text}";
  w.templates[static_cast<size_t>(writing_op::rewrite)] =
      "Rewrite the following text to be clearer and more concise, keeping its meaning.\n\n{text}";
  w.templates[static_cast<size_t>(writing_op::summarize)] =
      "Summarize the following text in a few sentences.\n\n{text}";
  w.templates[static_cast<size_t>(writing_op::proofread)] =
      "Correct spelling, grammar and punctuation in the following text. Change nothing "
      "else.\n\n{text}";
  return w;
}

writer_settings writer_settings_from(const config& cfg) {
  writer_settings out;
  out.system_prompt = cfg.get_string("ai.system_prompt");
  out.max_context_chars = static_cast<size_t>(cfg.get_int("ai.max_context_chars"));
  for (auto op : all_writing_ops)
    out.templates[static_cast<size_t>(op)] =
        cfg.get_string(std::string{"ai.prompt."} + to_string(op));
  return out;
}

result<ai_settings> ai_settings_from(const config& cfg) {
  using std::chrono::milliseconds;
  ai_settings out;
  out.default_provider = cfg.get_string("ai.default_provider");
  out.request_deadline = cfg.get_duration("ai.request_deadline");
  out.writer = writer_settings_from(cfg);
  for (const auto& p : cfg.providers()) {
    provider_settings s;
    s.name = p.name;
    auto kind = codecs::provider_kind_from_string(p.kind);
    if (!kind)
      return failure{errc::invalid_input, "provider " + p.name + ": unknown kind " + p.kind};
    s.kind = *kind;
    s.base_url = p.base_url;
    while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
    s.model = p.model;
    s.api_key_env = p.api_key_env;
    s.attempt_timeout = p.timeout;
    s.connect_timeout = provider_ms(cfg, p.name, "connect_timeout", milliseconds{10'000});
    s.retry.max_attempts = static_cast<uint32_t>(p.max_attempts);
    s.retry.base = provider_ms(cfg, p.name, "retry_base", milliseconds{500});
    s.retry.cap = provider_ms(cfg, p.name, "retry_cap", milliseconds{8000});
    s.retry.retry_after_cap = provider_ms(cfg, p.name, "retry_after_cap", milliseconds{60'000});
    const auto budget = provider_number(cfg, p.name, "retry_budget", 10);
    s.budget.token_bucket = budget > 0;
    s.budget.max_tokens = budget > 0 ? static_cast<double>(budget) : 1.0;
    auto& b = s.breaker;
    b.consecutive_failures =
        static_cast<uint32_t>(provider_number(cfg, p.name, "breaker_consecutive_failures", 5));
    b.failure_rate_threshold =
        static_cast<double>(provider_number(cfg, p.name, "breaker_failure_rate", 50));
    b.minimum_calls =
        static_cast<uint32_t>(provider_number(cfg, p.name, "breaker_minimum_calls", 10));
    b.window = resilience::window_kind::time_based;
    b.window_size = static_cast<uint32_t>(std::max<int64_t>(
        1, provider_ms(cfg, p.name, "breaker_window", milliseconds{60'000}).count() / 1000));
    b.open_duration = provider_ms(cfg, p.name, "breaker_open_duration", milliseconds{60'000});
    b.permitted_half_open_calls =
        static_cast<uint32_t>(provider_number(cfg, p.name, "breaker_half_open_calls", 3));
    b.slow_call_duration = provider_ms(cfg, p.name, "breaker_slow_call", milliseconds{30'000});
    b.strict_half_open = true;
    // Probes that never report (lost) must not wedge the breaker half-open.
    b.max_half_open_duration = 2 * s.attempt_timeout + std::chrono::seconds{1};
    out.providers.push_back(std::move(s));
  }
  return out;
}

status apply_provider_keys(ai_settings& settings, const provider_keys& keys) {
  for (const auto& entry : keys) {
    // Not a structured binding: clang 14 (the fuzz preset) cannot capture one.
    const auto& name = entry.first;
    auto it = std::find_if(settings.providers.begin(), settings.providers.end(),
                           [&](const provider_settings& p) { return p.name == name; });
    if (it == settings.providers.end())
      return failure{errc::invalid_input, "apiKeys: no provider named '" + name + "'"};
    it->api_key = entry.second;
  }
  return {};
}

std::string completion_url(const provider_settings& p) {
  std::string base = p.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + (p.kind == codecs::provider_kind::openai ? "/chat/completions" : "/v1/messages");
}

}  // namespace wm::ai
