#pragma once
// Reading chat messages out of request bodies (ours and OpenAI's share the shape).
#include <simdjson.h>

#include <string_view>
#include <vector>

#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm::http_api {

// [{role, content}] where role is system|user|assistant and content a string or (OpenAI) an
// array of {"type":"text","text":...} parts. `field` names the array in error messages.
result<std::vector<chat_message>> read_chat_messages(simdjson::dom::array arr,
                                                     std::string_view field);

// OpenAI finish reasons from the gateway's/providers' (end_turn -> stop, max_tokens -> length).
std::string_view openai_finish_reason(std::string_view reason);

}  // namespace wm::http_api
