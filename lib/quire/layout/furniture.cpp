// Page furniture: running headers and footers with fields, and a diagonal watermark beneath the text.
#include <array>
#include <cmath>
#include <map>

#include "quire/layout/blocks.hpp"

namespace quire::layout {

namespace {

constexpr double kFurnitureScale = 0.9;
constexpr double kHeaderRule = 0.4;
const Color kHeaderColor{0.35, 0.35, 0.35};
constexpr double kWatermarkMax = 110;  // pt
constexpr double kPi = 3.14159265358979323846;

struct Fields {
  std::string title, section;
  int page = 0, pages = 0;
};

// "{title}", "{section}", "{page}" and "{pages}" filled in; anything else is kept as written.
std::string fill(const std::string& pattern, const Fields& f) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    auto close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
    std::string name = close == std::string::npos ? "" : pattern.substr(i + 1, close - i - 1);
    if (name == "title")
      out += f.title;
    else if (name == "section")
      out += f.section;
    else if (name == "page")
      out += std::to_string(f.page);
    else if (name == "pages")
      out += std::to_string(f.pages);
    else {
      out += pattern[i++];
      continue;
    }
    i = close + 1;
  }
  return out;
}

// The fields of page `number` (1, a right-hand page, is odd): even pages take their own fields when
// set, else under twoside the odd ones mirrored.
std::array<std::string, 3> fields_of(const std::string (&odd)[3], const std::optional<std::array<std::string, 3>>& even,
                                     bool twoside, int number) {
  if (number % 2 == 1) return {odd[0], odd[1], odd[2]};
  if (even) return *even;
  return twoside ? std::array<std::string, 3>{odd[2], odd[1], odd[0]}
                 : std::array<std::string, 3>{odd[0], odd[1], odd[2]};
}

}  // namespace

// Headers and footers go on every page of a document of two pages or more, except on page 1 when it
// carries the title block or is a letter's first page (style.first_page_furniture overrides). With
// `page-numbers: false`, a field that is only "{page}" is left out.
void Engine::furniture(std::vector<Page>& pages) const {
  for (auto& page : pages) watermark(page);
  if (pages.size() < 2) return;
  bool first_page = style_.first_page_furniture.value_or(!title_shown_);
  std::map<std::string, const HeadingEntry*> sections;
  for (const auto& h : headings_)
    if (h.level <= 2) sections[h.id] = &h;
  Fields fields;
  if (auto* title = doc_.meta.find("title")) fields.title = title->as_text();
  fields.pages = int(pages.size());
  TextStyle ts{Family::Serif, false, false, style_.font_size * kFurnitureScale, style_.text_color};
  TextStyle head = ts;
  head.italic = true;
  head.color = kHeaderColor;
  double left = style_.margin_left, right = style_.page_width - style_.margin_right;
  double head_base = style_.margin_top / 2 + 0.3 * ts.size;
  double foot_base = style_.page_height - style_.margin_bottom / 2 + 0.3 * ts.size;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for_each_item(pages[p], [&](const Item& item) {
      auto* anchor = std::get_if<Anchor>(&item);
      auto it = anchor ? sections.find(anchor->id) : sections.end();
      if (it != sections.end()) fields.section = it->second->title;
    });
    if (p == 0 && !first_page) continue;
    fields.page = int(p) + 1;
    auto put = [&](const std::string& pattern, int where, double baseline, const TextStyle& look) {
      if (pattern.empty() || (!style_.page_numbers && pattern == "{page}")) return false;
      auto items = build_text(fill(pattern, fields), look, fonts_);
      if (items.nodes.size() <= 1) return false;
      double width = natural_width(items);
      double x = where == 0 ? left : where == 1 ? left + (right - left - width) / 2 : right - width;
      LineSetting setting{x, width, baseline, model::Align::Left, false};
      set_line(items, 0, items.nodes.size() - 1, true, setting, fonts_, pages[p].items);
      return true;
    };
    auto headers = fields_of(style_.header, style_.header_even, style_.twoside, fields.page);
    auto footers = fields_of(style_.footer, style_.footer_even, style_.twoside, fields.page);
    bool header = false;
    for (int k = 0; k < 3; ++k) header |= put(headers[std::size_t(k)], k, head_base, head);
    if (header && style_.header_rule)
      pages[p].items.push_back(Rule{left, head_base + 0.45 * ts.size, right - left, kHeaderRule, kHeaderColor});
    for (int k = 0; k < 3; ++k) put(footers[std::size_t(k)], k, foot_base, ts);
  }
}

// The watermark: sans bold, light grey, centred on the page along a diagonal, sized to span about
// 60 % of the page's diagonal, drawn first so that everything else covers it.
void Engine::watermark(Page& page) const {
  if (style_.watermark.empty()) return;
  TextStyle ts{Family::Sans, true, false, 100, style_.watermark_color};
  auto items = build_text(style_.watermark, ts, fonts_);
  if (items.nodes.size() <= 1) return;
  double diagonal = std::hypot(page.width, page.height);
  double scale = std::min(kWatermarkMax, 100 * 0.6 * diagonal / std::max(1.0, natural_width(items))) / 100;
  double a = style_.watermark_angle * kPi / 180;
  // Along the baseline (ux, uy) and up from it (vx, vy), in page coordinates (y down).
  double ux = std::cos(a), uy = -std::sin(a), vx = -std::sin(a), vy = -std::cos(a);
  double width = natural_width(items) * scale, rise = 0.35 * 100 * scale;
  double x = page.width / 2 - ux * width / 2 - vx * rise, y = page.height / 2 - uy * width / 2 - vy * rise;
  std::vector<Item> runs;
  double along = 0;
  for (const auto& n : items.nodes) {
    if (n.kind == Node::Kind::Glue) along += n.width * scale;
    if (n.kind != Node::Kind::Box) continue;
    for (std::uint32_t k = n.first; k < n.first + n.count; ++k) {
      const Piece& piece = items.pieces[k];
      auto glyphs = piece.glyphs;
      for (Glyph& g : glyphs) {
        g.advance = float(g.advance * scale);
        g.dx = float(g.dx * scale);
        g.dy = float(g.dy * scale);
      }
      GlyphRun run = fonts_.run(x + ux * along, y + uy * along, piece.face, piece.size * scale, piece.text, piece.color,
                                std::move(glyphs));
      run.angle = style_.watermark_angle;
      runs.push_back(std::move(run));
      along += piece.width * scale;
    }
  }
  page.items.insert(page.items.begin(), std::make_move_iterator(runs.begin()), std::make_move_iterator(runs.end()));
}

}  // namespace quire::layout
