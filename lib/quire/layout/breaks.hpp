#pragma once
// Where a line may break inside a word (a run of text without spaces): UAX #14 opportunities from the
// text stage (text/breaks.hpp: ICU, with dictionaries for Thai, Lao, Khmer and Myanmar words; after
// dashes and slashes, inside URLs, between CJK ideographs; never before closing punctuation, inside
// emoji sequences or between Hangul letters), plus hyphenation points from Liang patterns (hyphenate.hpp).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quire::layout {

// What the document asks for: its language (BCP 47, e.g. "en-US", "ko") and whether to hyphenate.
struct BreakRules {
  std::string lang;
  bool hyphenate = false;
};

struct WordBreak {
  enum class Kind : std::uint8_t {
    Plain,        // after a slash, inside a URL, …: a penalty
    AfterDash,    // after a hyphen or dash already in the text: flagged, nothing added
    Ideographic,  // between CJK characters, or Thai/Lao/Khmer/Myanmar words: zero-width glue
    Hyphen,       // a hyphenation point: a hyphen is added when the line breaks here
  };
  std::size_t offset = 0;  // the break goes before this byte of the word
  Kind kind = Kind::Plain;
};

// The breaks inside `word`, in increasing offset. Bytes whose `raised` entry is true (footnote marks)
// never start a line and take no part in the hyphenation checks; `raised` may be empty.
std::vector<WordBreak> word_breaks(std::string_view word, const std::vector<bool>& raised, const BreakRules& rules);

}  // namespace quire::layout
