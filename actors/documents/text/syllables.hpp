#pragma once
// English syllable estimate for one word, feeding the Flesch formulas. A heuristic
// (vowel groups, silent final e, -es/-ed endings), not a dictionary: it is right for
// most common words and off by one for some.
#include <cstdint>
#include <string_view>

namespace wm::text {

// `word` is the UTF-8 text of one word (letters, digits, inner ' and -). Latin letters
// with diacritics count as their base letter. A word without Latin letters (digits,
// other scripts) counts as one syllable. Never returns 0.
uint32_t count_syllables(std::string_view word) noexcept;

}  // namespace wm::text
