#pragma once
// Text statistics of a document, as writing tools show them.
#include <caf/meta/type_name.hpp>

#include <cstdint>

namespace wm {

struct text_stats {
  uint64_t words = 0;       // CJK ideographs / kana / hangul count one each
  uint64_t characters = 0;  // Unicode code points
  uint64_t graphemes = 0;   // user-perceived characters (extended grapheme clusters)
  uint64_t sentences = 0;
  uint64_t paragraphs = 0;
  uint64_t syllables = 0;           // English heuristic, feeds the Flesch formulas
  double reading_time_seconds = 0;  // words / 230 wpm
  double flesch_reading_ease = 0;
  double flesch_kincaid_grade = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, text_stats& x) {
  return f(caf::meta::type_name("wm.text_stats"), x.words, x.characters, x.graphemes, x.sentences,
           x.paragraphs, x.syllables, x.reading_time_seconds, x.flesch_reading_ease,
           x.flesch_kincaid_grade);
}

}  // namespace wm
