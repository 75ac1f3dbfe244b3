#include "quire/layout/flow.hpp"

#include <algorithm>
#include <optional>

#include "quire/diag/progress.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::layout {

BodyArea body_area(const Style& style, bool landscape) {
  if (landscape) return {0, 0, style.measure()};
  return {style.margin_left, style.margin_top, style.page_height - style.margin_bottom};
}

NoteArea note_area_of(const Style& style) {
  double line = style.font_size * style.leading;
  return {line, 0.3 * line, std::min(144.0, style.measure() / 3)};
}

namespace {

constexpr double kEps = 1e-6;

void shift(Item& item, double dy) {
  std::visit([dy](auto& i) { i.y += dy; }, item);
}

// The rest of a footnote that did not fit on its page: lines from `from` on.
struct NoteRest {
  int number = 0;
  std::size_t from = 0;
};

// Plans one page at a time. A page is filled box by box; when a box does not fit, the page ends at the
// latest legal break at or before it (not after a keep-with-next box, not leaving fewer than
// `orphans` lines of a paragraph at the bottom or fewer than `widows` at the top), and the page is
// planned again up to that break. With no legal break the page ends where the box did not fit.
// A figure that does not fit floats, as LaTeX's [tbp]: the text after it goes on filling the page and
// the figure opens the next one. Figures keep their order, float at most one page and never past a
// page break (pending figures are set on a page of their own before it, like \clearpage).
class Planner {
 public:
  Planner(const VList& list, const Style& style)
      : list_(list),
        style_(style),
        area_(note_area_of(style)),
        widows_(std::max(1, style.widows)),
        orphans_(std::max(1, style.orphans)) {
    // The orientation in force at each item: as the last page break before it turned the pages.
    landscape_.resize(list.items.size());
    bool landscape = false;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      landscape_[i] = landscape;
      if (auto* brk = std::get_if<VPageBreak>(&list.items[i]); brk && brk->turn != VPageBreak::Turn::Keep)
        landscape = brk->turn == VPageBreak::Turn::Landscape;
    }
  }

  Plan run() {
    Plan plan;
    plan.page_of.assign(list_.items.size(), -1);
    std::size_t start = 0;
    std::vector<NoteRest> carry;
    std::vector<std::size_t> floats;
    while (start < list_.items.size() || !carry.empty() || !floats.empty()) {
      Fill f = fill(start, carry, floats, list_.items.size());
      if (f.forced) ++plan.orphans_and_widows_forced;
      start = f.next;
      carry = std::move(f.carry);
      floats = std::move(f.floats);
      if (f.page.boxes.empty() && f.page.notes.empty()) continue;  // only spaces and breaks were left
      for (const auto& b : f.page.boxes)
        if (!b.header) plan.page_of[b.item] = int(plan.pages.size());
      plan.pages.push_back(std::move(f.page));
    }
    if (plan.pages.empty()) plan.pages.emplace_back();
    return plan;
  }

 private:
  struct Fill {
    PagePlan page;
    std::size_t next = 0;
    std::vector<NoteRest> carry;
    std::vector<std::size_t> floats;  // figures (their first item) that wait for the next page
    bool forced = false;
    // Running state while the page fills.
    double y = 0, pending = 0, notes = 0;  // notes: the height of the notes placed (without the skip)
    double floats_height = 0;              // of `floats` stacked, with the space between them
    double top = 0, bottom = 0;            // of the page's body (body_area)
    bool empty = true;
    bool text = false;  // a box of the text is on the page (figures floated to its top are not)
  };

  enum class FigurePlace { Here, Float, NextPage };

  const std::vector<NoteLine>& note(int n) const {
    static const std::vector<NoteLine> none;
    auto it = list_.notes.find(n);
    return it == list_.notes.end() ? none : it->second;
  }

  double lines_height(int n, std::size_t from, std::size_t to) const {
    const auto& lines = note(n);
    double h = 0;
    for (std::size_t k = from; k < to && k < lines.size(); ++k)
      h += (k > from ? lines[k].space_before : 0) + lines[k].box.height;
    return h;
  }

  // The note area's height when the notes placed so far are `notes` high.
  double area(double notes) const { return notes > 0 ? area_.skip + notes : 0; }

