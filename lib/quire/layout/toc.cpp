// The table of contents, the lists of figures and tables, and the outline. The contents go after the
// title block, entries indented by level, dot leaders running to right-aligned page numbers, each entry
// a link to its heading; the lists of figures and tables (lof, lot) follow, each on a new page, their
// entries the numbered captions. Their page numbers depend on their own length, so the lists are
// re-planned (never re-set: planning only moves boxes) until the numbers stop changing.
#include <algorithm>
#include <cmath>
#include <map>

#include "quire/layout/blocks.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::layout {

namespace {

using namespace model;

constexpr int kMaxRounds = 6;
constexpr double kLevelIndent = 1.5;  // em per level
constexpr double kPageColumn = 2.5;   // em kept free for the page number
constexpr double kLeaderGap = 0.5;    // em between the dots (plus a dot's width)
// The anchors of the lists' titles, for the outline.
constexpr const char* kLofAnchor = "quire-lof";
constexpr const char* kLotAnchor = "quire-lot";

// A heading's text for the contents: footnote marks dropped, links reduced to their text.
Inlines entry_text(const Inlines& in) {
  Inlines out;
  for (const auto& i : in) {
    std::visit(overloaded{[&](const FootnoteRef&) {},
                          [&](const Link& l) {
                            auto inner = entry_text(l.content);
                            out.insert(out.end(), inner.begin(), inner.end());
                          },
                          [&](const Emph& e) { out.push_back(Inline{Emph{entry_text(e.content)}}); },
                          [&](const Strong& e) { out.push_back(Inline{Strong{entry_text(e.content)}}); },
                          [&](const Strike& e) { out.push_back(Inline{Strike{entry_text(e.content)}}); },
                          [&](const model::Span& e) {
                            model::Span copy = e;
                            copy.content = entry_text(e.content);
                            out.push_back(Inline{std::move(copy)});
                          },
                          [&](const auto&) { out.push_back(i); }},
               i.node);
  }
  return out;
}

}  // namespace

// One entry: its lines (the last with leaders and the page number), a link over each line. A
// caption's entry (lof, lot) is set like a level-2 heading's without its indent.
void Engine::toc_entry(const HeadingEntry& h, const std::string& page, const Frame& f, bool caption_entry) {
  TextStyle ts = body(f);
  ts.bold = h.level == 1 && !caption_entry;
  double em = f.size, indent = caption_entry ? 0 : (h.level - 1) * kLevelIndent * em;
  auto items = build_paragraph(entry_text(h.content), ts, inline_context());
  auto look = look_for(ts, style_.leading, f);
  look.x = f.left + indent;
  look.width = f.width - indent - 2 * kPageColumn * em;
  look.justify = false;
  if (h.level == 1 && !caption_entry) space(0.5 * line_height(f));
  auto element = open_element("TOCI");
  auto reference = open_element("Reference");
  std::size_t first = add_lines(items, look, f, nullptr, true);
  if (first >= list_.items.size()) return;
  auto& last = std::get<VBox>(list_.items.back());
  last.keep_with_next = false;
  // Where the last line's text ends: its rightmost glyph run.
  double end = look.x;
  for (const auto& item : last.items)
    if (auto* g = std::get_if<GlyphRun>(&item)) end = std::max(end, g->x + advance_of(g->glyphs));
  int face = fonts_.set.face(Family::Serif, ts.bold, false);
  double right = f.left + f.width;
  GlyphRun number = fonts_.run(right, look.baseline, face, ts.size, page, f.color);
  number.x -= advance_of(number.glyphs);
  last.items.push_back(std::move(number));
  // Leaders on a grid shared by every entry, so that the dots line up down the page.
  int dot_face = fonts_.set.face(Family::Serif, false, false);
  double dot = fonts_.width(dot_face, ts.size, "."), step = dot + kLeaderGap * em;
  double stop = right - kPageColumn * em;
  for (double x = f.left + std::ceil((end + 0.5 * em - f.left) / step) * step; x + dot <= stop; x += step) {
    GlyphRun leader = fonts_.run(x, look.baseline, dot_face, ts.size, ".", f.color);
    leader.tag = kArtifact;  // dots say nothing to a reader
    last.items.push_back(std::move(leader));
  }
  for (std::size_t i = first; i < list_.items.size() && !h.id.empty(); ++i) {
    auto& box = std::get<VBox>(list_.items[i]);
    box.items.push_back(LinkArea{look.x, 0, right - look.x, box.height, "#" + h.id});
  }
  close_element(reference);
  close_element(element);
}

// A list's title, like a level-1 heading, with the anchor the outline points to (when given).
void Engine::list_title(const std::string& text, const std::string& anchor, const Frame& f) {
  TextStyle ts{Family::Sans, true, false, style_.heading_sizes[0], style_.heading_color};
  auto title = build_text(text, ts, fonts_);
  auto look = look_for(ts, 1.2, f);
  look.justify = false;
  auto caption = open_element("Caption");
  std::size_t first = add_lines(title, look, f, nullptr, true);
  close_element(caption);
  if (!anchor.empty() && first < list_.items.size()) {
    auto& box = std::get<VBox>(list_.items[first]).items;
    box.insert(box.begin(), Anchor{f.left, 0, anchor});
  }
  space(ts.size * style_.heading_space_after);
}

