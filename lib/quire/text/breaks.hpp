#pragma once
// Where text may be divided: line-break opportunities (UAX #14, with ICU's dictionaries for Thai, Lao,
// Khmer, Myanmar and Chinese/Japanese) and extended grapheme clusters (UAX #29). Offsets are byte
// offsets into the UTF-8 text; malformed bytes count as U+FFFD.
#include <cstddef>
#include <string_view>
#include <vector>

namespace quire::text {

// The offsets (0 < offset < size) where a line may start, in increasing order, for text in language
// `lang` (BCP 47; may be empty). Emoji ZWJ sequences, modifiers and combining marks never split.
// Korean is kept whole (keep-all): no break between a Hangul character and a letter, digit or another
// Hangul character unless a space comes between, so Korean breaks only at its spaces.
std::vector<std::size_t> line_break_opportunities(std::string_view utf8, std::string_view lang);

// The boundaries of the extended grapheme clusters of `utf8`, from 0 to its size inclusive.
std::vector<std::size_t> grapheme_boundaries(std::string_view utf8);

// True for the characters whose words UAX #14 finds with a dictionary (Line_Break=SA: Thai, Lao,
// Khmer, Myanmar, Tai scripts): a break between two of them is between words that have no space.
bool breaks_by_dictionary(char32_t c);

}  // namespace quire::text
