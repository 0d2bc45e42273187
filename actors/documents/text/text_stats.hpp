#pragma once
// Text statistics of a UTF-8 document: words, code points, graphemes, sentences,
// paragraphs, syllables, reading time, Flesch reading ease and Flesch-Kincaid grade.
//
// Definitions (the tests pin them down):
//  - words: see char_class.hpp (CJK one word per character); equals text::count_words().
//  - characters: code points; graphemes: extended grapheme clusters (UAX #29, utf8proc).
//  - sentences: a run of . ! ? ‼ ⁇ ⁈ ⁉ … ; ؟ ۔ । ॥ (optionally followed by closing quotes,
//    brackets, * or _) ends a sentence when whitespace or the end of text follows; 。！？｡
//    end one immediately. A "." right after a one-letter word ("e.g.", "J. Smith") or
//    after Mr Mrs Ms Dr Prof Sr Jr St vs does not. A paragraph end and the end of text
//    close a sentence that has words but no terminator. Sentences without words don't count.
//  - paragraphs: maximal runs of lines that hold something other than whitespace,
//    separated by blank lines (or U+2029). Line ends: LF, CR, CRLF, VT, FF, NEL, U+2028.
//  - syllables: English heuristic per word (syllables.hpp); one per CJK character.
//  - reading time: words / 230 words per minute, in seconds.
//  - Flesch formulas as published, not clamped; a text without words gets 0 for both.
#include <string_view>

#include "messages/result.hpp"
#include "messages/text_stats.hpp"

namespace wm {

inline constexpr double reading_words_per_minute = 230.0;

// Fails with errc::invalid_input (message names the byte offset) on invalid UTF-8.
result<text_stats> compute_text_stats(std::string_view utf8);

// "Very Easy" >= 90, "Easy" >= 80, "Fairly Easy" >= 70, "Standard" >= 60,
// "Fairly Difficult" >= 50, "Difficult" >= 30, else "Very Difficult" (NaN included).
std::string_view readability_level(double flesch_reading_ease) noexcept;

}  // namespace wm