// The contents, then the lists of figures and tables, as vertical-list items: each a title like a
// level-1 heading, its entries, then a new page.
std::vector<VItem> Engine::toc_items(const FrontPages& pages, const Frame& f) {
  std::size_t first = list_.items.size();
  // Each round makes the entries' elements anew, in place of the last round's.
  if (toc_entries_from_ == 0)
    toc_entries_from_ = structure_.size();
  else
    structure_.resize(toc_entries_from_);
  int outer = current_;
  auto number = [](int page) { return std::to_string(page > 0 ? page : 0); };
  if (style_.toc && !headings_.empty()) {
    current_ = toc_element_;
    list_title(style_.toc_title, "", f);
    for (std::size_t k = 0; k < headings_.size(); ++k) {
      if (headings_[k].level > style_.toc_depth) continue;
      toc_entry(headings_[k], number(pages.headings[k]), f);
    }
    list_.items.push_back(VPageBreak{});
  }
  auto captions = [&](int element, const std::string& title, const char* anchor,
                      const std::vector<CaptionEntry>& entries, const std::vector<int>& at) {
    current_ = element;
    list_title(title, anchor, f);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      HeadingEntry h;
      h.level = 2;
      h.id = entries[k].id;
      h.content = entries[k].caption;
      toc_entry(h, number(at[k]), f, true);
    }
    list_.items.push_back(VPageBreak{});
  };
  if (style_.lof && !figure_entries_.empty())
    captions(lof_element_, style_.lof_title, kLofAnchor, figure_entries_, pages.figures);
  if (style_.lot && !table_entries_.empty())
    captions(lot_element_, style_.lot_title, kLotAnchor, table_entries_, pages.tables);
  current_ = outer;
  std::vector<VItem> out(std::make_move_iterator(list_.items.begin() + long(first)),
                         std::make_move_iterator(list_.items.end()));
  list_.items.resize(first);
  return out;
}

// Plans the pages; with `toc`, `lof` or `lot`, inserts the lists at `at` and re-plans until every
// entry's page number is the page its heading, figure or table landed on (a bounded number of rounds:
// numbers only change the lists' length when they change how entries wrap).
Plan Engine::contents(const Frame& f, std::size_t at) {
  bool any = (style_.toc && !headings_.empty()) || (style_.lof && !figure_entries_.empty()) ||
             (style_.lot && !table_entries_.empty());
  if (!any) return plan_pages(list_, style_);
  FrontPages pages{std::vector<int>(headings_.size(), 0), std::vector<int>(figure_entries_.size(), 0),
                   std::vector<int>(table_entries_.size(), 0)};
  std::size_t length = 0;
  Plan plan;
  for (int round = 0; round < kMaxRounds; ++round) {
    auto toc = toc_items(pages, f);
    list_.items.erase(list_.items.begin() + long(at), list_.items.begin() + long(at + length));
    list_.items.insert(list_.items.begin() + long(at), std::make_move_iterator(toc.begin()),
                       std::make_move_iterator(toc.end()));
    for (auto& h : headings_) h.item = h.item + toc.size() - length;
    for (auto& e : figure_entries_) e.item = e.item + toc.size() - length;
    for (auto& e : table_entries_) e.item = e.item + toc.size() - length;
    length = toc.size();
    plan = plan_pages(list_, style_);
    FrontPages now;
    for (const auto& h : headings_) now.headings.push_back(plan.page_of[h.item] + 1);
    for (const auto& e : figure_entries_) now.figures.push_back(plan.page_of[e.item] + 1);
    for (const auto& e : table_entries_) now.tables.push_back(plan.page_of[e.item] + 1);
    if (now == pages) return plan;
    pages = std::move(now);
  }
  diags_.warning({}, "the table of contents' page numbers did not settle; some may be off by a page");
  return plan;
}

// One bookmark per heading, in document order, where its anchor landed (a landscape page's from its top).
std::vector<OutlineEntry> Engine::outline(const std::vector<Page>& pages) const {
  std::map<std::string, const HeadingEntry*> by_id;
  for (const auto& h : headings_) by_id[h.id] = &h;
  std::vector<OutlineEntry> out;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    bool turned = false;
    auto add = [&](const Item& item) {
      auto* anchor = std::get_if<Anchor>(&item);
      if (!anchor) return;
      if (anchor->id == kLofAnchor || anchor->id == kLotAnchor) {
        out.push_back(OutlineEntry{1, anchor->id == kLofAnchor ? style_.lof_title : style_.lot_title, int(p),
                                   turned ? 0 : anchor->y});
        return;
      }
      auto it = by_id.find(anchor->id);
      if (it == by_id.end()) return;
      out.push_back(OutlineEntry{it->second->level, it->second->title, int(p), turned ? 0 : anchor->y});
    };
    for (const auto& item : pages[p].items) add(item);
    turned = true;
    if (pages[p].turned)
      for (const auto& item : pages[p].turned->items) add(item);
  }
  return out;
}

}  // namespace quire::layout
