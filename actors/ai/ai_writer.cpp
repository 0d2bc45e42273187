#include "actors/ai/ai_writer.hpp"

namespace wm::ai {

namespace {

bool is_continuation(unsigned char c) noexcept {
  return (c & 0xC0) == 0x80;
}

std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (unsigned char c : s) n += is_continuation(c) ? 0 : 1;
  return n;
}

}  // namespace

std::string_view trim_text(std::string_view text, std::size_t max_chars, bool keep_end) noexcept {
  if (count_code_points(text) <= max_chars) return text;
  if (max_chars == 0) return text.substr(text.size());
  std::size_t seen = 0;
  if (!keep_end) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
      if (seen == max_chars) return text.substr(0, i);
      ++seen;
    }
    return text;
  }
  for (std::size_t i = text.size(); i-- > 0;) {
    if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
    if (++seen == max_chars) return text.substr(i);
  }
  return text;
}

std::size_t trim_context(std::vector<chat_message>& messages, std::size_t max_chars) {
  std::size_t total = 0;
  for (const auto& m : messages) total += count_code_points(m.content);
  std::size_t removed = 0;
  // Drop the oldest non-system messages, but never the newest one.
  for (std::size_t i = 0; total > max_chars && i + 1 < messages.size();) {
    if (messages[i].role == "system") {
      ++i;
      continue;
    }
    const auto n = count_code_points(messages[i].content);
    total -= n;
    removed += n;
    messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(i));
  }
  if (total > max_chars && !messages.empty() && messages.back().role != "system") {
    auto& last = messages.back().content;
    const auto n = count_code_points(last);
    const auto over = total - max_chars;
    const auto keep = n > over ? n - over : 0;
    last = std::string{trim_text(last, keep, true)};
    removed += n - keep;
  }
  return removed;
}

std::string render_prompt(std::string_view templ, std::string_view text) {
  constexpr std::string_view placeholder = "{text}";
  std::string out;
  out.reserve(templ.size() + text.size());
  bool replaced = false;
  for (std::size_t pos = 0;;) {
    auto hit = templ.find(placeholder, pos);
    if (hit == std::string_view::npos) {
      out.append(templ.substr(pos));
      break;
    }
    out.append(templ.substr(pos, hit - pos));
    out.append(text);
    replaced = true;
    pos = hit + placeholder.size();
  }
  if (!replaced) {
    if (!out.empty()) out.append("\n\n");
    out.append(text);
  }
  return out;
}

std::optional<writing_op> writing_op_named(std::string_view name) noexcept {
  for (auto op : all_writing_ops)
    if (name == to_string(op)) return op;
  return std::nullopt;
}

std::string writing_op_names() {
  std::string out;
  for (std::size_t i = 0; i < std::size(all_writing_ops); ++i) {
    if (i > 0) out += i + 1 == std::size(all_writing_ops) ? " or " : ", ";
    out += to_string(all_writing_ops[i]);
  }
  return out;
}

result<completion_request> build_writing_request(const writer_settings& settings, writing_op op,
                                                 std::string_view text, completion_request base) {
  if (text.empty()) return failure{errc::invalid_input, "no text to work on"};
  const auto index = static_cast<std::size_t>(op);
  if (index >= settings.templates.size())
    return failure{errc::invalid_input, "unknown writing operation"};
  // continue needs the end of the text (where the writer stopped); the others its beginning.
  auto trimmed = trim_text(text, settings.max_context_chars, op == writing_op::continue_text);
  completion_request req = std::move(base);
  req.messages.clear();
  if (!settings.system_prompt.empty()) req.messages.push_back({"system", settings.system_prompt});
  req.messages.push_back({"user", render_prompt(settings.templates[index], trimmed)});
  return req;
}

}  // namespace wm::ai
