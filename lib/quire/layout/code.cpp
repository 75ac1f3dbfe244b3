// Code blocks: verbatim lines in mono on a light background, wrapped hard only when too long.
#include <algorithm>

#include "quire/layout/blocks.hpp"
#include "quire/text/breaks.hpp"
#include "quire/text/script.hpp"

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

// The width of a cluster as the face's advances give it: what a monospaced line is wrapped by.
double cluster_advance(const Fonts& fonts, int face, std::string_view cluster) {
  double w = 0;
  for (std::size_t i = 0; i < cluster.size();) w += fonts.metrics.advance(face, next_char(cluster, i));
  return w;
}

// One source line as visual lines of glyph runs (x from 0, baseline 0): a run per stretch of
// non-space grapheme clusters in one face (each cluster in the first face that has all of it, as in
// paragraphs); a new visual line where the text would pass `width`. Clusters no font has are noted in
// `missing`.
std::vector<std::vector<GlyphRun>> code_lines(std::string_view line, int mono, double size, Color color, double width,
                                              const Fonts& fonts, std::string_view lang,
                                              std::vector<MissingChar>& missing) {
  std::vector<std::vector<GlyphRun>> lines(1);
  std::vector<std::vector<double>> guessed(1);  // each run's width by advances, to place runs after shaping
  double x = 0;
  bool open = false;
  auto bounds = text::grapheme_boundaries(line);
  auto scripts = text::script_runs(line);
  std::size_t script = 0;
  for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
    std::string_view cluster = line.substr(bounds[k], bounds[k + 1] - bounds[k]);
    bool space = cluster == " ";
    int face = space ? mono : fonts.face_for_cluster(mono, cluster, lang);
    if (face < 0) {
      while (script + 1 < scripts.size() && scripts[script].end <= bounds[k]) ++script;
      note_missing(missing, cluster, scripts.empty() ? 0 : scripts[script].script);
      face = mono;
    }
    double w = cluster_advance(fonts, face, cluster) * size;
    if (x > 0 && x + w > width + 1e-9) {
      lines.emplace_back();
      guessed.emplace_back();
      x = 0;
      open = false;
    }
    if (space) {
      open = false;
    } else {
      if (!open || lines.back().back().face != face) {
        lines.back().push_back(fonts.run(x, 0, face, size, {}, color));
        guessed.back().push_back(0);
      }
      lines.back().back().text.append(cluster);
      guessed.back().back() += w;
      open = true;
    }
    x += w;
  }
  // Shaped, a run may be narrower or wider than its advances (ligatures, conjuncts, marks): the runs
  // after it move by the difference, so none overlaps the next.
  for (std::size_t l = 0; l < lines.size(); ++l) {
    double shift = 0;
    for (std::size_t r = 0; r < lines[l].size(); ++r) {
      GlyphRun& run = lines[l][r];
      run = fonts.run(run.x + shift, run.y, run.face, run.size, std::move(run.text), run.color);
      shift += advance_of(run.glyphs) - guessed[l][r];
    }
  }
  return lines;
}

}  // namespace

void Engine::code(const model::CodeBlock& c, const model::Block& b, const Frame& f) {
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
  auto element = open_element("Code");
  std::vector<MissingChar> missing;
  while (true) {
    auto nl = text.find('\n');
    std::string line = expand_tabs(text.substr(0, nl));
    for (auto& runs : code_lines(line, mono, ts.size, f.color, f.width - 2 * pad, fonts_, lang_, missing)) {
      VBox box{look.height, look.baseline, {}, false, -1, group, -1, 0, false, {}, 0};
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
  warn_missing(missing, &b);
  // The padding belongs to the first and last lines, so the background never leaves the page.
  auto& top = std::get<VBox>(list_.items[first]);
  top.height += pad;
  top.baseline += pad;
  for (auto& item : top.items) std::get<GlyphRun>(item).y += pad;
  std::get<VBox>(list_.items.back()).height += pad;
  close_element(element);
  space(style_.paragraph_space * line_height(f));
}

}  // namespace quire::layout