  void add_note(Fill& f, int n, std::size_t from, std::size_t to) const {
    if (to <= from) return;
    f.notes += (f.page.notes.empty() ? 0 : area_.gap) + lines_height(n, from, to);
    f.page.notes.push_back({n, from, to});
    f.page.note_area = area(f.notes);
  }

  // Lines of note `n` from `from` that fit above y (greedy); the rest is carried.
  std::size_t fitting_lines(const Fill& f, int n, std::size_t from, double y) const {
    const auto& lines = note(n);
    double used = f.notes + (f.page.notes.empty() ? 0 : area_.gap);
    std::size_t k = from;
    for (; k < lines.size(); ++k) {
      used += (k > from ? lines[k].space_before : 0) + lines[k].box.height;
      if (y + area(used) > f.bottom + kEps) break;
    }
    return k;
  }

  // Notes carried from the previous page come first; they leave room for at least one line of text.
  void place_carried(Fill& f, const std::vector<NoteRest>& carry) const {
    double limit = f.top + style_.font_size * style_.leading;
    for (std::size_t c = 0; c < carry.size(); ++c) {
      const auto& rest = carry[c];
      std::size_t to = fitting_lines(f, rest.number, rest.from, limit);
      if (to == rest.from && f.page.notes.empty()) to = rest.from + 1;  // always progress
      add_note(f, rest.number, rest.from, to);
      if (to < note(rest.number).size()) {
        f.carry.push_back({rest.number, to});
        f.carry.insert(f.carry.end(), carry.begin() + long(c) + 1, carry.end());
        return;
      }
    }
  }

  void place(Fill& f, std::size_t i, const VBox& b, bool text = true) const {
    if (!f.empty) f.y += f.pending;
    if (!f.text && text && b.header >= 0) {
      f.page.boxes.push_back({std::size_t(b.header), f.y, true});
      f.y += list_.headers[b.header].height;
    }
    f.page.boxes.push_back({i, f.y, false});
    f.y += b.height;
    f.pending = 0;
    f.empty = false;
    f.text = f.text || text;
  }

  // The space the list asks for after the figure starting at item i (kept between it and the text).
  double space_after(std::size_t i) const {
    std::size_t end = i + std::get<VBox>(list_.items[i]).figure;
    auto* space = end < list_.items.size() ? std::get_if<VSpace>(&list_.items[end]) : nullptr;
    return space ? space->amount : 0;
  }

  double figure_height(std::size_t i) const {
    std::size_t end = i + std::get<VBox>(list_.items[i]).figure;
    double h = 0, pending = 0;
    for (std::size_t k = i; k < end; ++k) {
      if (auto* space = std::get_if<VSpace>(&list_.items[k])) pending = std::max(pending, space->amount);
      if (auto* b = std::get_if<VBox>(&list_.items[k])) {
        h += (k > i ? pending : 0) + b->height;
        pending = 0;
      }
    }
    return h;
  }

  // The figure at item i goes here when it fits and no earlier figure waits; it floats when it and the
  // figures already waiting fit together on an empty page; else the page ends before it.
  FigurePlace figure_place(const Fill& f, std::size_t i) const {
    std::size_t end = i + std::get<VBox>(list_.items[i]).figure;
    double notes = 0;
    for (std::size_t k = i; k < end; ++k)
      if (auto* b = std::get_if<VBox>(&list_.items[k])) notes += notes_height(f, *b);
    double h = figure_height(i);
    if (f.floats.empty() && f.y + f.pending + h + area(f.notes + notes) <= f.bottom + kEps) return FigurePlace::Here;
    double stacked = f.floats.empty() ? h : f.floats_height + space_after(f.floats.back()) + h;
    return stacked <= f.bottom - f.top + kEps ? FigurePlace::Float : FigurePlace::NextPage;
  }

