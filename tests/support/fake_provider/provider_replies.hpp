#pragma once
// The fake provider's answers as response plans: OpenAI or Anthropic bodies, error bodies in
// each provider's shape, SSE streams with their documented event sequences, and every
// scripted fault (delays, slow tokens, truncation, resets, malformed JSON, mid-stream errors).
#include <cstdint>

#include "tests/support/fake_provider/fake_behaviour.hpp"
#include "tests/support/fake_provider/request_facts.hpp"
#include "tests/support/fake_provider/response_plan.hpp"

namespace wm::fake {

enum class provider { openai, anthropic };

// The plan for provider request number `n` (it numbers ids) following behaviour `b`.
response_plan provider_reply(provider p, const fake_behaviour& b, const request_facts& facts,
                             uint64_t n);

}  // namespace wm::fake
