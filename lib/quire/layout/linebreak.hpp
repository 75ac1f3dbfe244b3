#pragma once
// Line breaking over a box/glue/penalty list (Knuth & Plass's model): greedy first fit
// (Linebreaks::Simple) or Knuth–Plass total fit over the whole paragraph (Linebreaks::Optimized).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace quire::layout {

inline constexpr double kForcedBreak = -10000;  // a penalty at or below this always breaks
inline constexpr double kNoBreak = 10000;       // a penalty at or above this never breaks

struct Node {
  enum class Kind : std::uint8_t { Box, Glue, Penalty };
  Kind kind = Kind::Box;
  double width = 0;                    // box: natural width; glue: natural space; penalty: width if broken here
  double stretch = 0, shrink = 0;      // glue only
  double penalty = 0;                  // penalty only
  std::uint32_t first = 0, count = 0;  // box: its pieces; penalty: what is drawn if broken here (a hyphen)
  bool flagged = false;                // penalty: a hyphen break (two in a row cost extra demerits)
  bool hyphenation = false;            // penalty: a hyphenation point (skipped by the first pass)

  static Node box(double width, std::uint32_t first, std::uint32_t count) {
    return {Kind::Box, width, 0, 0, 0, first, count, false, false};
  }
  static Node glue(double width, double stretch, double shrink) {
    return {Kind::Glue, width, stretch, shrink, 0, 0, 0, false, false};
  }
  // A place to break at the cost of `penalty`; `width` is added to the line only if it breaks here.
  static Node optional_break(double penalty, double width = 0, bool flagged = false) {
    return {Kind::Penalty, width, 0, 0, penalty, 0, 0, flagged, false};
  }
  static Node forced_break() { return {Kind::Penalty, 0, 0, 0, kForcedBreak, 0, 0, false, false}; }
  bool is_forced() const { return kind == Kind::Penalty && penalty <= kForcedBreak; }
};

// The width of each line, the last entry repeating for every later line (hanging indents, shapes).
struct LineWidths {
  std::vector<double> widths;
  double at(std::size_t line) const { return widths[line < widths.size() ? line : widths.size() - 1]; }
};

// Where each line ends: for line k, the index of the glue or penalty it breaks at (that glue is
// dropped; a penalty's width stays on the line). The list should end with a forced break, which is
// then the last entry. Lines begin after their break, skipping glue and penalties.
enum class Linebreaks { Simple, Optimized };
std::vector<std::size_t> break_lines(const std::vector<Node>& nodes, const LineWidths& widths,
                                     Linebreaks strategy = Linebreaks::Simple);

// The first node of the line that follows a break at `brk` (skips discardable glue and penalties);
// line_start(nodes, kLineStart) is where the first line begins.
inline constexpr std::size_t kLineStart = static_cast<std::size_t>(-1);
std::size_t line_start(const std::vector<Node>& nodes, std::size_t brk);

}  // namespace quire::layout