  // Figures that floated from the previous page open this one, in order, whether or not they fit.
  void place_floats(Fill& f, const std::vector<std::size_t>& floats) const {
    for (std::size_t first : floats) {
      std::size_t end = first + std::get<VBox>(list_.items[first]).figure;
      for (std::size_t k = first; k < end; ++k) {
        if (auto* space = std::get_if<VSpace>(&list_.items[k]); space && !f.empty)
          f.pending = std::max(f.pending, space->amount);
        if (auto* b = std::get_if<VBox>(&list_.items[k])) {
          place(f, k, *b, false);
          for (int n : b->notes) add_note(f, n, 0, note(n).size());
        }
      }
      f.pending = space_after(first);
    }
  }

  double notes_height(const Fill& f, const VBox& b) const {
    double h = 0;
    bool first = f.page.notes.empty();
    for (int n : b.notes) {
      h += (first ? 0 : area_.gap) + lines_height(n, 0, note(n).size());
      first = false;
    }
    return h;
  }

  // Places box i with its notes split: as many lines of the first note as fit stay here (at least
  // `min_keep`, leaving at least `min_keep` for the next page unless none), the rest is carried.
  bool split_notes(Fill& f, std::size_t i, const VBox& b, double end, std::size_t min_keep) const {
    int first = b.notes.front();
    std::size_t total = note(first).size();
    std::size_t k = std::min(fitting_lines(f, first, 0, end), total);
    if (k < total && total - k < min_keep) k = total > min_keep ? total - min_keep : 0;
    if (k == 0 || k < std::min(min_keep, total)) return false;
    place(f, i, b);
    add_note(f, first, 0, k);
    if (k < total) f.carry.push_back({first, k});
    for (std::size_t m = 1; m < b.notes.size(); ++m) f.carry.push_back({b.notes[m], 0});
    return true;
  }

  // The first item of the floating figure that item p belongs to, if any.
  static std::optional<std::size_t> floating(const Fill& f, const VList& list, std::size_t p) {
    for (std::size_t first : f.floats)
      if (p >= first && p < first + std::get<VBox>(list.items[first]).figure) return first;
    return std::nullopt;
  }

  // Whether a page may start with box j, the page having started at `start` (figures that float
  // from this page are not on it).
  bool breakable_before(const Fill& f, std::size_t j, std::size_t start) const {
    const auto* b = std::get_if<VBox>(&list_.items[j]);
    if (!b) return false;
    bool before = false;
    for (std::size_t p = j; p > start && !before;) {
      --p;
      if (auto first = floating(f, list_, p)) {
        p = *first;
        continue;
      }
      if (auto* prev = std::get_if<VBox>(&list_.items[p])) {
        if (prev->keep_with_next) return false;
        before = true;
      }
    }
    if (!before) return false;
    return b->line <= 0 || (b->line >= orphans_ && b->lines - b->line >= widows_);
  }

  // Whether the page may end after box i (a split note ends its page there).
  bool ends_legally(const Fill& f, std::size_t start, std::size_t i) const {
    for (std::size_t j = i + 1; j < list_.items.size(); ++j) {
      if (std::holds_alternative<VPageBreak>(list_.items[j])) return true;
      if (std::holds_alternative<VBox>(list_.items[j])) return breakable_before(f, j, start);
    }
    return true;
  }

  // The latest legal break at or before box i. A page does not end with a word broken at a hyphen
  // when the break one line earlier is legal too: the page then ends a line short (TeX's
  // \brokenpenalty, which with \raggedbottom has the same effect).
  std::optional<std::size_t> legal_break(const Fill& f, std::size_t start, std::size_t i) const {
    std::optional<std::size_t> found;
    for (std::size_t j = i; j > start; --j) {
      if (!breakable_before(f, j, start)) continue;
      if (found) return after_hyphen(j) || boxes_between(j, *found) > 1 ? found : std::optional<std::size_t>(j);
      found = j;
      if (!after_hyphen(j)) return found;
    }
    return found;
  }

  std::size_t boxes_between(std::size_t from, std::size_t to) const {
    std::size_t n = 0;
    for (std::size_t k = from; k < to; ++k) n += std::holds_alternative<VBox>(list_.items[k]);
    return n;
  }

  // Whether the box just before j is a line that ends with a hyphen, with nothing but spaces between.
  bool after_hyphen(std::size_t j) const {
    while (j > 0) {
      --j;
      if (auto* b = std::get_if<VBox>(&list_.items[j])) return b->hyphenated;
      if (!std::holds_alternative<VSpace>(list_.items[j])) return false;
    }
    return false;
  }

