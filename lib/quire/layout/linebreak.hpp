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
// then the last entry. Lines begin after their break, skipping glue and penalties. A forced break
// ends its line ragged (as TeX's \parfillskip): the line before it may be as short as it likes.
//
// Simple: greedy first fit, hyphenation points used only for a word that fits no line on its own.
// Optimized: Knuth–Plass total fit with TeX's parameters (OptimalParams); greedy beyond its limits.
enum class Linebreaks { Simple, Optimized };
std::vector<std::size_t> break_lines(const std::vector<Node>& nodes, const LineWidths& widths,
                                     Linebreaks strategy = Linebreaks::Simple);

// The Knuth–Plass breaker's parameters, named and valued as in plain TeX except where noted.
struct OptimalParams {
  double pretolerance = 100;    // badness limit of the first pass, which ignores hyphenation points (< 0: skip it)
  double tolerance = 200;       // badness limit of the second pass, with hyphenation points
  double line_penalty = 10;     // added to every line's badness before squaring: fewer lines
  double adj_demerits = 10000;  // fitness classes of adjacent lines more than one apart
  // Two lines in a row ending with a flagged (hyphen) break, and a last line that begins with the end
  // of a hyphenated word: "never where avoidable", so far above any line within the tolerance
  // (plain TeX's 10000 and 5000 still left paragraphs ending in "organ-/isation." in the report).
  double double_hyphen_demerits = 1e6;
  double final_hyphen_demerits = 1e6;
  // When the best setting within `tolerance` still leaves the end of a hyphenated word alone on the
  // last line, the second pass is tried again up to this badness and its setting taken if it avoids
  // that. 400 with quire's stretch (½ space) is about as loose as LaTeX's 200 with the stretch of its
  // Times fonts (0.6 space), which is how LaTeX avoids such endings in the example report (0: never).
  double final_hyphen_tolerance = 400;
  double emergency_stretch = 0;  // added to every line's stretch in the final pass
  int looseness = 0;             // try for this many more (or fewer) lines than optimal
  // Pathological paragraphs go to greedy first fit: more nodes than this, or more active breakpoints
  // at once (docs/layout.md gives the measurements behind the defaults).
  std::size_t max_nodes = 20000;
  std::size_t max_active = 1000;
};

struct OptimalResult {
  std::vector<std::size_t> breaks;  // as break_lines returns them
  double demerits = 0;              // the total of the chosen breaks (0 when greedy)
  int pass = 0;                     // 1 first, 2 second (hyphenation), 3 final (any badness); 0 greedy
  std::size_t peak_active = 0;      // the most active breakpoints at once in the last pass run
};

OptimalResult break_optimal(const std::vector<Node>& nodes, const LineWidths& widths, const OptimalParams& params = {});

// TeX's badness of a line stretched (or shrunk) by `amount` out of `available`: 100 (amount/available)³,
// at most 10000 (kInfBad); 10000 when nothing is available.
inline constexpr double kInfBad = 10000;
double badness(double amount, double available);

// The first node of the line that follows a break at `brk` (skips discardable glue and penalties);
// line_start(nodes, kLineStart) is where the first line begins.
inline constexpr std::size_t kLineStart = static_cast<std::size_t>(-1);
std::size_t line_start(const std::vector<Node>& nodes, std::size_t brk);

}  // namespace quire::layout
