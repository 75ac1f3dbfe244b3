#include "quire/layout/linebreak.hpp"

namespace quire::layout {

namespace {
std::size_t skip_discardable(const std::vector<Node>& nodes, std::size_t i) {
  while (i < nodes.size() && nodes[i].kind != Node::Kind::Box && !nodes[i].is_forced()) ++i;
  return i;
}
}  // namespace

std::size_t line_start(const std::vector<Node>& nodes, std::size_t brk) {
  if (brk == kLineStart) return skip_discardable(nodes, 0);
  return brk >= nodes.size() ? nodes.size() : skip_discardable(nodes, brk + 1);
}

// Greedy first fit: fill each line with as many nodes as fit, break at the last legal breakpoint.
// Each node is visited at most twice (once more after backing up to the breakpoint): linear time.
std::vector<std::size_t> break_lines(const std::vector<Node>& nodes, const LineWidths& widths, Linebreaks) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> breaks;
  std::size_t i = skip_discardable(nodes, 0), candidate = none;
  double width = 0;
  bool open = false;  // the current line holds a box
  auto break_at = [&](std::size_t brk) {
    breaks.push_back(brk);
    i = skip_discardable(nodes, brk + 1);
    width = 0;
    candidate = none;
    open = false;
  };
  while (i < nodes.size()) {
    const Node& n = nodes[i];
    double limit = widths.at(breaks.size());
    if (n.kind == Node::Kind::Box) {
      if (width + n.width > limit + 1e-9 && candidate != none) {
        break_at(candidate);
        continue;
      }
      width += n.width;
      open = true;
    } else if (n.is_forced()) {
      break_at(i);
      continue;
    } else if (n.kind == Node::Kind::Glue) {
      if (nodes[i - 1].kind == Node::Kind::Box) candidate = i;
      width += n.width;
    } else if (n.penalty < kNoBreak && width + n.width <= limit) {
      candidate = i;
    }
    ++i;
  }
  if (open) breaks.push_back(nodes.size());
  return breaks;
}

}  // namespace quire::layout