  Fill fill(std::size_t start, const std::vector<NoteRest>& carry, const std::vector<std::size_t>& floats,
            std::size_t limit) const {
    Fill f;
    f.page.landscape = landscape_of_page(start, floats);
    BodyArea body = body_area(style_, f.page.landscape);
    f.top = body.top;
    f.bottom = body.bottom;
    f.y = f.top;
    place_carried(f, carry);
    place_floats(f, floats);
    for (std::size_t i = start; i < limit; ++i) {
      const VItem& item = list_.items[i];
      if (auto* space = std::get_if<VSpace>(&item)) {
        if (!f.empty) f.pending = std::max(f.pending, space->amount);
        continue;
      }
      if (std::holds_alternative<VPageBreak>(item)) {
        if (f.empty) continue;
        f.next = f.floats.empty() ? i + 1 : i;  // waiting figures go before the break
        return f;
      }
      const VBox& b = std::get<VBox>(item);
      auto where = b.figure > 0 && !f.empty ? figure_place(f, i) : FigurePlace::Here;
      if (where == FigurePlace::Float) {
        f.floats_height += (f.floats.empty() ? 0 : space_after(f.floats.back())) + figure_height(i);
        f.floats.push_back(i);
        i += std::size_t(b.figure) - 1;
        continue;
      }
      if (where == FigurePlace::NextPage) {  // after the figures already waiting, on the next page
        auto j = legal_break(f, start, i);
        if (j && *j < i) return fill(start, carry, floats, *j);
        f.forced = !j && f.text;
        f.next = i;
        return f;
      }
      double header = f.empty && b.header >= 0 ? list_.headers[b.header].height : 0;
      double end = (f.empty ? f.y : f.y + f.pending) + header + b.height;
      if (end + area(f.notes + notes_height(f, b)) <= f.bottom + kEps) {
        place(f, i, b);
        for (int n : b.notes) add_note(f, n, 0, note(n).size());
        continue;
      }
      if (!b.notes.empty() && ends_legally(f, start, i) && split_notes(f, i, b, end, 2)) {
        f.next = i + 1;
        return f;
      }
      auto j = f.empty ? std::nullopt : legal_break(f, start, i);
      if (j && *j < i) return fill(start, carry, floats, *j);
      if (j) {
        f.next = i;
        return f;
      }
      // No legal break: the box goes where it must (a widow or orphan, or an oversized box alone).
      f.forced = f.text;
      if (!f.empty) {
        f.next = i;
        return f;
      }
      if (!b.notes.empty() && split_notes(f, i, b, end, 1)) {
        f.next = i + 1;
        return f;
      }
      place(f, i, b);
      for (int n : b.notes) f.carry.push_back({n, 0});
      f.next = i + 1;
      return f;
    }
    f.next = limit;
    return f;
  }

  // A page is landscape when the figures waiting for it are (they never pass a page break), else when
  // its first box is: breaks and spaces before that box may turn the page still.
  bool landscape_of_page(std::size_t start, const std::vector<std::size_t>& floats) const {
    if (!floats.empty()) return landscape_[floats.front()];
    for (std::size_t i = start; i < list_.items.size(); ++i)
      if (std::holds_alternative<VBox>(list_.items[i])) return landscape_[i];
    return start < landscape_.size() && landscape_[start];
  }

  const VList& list_;
  const Style& style_;
  NoteArea area_;
  std::vector<bool> landscape_;  // per item of the list
  int widows_, orphans_;
};

class Builder {
 public:
  Builder(VList& list, const Style& style) : list_(list), style_(style), area_(note_area_of(style)) {}

