#include "quire/layout/linebreak.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace quire::layout {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr double kEpsilon = 1e-9;

std::size_t skip_discardable(const std::vector<Node>& nodes, std::size_t i) {
  while (i < nodes.size() && nodes[i].kind != Node::Kind::Box && !nodes[i].is_forced()) ++i;
  return i;
}

}  // namespace

std::size_t line_start(const std::vector<Node>& nodes, std::size_t brk) {
  if (brk == kLineStart) return skip_discardable(nodes, 0);
  return brk >= nodes.size() ? nodes.size() : skip_discardable(nodes, brk + 1);
}

double badness(double amount, double available) {
  if (amount <= 0) return 0;
  if (available <= 0) return kInfBad;
  double ratio = amount / available;
  return ratio > 4.65 ? kInfBad : std::min(kInfBad, 100 * ratio * ratio * ratio);
}

namespace {

// ---- Greedy first fit -------------------------------------------------------------------------
// Fill each line with as many nodes as fit, break at the last legal breakpoint. A hyphenation point
// is used only when the line has no other breakpoint (a word too long for a line of its own). Each
// node is visited at most twice (once more after backing up to the breakpoint): linear time.
std::vector<std::size_t> break_greedy(const std::vector<Node>& nodes, const LineWidths& widths) {
  std::vector<std::size_t> breaks;
  std::size_t i = skip_discardable(nodes, 0), candidate = kNone, hyphen = kNone;
  double width = 0;
  bool open = false;  // the current line holds a box
  auto break_at = [&](std::size_t brk) {
    breaks.push_back(brk);
    i = skip_discardable(nodes, brk + 1);
    width = 0;
    candidate = hyphen = kNone;
    open = false;
  };
  while (i < nodes.size()) {
    const Node& n = nodes[i];
    double limit = widths.at(breaks.size());
    if (n.kind == Node::Kind::Box) {
      if (width + n.width > limit + kEpsilon && (candidate != kNone || hyphen != kNone)) {
        break_at(candidate != kNone ? candidate : hyphen);
        continue;
      }
      width += n.width;
      open = true;
    } else if (n.is_forced()) {
      break_at(i);
      continue;
    } else if (n.kind == Node::Kind::Glue) {
      if (i > 0 && nodes[i - 1].kind == Node::Kind::Box) candidate = i;
      width += n.width;
    } else if (n.penalty < kNoBreak && width + n.width <= limit + kEpsilon) {
      (n.hyphenation ? hyphen : candidate) = i;
    }
    ++i;
  }
  if (open) breaks.push_back(nodes.size());
  return breaks;
}

// ---- Knuth–Plass total fit --------------------------------------------------------------------
//
// Control flow, after TeX: The Program, part 38 "Breaking paragraphs into lines" (§§813–890):
//
//   break_optimal                                    §815 line_break
//     for pass in first, second, final               §863: pretolerance without hyphenation points,
//                                                      tolerance with them (§891 would hyphenate
//                                                      here; our points are in the list already),
//                                                      then any badness plus emergency stretch
//       for each legal breakpoint (glue after a box, penalty < 10000)      §866, §868
//         try_break                                  §829
//           for each active node a                   §832
//             the line a → here: width, stretch, shrink from prefix sums
//                                                    (TeX keeps delta nodes instead, §§832–843)
//             badness and fitness class              §851–§853
//             overfull, or a forced break: a leaves the active list,
//               unless it is the final pass's last hope (artificial demerits)   §854, §860
//             within the threshold: demerits         §855, §859
//               (line_penalty + b)² ± penalty², double/final hyphen, adj_demerits
//             remember the best per (line class, fitness class)               §855
//           new active nodes: each class's best within adj_demerits of the minimum  §835–§845
//         no active node left: the pass fails        §873
//     choose the best active node at the end; looseness          §874–§875
//   post_line_break: follow the passive chain back to the start  §877–§878
//
// Line classes: lines past the last one with its own width (easy_line, §848) are interchangeable,
// so their nodes compete in one class; with looseness ≠ 0 every line number is its own class.

enum Fitness { kTight = 0, kDecent = 1, kLoose = 2, kVeryLoose = 3 };
constexpr double kAwful = std::numeric_limits<double>::infinity();

struct Sums {
  double width = 0, stretch = 0, shrink = 0;
};

// A break chosen on some path, kept for post_line_break (TeX's passive node, §821).
struct Passive {
  std::size_t at;
  int prev;
};

// A break from which a line may still start (TeX's active node, §819).
struct Active {
  std::size_t at;     // the break (kLineStart: the paragraph's start)
  std::size_t start;  // the first node of the line after it
  int passive;        // -1 at the start
  int line;           // the number of the line that begins here, from 1
  int fitness;        // of the line that ends here
  bool flagged;       // that line ends with a flagged (hyphen) break
  double demerits;    // total up to here
};

struct Best {
  double demerits = kAwful;
  int passive = -1;
  int line = 0;
};

struct LineClass {
  int key = 0;
  Best best[4];
};

enum class Outcome { Found, Failed, Pathological };

class OptimalBreaker {
 public:
  OptimalBreaker(const std::vector<Node>& nodes, const LineWidths& widths, const OptimalParams& params)
      : nodes_(nodes), widths_(widths), p_(params), sums_(nodes.size() + 1) {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      sums_[i + 1] = sums_[i];
      if (nodes[i].kind == Node::Kind::Penalty) continue;
      sums_[i + 1].width += nodes[i].width;
      sums_[i + 1].stretch += nodes[i].stretch;
      sums_[i + 1].shrink += nodes[i].shrink;
    }
    std::size_t special = widths.widths.empty() ? 0 : widths.widths.size() - 1;
    easy_line_ = p_.looseness == 0 ? int(special) : std::numeric_limits<int>::max() - 1;
  }

