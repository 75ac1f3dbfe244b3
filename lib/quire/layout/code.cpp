// Code blocks: verbatim lines in mono on a light background, wrapped hard only when too long.
#include <algorithm>

#include "quire/layout/blocks.hpp"

namespace quire::layout {

namespace {

constexpr double kCodeScale = 0.85;
constexpr double kCodeLeading = 1.3;
constexpr double kCodePad = 0.5;  // em of the code size, around the text inside the background
constexpr int kTabStop = 4;
const Color kCodeBackground{0.95, 0.95, 0.95};

std::string expand_tabs(std::string_view line) {
  std::string out;
  int column = 0;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t start = i;
    char32_t c = next_char(line, i);
    if (c == '\t') {
      int spaces = kTabStop - column % kTabStop;
      out.append(spaces, ' ');
      column += spaces;
    } else if (c != '\r') {
      out.append(line.substr(start, i - start));
      ++column;
    }
  }
  return out;
}

// One source line as visual lines of glyph runs (x from 0, baseline 0): a run per stretch of
// non-space characters in one face; a new visual line where the text would pass `width`.
std::vector<std::vector<GlyphRun>> code_lines(std::string_view line, int mono, double size, Color color, double width,
                                              const Fonts& fonts) {
  std::vector<std::vector<GlyphRun>> lines(1);
  double x = 0;
  bool open = false;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t start = i;
    char32_t c = next_char(line, i);
    int face = fonts.face_for(mono, c);
    double w = fonts.metrics.advance(face, c) * size;
    if (x > 0 && x + w > width + 1e-9) {
      lines.emplace_back();
      x = 0;
      open = false;
    }
    if (c == ' ') {
      open = false;
    } else {
      if (!open || lines.back().back().face != face) lines.back().push_back(fonts.run(x, 0, face, size, {}, color));
      lines.back().back().text.append(line.substr(start, i - start));
      open = true;
    }
    x += w;
  }
  for (auto& runs : lines)
    for (auto& run : runs) run = fonts.run(run.x, run.y, run.face, run.size, std::move(run.text), run.color);
  return lines;
}

}  // namespace

void Engine::code(const model::CodeBlock& c, const Frame& f) {
  if (c.text.empty()) return;
  TextStyle ts{Family::Mono, false, false, f.size * kCodeScale, f.color};
  auto look = look_for(ts, kCodeLeading, f);
  double pad = kCodePad * f.size;
  list_.groups.push_back(Group{f.left, f.width, kCodeBackground, f.group});
  int group = int(list_.groups.size()) - 1;
  int mono = fonts_.set.face(Family::Mono, false, false);
  std::string_view text = c.text;
  if (text.back() == '\n') text.remove_suffix(1);
  space(style_.paragraph_space * line_height(f));
  std::size_t first = list_.items.size();
  while (true) {
    auto nl = text.find('\n');
    std::string line = expand_tabs(text.substr(0, nl));
    for (auto& runs : code_lines(line, mono, ts.size, f.color, f.width - 2 * pad, fonts_)) {
      VBox box{look.height, look.baseline, {}, false, -1, group};
      for (auto& run : runs) {
        run.x += f.left + pad;
        run.y = look.baseline;
        box.items.push_back(std::move(run));
      }
      list_.items.push_back(std::move(box));
    }
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  // The padding belongs to the first and last lines, so the background never leaves the page.
  auto& top = std::get<VBox>(list_.items[first]);
  top.height += pad;
  top.baseline += pad;
  for (auto& item : top.items) std::get<GlyphRun>(item).y += pad;
  std::get<VBox>(list_.items.back()).height += pad;
  space(style_.paragraph_space * line_height(f));
}

}  // namespace quire::layout