  Page page(const PagePlan& plan) {
    Page page;
    page.width = style_.page_width;
    page.height = style_.page_height;
    // A landscape page's boxes go into its turned body, whose frame is the portrait text area turned.
    std::vector<Item>* body = &page.items;
    if (plan.landscape) {
      TurnedBody turned;
      turned.x = style_.margin_left;
      turned.y = style_.page_height - style_.margin_bottom;
      turned.width = style_.text_height();
      turned.height = style_.measure();
      page.turned = std::move(turned);
      body = &page.turned->items;
    }
    for (const auto& placed : plan.boxes) {
      VBox box = placed.header ? list_.headers[placed.item] : std::move(std::get<VBox>(list_.items[placed.item]));
      if (placed.header) untag(box);  // a repeated header is read once, where the table starts
      put(*body, box, placed.y);
      for (int g = box.group; g >= 0; g = list_.groups[g].parent) extend(g, placed.y, placed.y + box.height);
    }
    if (!plan.notes.empty()) notes(*body, plan);
    backgrounds(*body);
    return page;
  }

 private:
  struct Extent {
    int group;
    double top, bottom;
  };

  // Items that name no structure element take their box's (pages.hpp, StructElem).
  static void put(std::vector<Item>& out, VBox& box, double y, double dx = 0) {
    for (auto& item : box.items) {
      shift(item, y);
      if (dx != 0) std::visit([dx](auto& i) { i.x += dx; }, item);
      std::visit(overloaded{[&](GlyphRun& r) { r.tag = r.tag == -1 ? box.tag : r.tag; },
                            [&](PlacedImage& p) { p.tag = p.tag == -1 ? box.tag : p.tag; },
                            [&](LinkArea& l) { l.tag = l.tag == -1 ? box.tag : l.tag; }, [](auto&) {}},
                 item);
      out.push_back(std::move(item));
    }
  }

  static void untag(VBox& box) {
    box.tag = -1;
    for (auto& item : box.items)
      std::visit(overloaded{[](GlyphRun& r) { r.tag = -1; }, [](PlacedImage& p) { p.tag = -1; },
                            [](LinkArea& l) { l.tag = -1; }, [](auto&) {}},
                 item);
  }

  // The note area sits at the body's bottom: a short rule, then the notes.
  void notes(std::vector<Item>& out, const PagePlan& plan) {
    BodyArea body = body_area(style_, plan.landscape);
    double y = body.bottom - plan.note_area;
    out.push_back(Rule{body.left, y + 0.4 * area_.skip, area_.rule_width, 0.4, style_.text_color});
    y += area_.skip;
    for (std::size_t n = 0; n < plan.notes.size(); ++n) {
      const auto& placed = plan.notes[n];
      auto& lines = list_.notes[placed.number];
      if (n > 0) y += area_.gap;
      for (std::size_t k = placed.from; k < placed.to && k < lines.size(); ++k) {
        if (k > placed.from) y += lines[k].space_before;
        put(out, lines[k].box, y, body.left - style_.margin_left);  // notes are set for portrait pages
        y += lines[k].box.height;
      }
    }
  }

  void extend(int group, double top, double bottom) {
    for (auto it = extents_.rbegin(); it != extents_.rend(); ++it) {
      if (it->group != group) continue;
      it->bottom = bottom;
      return;
    }
    extents_.push_back({group, top, bottom});
  }

  // Group rectangles go first so that they are drawn behind the text.
  void backgrounds(std::vector<Item>& out) {
    if (extents_.empty()) return;
    std::stable_sort(extents_.begin(), extents_.end(), [](auto& a, auto& b) { return a.group < b.group; });
    std::vector<Item> rects;
    for (const auto& e : extents_) {
      const Group& g = list_.groups[e.group];
      rects.push_back(Rule{g.x, e.top, g.width, e.bottom - e.top, g.color});
    }
    out.insert(out.begin(), std::make_move_iterator(rects.begin()), std::make_move_iterator(rects.end()));
    extents_.clear();
  }

  VList& list_;
  const Style& style_;
  NoteArea area_;
  std::vector<Extent> extents_;
};

}  // namespace

Plan plan_pages(const VList& list, const Style& style) { return Planner(list, style).run(); }

std::vector<Page> make_pages(VList& list, const Plan& plan, const Style& style) {
  Builder builder(list, style);
  std::vector<Page> pages;
  pages.reserve(plan.pages.size());
  for (const auto& p : plan.pages) {
    pages.push_back(builder.page(p));
    progress().add_laid_out_page();
  }
  return pages;
}

std::vector<Page> paginate(VList& list, const Style& style) { return make_pages(list, plan_pages(list, style), style); }

}  // namespace quire::layout