  // One pass (1, 2 or 3, see above); on Found, result_ holds the breaks. With looseness, the final
  // pass keeps the tolerance: with any badness allowed, every line count is feasible and the active
  // list grows with the number of lines (break_optimal then retries without looseness).
  Outcome pass(int number) {
    pass_ = number;
    final_ = number == 3;
    threshold_ = number == 1 ? p_.pretolerance : number == 2 || p_.looseness != 0 ? p_.tolerance : kInfBad;
    background_ = final_ ? p_.emergency_stretch : 0;
    actives_.clear();
    passive_.clear();
    peak_ = 0;
    actives_.push_back(Active{kLineStart, line_start(nodes_, kLineStart), -1, 1, kDecent, false, 0});
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      if (!legal(i)) continue;
      try_break(i);
      if (actives_.empty()) return Outcome::Failed;
      peak_ = std::max(peak_, actives_.size());
      if (actives_.size() > p_.max_active) return Outcome::Pathological;
    }
    return choose();
  }

  OptimalResult result_;

 private:
  bool legal(std::size_t i) const {
    const Node& n = nodes_[i];
    if (n.kind == Node::Kind::Glue) return i > 0 && nodes_[i - 1].kind == Node::Kind::Box;
    if (n.kind != Node::Kind::Penalty || n.penalty >= kNoBreak) return false;
    return pass_ > 1 || !n.hyphenation;
  }

  void try_break(std::size_t i) {
    const Node& n = nodes_[i];
    double pi = n.kind == Node::Kind::Penalty ? n.penalty : 0;
    bool forced = pi <= kForcedBreak;
    bool last = i + 1 == nodes_.size();
    // TeX counts the paragraph's end as a hyphenated break, for \finalhyphendemerits (§873).
    bool flagged = (n.kind == Node::Kind::Penalty && n.flagged) || last;
    classes_.clear();
    bool recorded = false;
    std::size_t kept = 0;
    for (std::size_t r = 0; r < actives_.size(); ++r) {
      const Active a = actives_[r];
      if (i < a.start) {  // still among the discardables after a's break: an empty line
        actives_[kept++] = a;
        continue;
      }
      auto [bad, fitness] = rate(a, i, forced);
      bool stays = true, artificial = false;
      if (bad > kInfBad || forced) {
        // §854: the line can only get longer, or must end here. Keep a last hope in the final pass.
        bool alone = kept == 0 && r + 1 == actives_.size();
        if (final_ && p_.looseness == 0 && !recorded && alone)
          artificial = true;
        else if (bad > threshold_)
          continue;  // deactivated
        stays = false;
      } else if (bad > threshold_) {
        actives_[kept++] = a;
        continue;
      }
      double d = artificial ? 0 : demerits(a, bad, fitness, pi, flagged, last);
      record(a, fitness, a.demerits + d);
      recorded = true;
      if (stays) actives_[kept++] = a;
    }
    actives_.resize(kept);
    create_actives(i, flagged);
  }

  // Badness and fitness class of the line from a's break to a break at i (§851–§853).
  std::pair<double, int> rate(const Active& a, std::size_t i, bool forced) const {
    const Node& n = nodes_[i];
    double natural = sums_[i].width - sums_[a.start].width + (n.kind == Node::Kind::Penalty ? n.width : 0);
    double shortfall = widths_.at(std::size_t(a.line - 1)) - natural;
    if (shortfall > kEpsilon) {
      if (forced) return {0, kDecent};  // \parfillskip: the last line may end anywhere
      double b = badness(shortfall, sums_[i].stretch - sums_[a.start].stretch + background_);
      return {b, b > 99 ? kVeryLoose : b > 12 ? kLoose : kDecent};
    }
    double shrink = sums_[i].shrink - sums_[a.start].shrink;
    if (-shortfall > shrink + kEpsilon) return {kInfBad + 1, kTight};  // overfull
    double b = badness(-shortfall, shrink);
    return {b, b > 12 ? kTight : kDecent};
  }

  // §859.
  double demerits(const Active& a, double bad, int fitness, double pi, bool flagged, bool last) const {
    double d = p_.line_penalty + bad;
    d = std::abs(d) >= 10000 ? 1e8 : d * d;
    if (pi > 0)
      d += pi * pi;
    else if (pi > kForcedBreak)
      d -= pi * pi;
    if (flagged && a.flagged) d += last ? p_.final_hyphen_demerits : p_.double_hyphen_demerits;
    if (std::abs(fitness - a.fitness) > 1) d += p_.adj_demerits;
    return d;
  }

  void record(const Active& a, int fitness, double total) {
    int key = a.line <= easy_line_ ? a.line : easy_line_ + 1;
    LineClass* c = nullptr;
    for (auto& existing : classes_)
      if (existing.key == key) c = &existing;
    if (!c) {
      classes_.push_back(LineClass{key, {}});
      c = &classes_.back();
    }
    Best& best = c->best[fitness];
    if (total <= best.demerits) best = Best{total, a.passive, a.line};
  }

  // §835–§845: a new active node for each fitness class whose best is within adj_demerits of the
  // class minimum (a node further off can never win: a fitness mismatch costs at most that much).
  void create_actives(std::size_t i, bool flagged) {
    if (classes_.empty()) return;
    std::size_t start = line_start(nodes_, i);
    for (const auto& c : classes_) {
      double minimum = kAwful;
      for (const auto& b : c.best) minimum = std::min(minimum, b.demerits);
      for (int fitness = 0; fitness < 4; ++fitness) {
        const Best& b = c.best[fitness];
        if (b.demerits == kAwful || b.demerits > minimum + p_.adj_demerits) continue;
        passive_.push_back(Passive{i, b.passive});
        actives_.push_back(Active{i, start, int(passive_.size()) - 1, b.line + 1, fitness, flagged, b.demerits});
      }
    }
  }

  // §874–§875: the fewest demerits, or with looseness the line count nearest to optimal + looseness.
  Outcome choose() {
    const Active* best = nullptr;
    for (const auto& a : actives_)
      if (!best || a.demerits < best->demerits) best = &a;
    if (!best) return Outcome::Failed;
    if (p_.looseness != 0) {
      int best_line = best->line, actual = 0;
      for (const auto& a : actives_) {
        int diff = a.line - best_line;
        bool nearer = (diff < actual && p_.looseness <= diff) || (diff > actual && p_.looseness >= diff);
        if (nearer || (diff == actual && a.demerits < best->demerits)) {
          best = &a;
          actual = diff;
        }
      }
      if (actual != p_.looseness && !final_) return Outcome::Failed;
    }
    result_ = OptimalResult{{}, best->demerits, pass_, peak_};
    for (int p = best->passive; p >= 0; p = passive_[p].prev) result_.breaks.push_back(passive_[p].at);
    std::reverse(result_.breaks.begin(), result_.breaks.end());
    return Outcome::Found;
  }

  const std::vector<Node>& nodes_;
  const LineWidths& widths_;
  const OptimalParams& p_;
  std::vector<Sums> sums_;  // sums_[i]: of the boxes and glue before node i
  int easy_line_ = 0;
  int pass_ = 0;
  bool final_ = false;
  double threshold_ = 0, background_ = 0;
  std::vector<Active> actives_;
  std::vector<Passive> passive_;
  std::vector<LineClass> classes_;
  std::size_t peak_ = 0;
};

