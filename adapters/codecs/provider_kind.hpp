#pragma once
// Which wire format a provider speaks. "openai" also covers OpenAI-compatible local servers
// (llama.cpp, Ollama, vLLM).
#include <optional>
#include <string_view>

namespace wm::codecs {

enum class provider_kind { openai, anthropic };

constexpr std::string_view to_string(provider_kind kind) noexcept {
  return kind == provider_kind::openai ? "openai" : "anthropic";
}

constexpr std::optional<provider_kind> provider_kind_from_string(std::string_view name) noexcept {
  if (name == "openai") return provider_kind::openai;
  if (name == "anthropic") return provider_kind::anthropic;
  return std::nullopt;
}

}  // namespace wm::codecs
