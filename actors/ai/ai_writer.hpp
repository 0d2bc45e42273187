#pragma once
// Writing operations (continue, rewrite, summarize, proofread) as completion requests. Pure: a
// prompt template from config with a {text} placeholder, the text trimmed to the configured
// context size, and the system prompt kept.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/ai/ai_settings.hpp"
#include "messages/ai.hpp"
#include "messages/result.hpp"

namespace wm::ai {

// The text cut to at most `max_chars` code points on a code point boundary. keep_end: keep the
// last part (what `continue` needs), else the first part.
std::string_view trim_text(std::string_view text, std::size_t max_chars, bool keep_end) noexcept;

// Makes `messages` fit `max_chars` code points in total: system messages are always kept; the
// oldest other messages are dropped first; the newest one is cut (its start dropped) if it alone
// is still too long. Returns how many code points were removed.
std::size_t trim_context(std::vector<chat_message>& messages, std::size_t max_chars);

// The template with every "{text}" replaced by `text` (appended after a blank line when the
// template has no placeholder).
std::string render_prompt(std::string_view templ, std::string_view text);

// The operation named `name` as to_string(writing_op) spells it ("continue", "rewrite",
// "summarize", "proofread"); nullopt for any other name.
std::optional<writing_op> writing_op_named(std::string_view name) noexcept;

// The names above, for error messages: "continue, rewrite, summarize or proofread".
std::string writing_op_names();

// A completion request for the operation: [system prompt], user prompt from the template with
// the (trimmed) text. `base` carries the request's id and options (model, max_tokens,
// temperature, stream, deadline); its messages are replaced. errc::invalid_input for an
// empty text.
result<completion_request> build_writing_request(const writer_settings& settings, writing_op op,
                                                 std::string_view text,
                                                 completion_request base = {});

}  // namespace wm::ai