// Whether the line before the last ends at a hyphenation point.
bool ends_with_fragment(const std::vector<Node>& nodes, const std::vector<std::size_t>& breaks) {
  if (breaks.size() < 2) return false;
  const Node& n = nodes[breaks[breaks.size() - 2]];
  return n.kind == Node::Kind::Penalty && n.flagged;
}

}  // namespace

OptimalResult break_optimal(const std::vector<Node>& nodes, const LineWidths& widths, const OptimalParams& params) {
  if (nodes.empty()) return {};
  if (!nodes.back().is_forced()) {  // end it as a paragraph ends; the last break is then nodes.size()
    std::vector<Node> ended = nodes;
    ended.push_back(Node::forced_break());
    return break_optimal(ended, widths, params);
  }
  if (nodes.size() <= params.max_nodes) {
    OptimalBreaker breaker(nodes, widths, params);
    for (int pass = params.pretolerance >= 0 ? 1 : 2; pass <= 3; ++pass) {
      Outcome outcome = breaker.pass(pass);
      if (outcome == Outcome::Found) {
        if (pass == 2 && params.final_hyphen_tolerance > params.tolerance &&
            ends_with_fragment(nodes, breaker.result_.breaks)) {
          OptimalParams wider = params;
          wider.pretolerance = -1;
          wider.tolerance = params.final_hyphen_tolerance;
          wider.final_hyphen_tolerance = 0;
          OptimalResult retry = break_optimal(nodes, widths, wider);
          if (retry.pass == 2 && !ends_with_fragment(nodes, retry.breaks)) return retry;
        }
        return std::move(breaker.result_);
      }
      if (outcome == Outcome::Pathological) break;
    }
    if (params.looseness != 0) {  // no setting within the tolerance: the optimal one, then
      OptimalParams plain = params;
      plain.looseness = 0;
      return break_optimal(nodes, widths, plain);
    }
  }
  return OptimalResult{break_greedy(nodes, widths), 0, 0, 0};
}

std::vector<std::size_t> break_lines(const std::vector<Node>& nodes, const LineWidths& widths, Linebreaks strategy) {
  if (strategy == Linebreaks::Simple) return break_greedy(nodes, widths);
  OptimalParams params;
  // LaTeX's \sloppy uses 3 em. An interword space is about a third of an em, so 3 em is about nine
  // of the paragraph's first stretchable glue.
  for (const Node& n : nodes) {
    if (n.kind == Node::Kind::Glue && n.stretch > 0) {
      params.emergency_stretch = 9 * n.width;
      break;
    }
  }
  return break_optimal(nodes, widths, params).breaks;
}

}  // namespace quire::layout
