// Tables, booktabs style: a top rule, a mid rule under the bold header, light rules between rows and
// a bottom rule. Columns take their natural widths, shrunk to fit the measure, or the shares of the
// measure the table gives (`widths`: a pipe table's dashes, as pandoc reads them); cells wrap; rows
// never split, and a table that continues on the next page repeats its header there.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "quire/layout/blocks.hpp"

namespace quire::layout {

namespace {

constexpr double kCellPadX = 0.5;   // em each side: columns are 1 em apart
constexpr double kCellPadY = 0.25;  // em above and below the text
constexpr double kHeavyRule = 0.8, kMidRule = 0.5, kLightRule = 0.3;
const Color kLightRuleColor{0.7, 0.7, 0.7};

// Natural widths where they fit; else every column keeps its longest word and shares the rest of the
// measure in proportion to how much more it would like (the auto table layout of HTML).
std::vector<double> fit_columns(const std::vector<double>& natural, const std::vector<double>& minimum,
                                double measure) {
  double total = std::accumulate(natural.begin(), natural.end(), 0.0);
  if (total <= measure) return natural;
  double floor = std::accumulate(minimum.begin(), minimum.end(), 0.0);
  std::vector<double> widths(natural.size());
  for (std::size_t c = 0; c < natural.size(); ++c) {
    widths[c] = floor >= measure ? minimum[c] * measure / floor
                                 : minimum[c] + (natural[c] - minimum[c]) * (measure - floor) / (total - floor);
  }
  return widths;
}

// The table's own shares of the measure (model::Table::widths), scaled to fill it as pandoc does; a
// column narrower than its longest word gets that word's width while all such fit, the others sharing
// what is left in their proportions.
std::vector<double> share_columns(const std::vector<double>& shares, const std::vector<double>& minimum,
                                  double measure) {
  std::size_t n = shares.size();
  double floor = std::accumulate(minimum.begin(), minimum.end(), 0.0);
  if (floor >= measure) return fit_columns(minimum, minimum, measure);
  std::vector<bool> fixed(n, false);
  std::vector<double> widths(n);
  for (bool changed = true; changed;) {
    changed = false;
    double left = measure, total = 0;  // the width and the shares of the columns not fixed
    for (std::size_t c = 0; c < n; ++c) {
      if (fixed[c])
        left -= minimum[c];
      else
        total += shares[c];
    }
    for (std::size_t c = 0; c < n; ++c) {
      widths[c] = fixed[c] ? minimum[c] : total > 0 ? shares[c] * left / total : left / double(n);
      if (!fixed[c] && widths[c] < minimum[c]) fixed[c] = changed = true;
    }
  }
  return widths;
}

model::Align align_of(const model::Table& t, std::size_t c) {
  auto a = c < t.aligns.size() ? t.aligns[c] : model::Align::Default;
  return a == model::Align::Default ? model::Align::Left : a;
}

// Cuts a row box into parts of at most `room` height, between its lines (each `line` high, the first
// starting at top + pad); every part keeps the row's header so that it repeats above each part.
std::vector<VBox> split_row(VBox row, double top, double pad, double line, double room) {
  double bottom = row.height - (top + 2 * pad);  // lines plus the rule below
  int lines = std::max(1, int(std::floor((bottom + 1e-6) / line)));
  int per_part = std::max(1, int(std::floor((room - top - 2 * pad - kHeavyRule) / line)));
  int parts = (lines + per_part - 1) / per_part;
  std::vector<VBox> out(static_cast<std::size_t>(parts));
  for (int k = 0; k < parts; ++k) {
    auto& part = out[std::size_t(k)];
    part.header = row.header;
    part.group = row.group;
    int n = std::min(per_part, lines - k * per_part);
    part.height = (k == 0 ? top : 0) + 2 * pad + n * line + (k + 1 == parts ? bottom - lines * line : 0);
    part.baseline = row.baseline;
  }
  for (auto& item : row.items) {
    double y = std::visit([](auto& i) { return i.y; }, item);
    int k = std::clamp(int(std::floor((y - top - pad) / line)) / per_part, 0, parts - 1);
    double offset = k == 0 ? 0 : top + k * per_part * line;
    std::visit([offset](auto& i) { i.y -= offset; }, item);
    out[std::size_t(k)].items.push_back(std::move(item));
  }
  return out;
}

}  // namespace

void Engine::table(const model::Table& t, const model::Block& b, const Frame& f) {
  std::size_t columns = std::max(t.aligns.size(), t.header.size());
  for (const auto& row : t.rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  bool has_header = std::any_of(t.header.begin(), t.header.end(), [](auto& cell) { return !cell.empty(); });
  double pad_x = kCellPadX * f.size, pad_y = kCellPadY * f.size;

  // cells[r][c]; row 0 is the header.
  std::vector<std::vector<ParagraphItems>> cells;
  auto add_row = [&](const std::vector<model::Inlines>& row, bool bold) {
    auto& out = cells.emplace_back();
    TextStyle ts = body(f);
    ts.bold = bold;
    for (std::size_t c = 0; c < columns; ++c)
      out.push_back(build_paragraph(c < row.size() ? row[c] : model::Inlines{}, ts, inline_context()));
  };
  add_row(t.header, true);
  for (const auto& row : t.rows) add_row(row, false);

  std::vector<double> natural(columns, 0), minimum(columns, 0);
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < columns; ++c) {
      natural[c] = std::max(natural[c], natural_width(row[c]) + 2 * pad_x);
      minimum[c] = std::max(minimum[c], widest_box(row[c]) + 2 * pad_x);
    }
  }
  bool shared = t.widths.size() == columns &&
                std::all_of(t.widths.begin(), t.widths.end(), [](double w) { return w > 0 && w <= 1; });
  auto widths = shared ? share_columns(t.widths, minimum, f.width) : fit_columns(natural, minimum, f.width);
  double total = std::accumulate(widths.begin(), widths.end(), 0.0);
  double left = f.left + std::max(0.0, (f.width - total) / 2);
  auto look = look_for(body(f), style_.leading, f);
  look.justify = false;

