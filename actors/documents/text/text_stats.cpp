#include "actors/documents/text/text_stats.hpp"

#include <utf8proc.h>

#include <array>

#include "actors/documents/text/char_class.hpp"
#include "actors/documents/text/syllables.hpp"
#include "actors/documents/text/utf8.hpp"
#include "actors/documents/text/utf8_decode.hpp"

namespace wm {
namespace {

using text::cp_class;

utf8proc_category_t category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool is_space(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  if (cp == 0x85) return true;
  const auto c = category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

bool is_line_break(char32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0x2028;
}

enum class terminator { none, needs_space, immediate };

terminator terminator_kind(char32_t cp) {
  switch (cp) {
    case '.':
    case '!':
    case '?':
    case 0x2026:  // …
    case 0x203C:
    case 0x2047:
    case 0x2048:
    case 0x2049:  // ‼ ⁇ ⁈ ⁉
    case 0x037E:
    case 0x061F:
    case 0x06D4:  // Greek ;  Arabic ؟ ۔
    case 0x0964:
    case 0x0965:  // Devanagari danda
      return terminator::needs_space;
    case 0x3002:
    case 0xFF61:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF0E:  // 。｡！？．
      return terminator::immediate;
    default:
      return terminator::none;
  }
}

// May sit between a terminator and the whitespace after it: 'He said "Stop!" and'.
bool is_closer(char32_t cp) {
  if (cp < 0x80)
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}' || cp == '*' || cp == '_';
  const auto c = category(cp);
  return c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF;
}

// A "." after these does not end a sentence.
bool is_abbreviation(std::string_view word) {
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  const auto* end = p + word.size();
  const text::decoded first = text::decode_one(p, end);
  if (first.len == word.size()) {  // one letter: initials, "e.g.", "i.e."
    const auto c = category(first.cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
  }
  if (word.size() > 4) return false;
  std::array<char, 4> lower{};
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view w{lower.data(), word.size()};
  static constexpr std::string_view list[] = {"mr", "mrs", "ms", "dr", "prof",
                                              "sr", "jr",  "st", "vs"};
  for (auto a : list)
    if (w == a) return true;
  return false;
}

class stats_builder {
 public:
  explicit stats_builder(std::string_view text) : text_(text) {}

  void feed(char32_t cp, std::size_t offset, std::size_t len) {
    ++s_.characters;
    count_grapheme(cp);

    const cp_class cls = text::classify(cp);
    const uint8_t old = word_state_;
    const unsigned started = text::word_step(cls, word_state_);
    if (old != 0 && (word_state_ == 0 || cls == cp_class::cjk)) finish_word();
    if (cls == cp_class::word) {
      if (started) word_begin_ = offset;
      word_end_ = offset + len;
    } else if (cls == cp_class::cjk) {
      ++s_.syllables;
      last_word_abbreviation_ = false;
    }
    s_.words += started;
    words_in_sentence_ += started;

    track_sentence(cp, cls, old);
    track_paragraph(cp, cls);
    prev_ = cp;
  }

  text_stats finish() {
    if (word_state_ != 0) finish_word();
    if (words_in_sentence_ > 0) close_sentence();
    if (s_.words > 0) {
      const double words = static_cast<double>(s_.words);
      const double sentences = static_cast<double>(s_.sentences > 0 ? s_.sentences : 1);
      const double syllables = static_cast<double>(s_.syllables);
      s_.reading_time_seconds = words / reading_words_per_minute * 60.0;
      s_.flesch_reading_ease = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words);
      s_.flesch_kincaid_grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
    }
    return s_;
  }

 private:
  void count_grapheme(char32_t cp) {
    if (s_.characters == 1) {
      s_.graphemes = 1;
    } else if (prev_ < 0x80 && cp < 0x80) {
      // Between two ASCII code points only CR LF stays together; utf8proc's state after
      // such a pair is its initial one, so resetting it keeps the next call exact.
      if (!(prev_ == '\r' && cp == '\n')) ++s_.graphemes;
      grapheme_state_ = 0;
    } else if (utf8proc_grapheme_break_stateful(static_cast<utf8proc_int32_t>(prev_),
                                                static_cast<utf8proc_int32_t>(cp),
                                                &grapheme_state_)) {
      ++s_.graphemes;
    }
  }

  void finish_word() {
    const auto word = text_.substr(word_begin_, word_end_ - word_begin_);
    s_.syllables += text::count_syllables(word);
    last_word_abbreviation_ = is_abbreviation(word);
  }

  void track_sentence(char32_t cp, cp_class cls, uint8_t word_state_before) {
    switch (terminator_kind(cp)) {
      case terminator::immediate:
        if (words_in_sentence_ > 0) close_sentence();
        return;
      case terminator::needs_space:
        if (words_in_sentence_ > 0 &&
            !(cp == '.' && word_state_before == 1 && last_word_abbreviation_))
          sentence_pending_ = true;
        return;
      case terminator::none:
        break;
    }
    if (!sentence_pending_) return;
    if (is_space(cp)) {
      close_sentence();
    } else if (!is_closer(cp) && cls != cp_class::transparent) {
      sentence_pending_ = false;  // "3.14", "example.com": not an end
    }
  }

  void track_paragraph(char32_t cp, cp_class cls) {
    if (cp == 0x2029) {
      end_line();
      end_paragraph();
    } else if (is_line_break(cp)) {
      if (!(cp == '\n' && prev_ == '\r')) end_line();
    } else if (cls != cp_class::transparent && !is_space(cp)) {
      line_has_content_ = true;
      if (!in_paragraph_) {
        in_paragraph_ = true;
        ++s_.paragraphs;
      }
    }
  }

  void end_line() {
    if (!line_has_content_) end_paragraph();  // a blank line
    line_has_content_ = false;
  }

  void end_paragraph() {
    in_paragraph_ = false;
    if (words_in_sentence_ > 0) close_sentence();
    sentence_pending_ = false;
  }

  void close_sentence() {
    ++s_.sentences;
    words_in_sentence_ = 0;
    sentence_pending_ = false;
  }

  std::string_view text_;
  text_stats s_;
  char32_t prev_ = 0;
  utf8proc_int32_t grapheme_state_ = 0;
  uint8_t word_state_ = 0;
  std::size_t word_begin_ = 0;
  std::size_t word_end_ = 0;
  bool last_word_abbreviation_ = false;
  uint64_t words_in_sentence_ = 0;
  bool sentence_pending_ = false;
  bool line_has_content_ = false;
  bool in_paragraph_ = false;
};

}  // namespace

result<text_stats> compute_text_stats(std::string_view utf8) {
  if (auto valid = text::validate_utf8(utf8); !valid) return valid.error();
  stats_builder builder{utf8};
  const auto* begin = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = begin + utf8.size();
  for (const auto* p = begin; p < end;) {
    const text::decoded d = text::decode_one(p, end);
    builder.feed(d.cp, static_cast<std::size_t>(p - begin), d.len);
    p += d.len;
  }
  return builder.finish();
}

std::string_view readability_level(double ease) noexcept {
  if (ease >= 90) return "Very Easy";
  if (ease >= 80) return "Easy";
  if (ease >= 70) return "Fairly Easy";
  if (ease >= 60) return "Standard";
  if (ease >= 50) return "Fairly Difficult";
  if (ease >= 30) return "Difficult";
  return "Very Difficult";
}

}  // namespace wm
