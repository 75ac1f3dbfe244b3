#pragma once
// The Unicode Bidirectional Algorithm (UAX #9, through ICU's ubidi): embedding levels of a paragraph,
// and the visual order of one line. Offsets are byte offsets into the UTF-8 text.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace quire::text {

enum class Direction : std::uint8_t { Auto, Ltr, Rtl };

// Bytes [begin, end) at one embedding level: even is left-to-right, odd right-to-left.
struct LevelRun {
  std::size_t begin = 0, end = 0;
  std::uint8_t level = 0;
};

struct BidiParagraph {
  std::uint8_t base_level = 0;  // 0 or 1: the paragraph's direction
  std::vector<LevelRun> runs;   // in logical order, covering the text (none for empty text)
};

// The resolved levels of a paragraph. `base` Auto takes the direction of the first strong character
// outside isolates (rules P2, P3), left-to-right when there is none. Text without right-to-left
// characters, Arabic digits or directional controls, and a base other than Rtl, is one level-0 run at
// once. Rule L1 is applied at the paragraph's end and at segment separators (tabs); whitespace at the
// end of each line is the caller's, since only it knows where lines end. Malformed bytes count as
// U+FFFD (neutral).
BidiParagraph bidi_runs(std::string_view utf8, Direction base);

// Rule L2 for one line: given the levels of the line's items in logical order, the items' logical
// indices in visual (left-to-right) order.
std::vector<std::size_t> visual_order(const std::vector<std::uint8_t>& levels);

// Ltr or Rtl from the first strong character outside isolates (rule P2), Auto when there is none.
Direction first_strong_direction(std::string_view utf8);

// Rtl for languages written right to left — a BCP 47 tag or a POSIX-style locale ("ar", "ar-EG",
// "fa_IR", "he", "ur", "az-Arab"; the script is the tag's or the language's likely one), else Auto.
Direction language_direction(std::string_view bcp47);

}  // namespace quire::text