  // One row as a box: its cells' lines side by side, a rule above (`top`) and one below.
  auto table = open_element("Table");
  // Rows go in a THead (the header row) or a TBody (the others), each made when its first row is.
  int row_group = -1;
  auto row_box = [&](std::vector<ParagraphItems>& row, double top, double below, Color below_color, bool head) {
    const char* group = head ? "THead" : "TBody";
    if (row_group < 0 || structure_[std::size_t(row_group)].role != group) row_group = add_element(group, table.index);
    int tr = add_element("TR", row_group);
    VBox box;
    box.group = f.group;
    if (top > 0) box.items.push_back(Rule{left, 0, total, top, f.color});
    int lines = 1;
    double x = left;
    for (std::size_t c = 0; c < columns; ++c) {
      LineLook cell = look;
      cell.x = x + pad_x;
      cell.width = widths[c] - 2 * pad_x;
      cell.align = align_of(t, c);
      fit_words(row[c], cell.width, &b);
      std::size_t from = box.items.size();
      lines = std::max(lines, set_lines(row[c], cell, top + pad_y, box.items));
      tag_items(box.items, from, add_element(head ? "TH" : "TD", tr));
      x += widths[c];
    }
    box.baseline = top + pad_y + look.baseline;
    box.height = top + 2 * pad_y + lines * look.height + below;
    box.items.push_back(Rule{left, box.height - below, total, below, below_color});
    return box;
  };

  space(style_.paragraph_space * line_height(f));
  int header = -1;
  if (has_header) {
    VBox head = row_box(cells[0], kHeavyRule, kMidRule, f.color, true);
    head.keep_with_next = true;
    list_.headers.push_back(head);
    header = int(list_.headers.size()) - 1;
    list_.items.push_back(std::move(head));
  }
  double room = body_height_ - (has_header ? list_.headers.back().height : 0);
  for (std::size_t r = 1; r < cells.size(); ++r) {
    bool last = r + 1 == cells.size();
    double top = !has_header && r == 1 ? kHeavyRule : 0;
    VBox row = row_box(cells[r], top, last ? kHeavyRule : kLightRule, last ? f.color : kLightRuleColor, false);
    row.header = header;
    if (row.height <= room) {
      list_.items.push_back(std::move(row));
      continue;
    }
    // A row taller than a page is the one thing split: by whole lines, as a last resort.
    diags_.warning(model::where(b), "table row taller than a page; split across pages");
    for (auto& part : split_row(std::move(row), top, pad_y, look.height, room)) list_.items.push_back(std::move(part));
  }
  close_element(table);
  space(style_.paragraph_space * line_height(f));
}

}  // namespace quire::layout
