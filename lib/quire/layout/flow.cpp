#include "quire/layout/flow.hpp"

#include <algorithm>
#include <optional>

namespace quire::layout {

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
class Planner {
 public:
  Planner(const VList& list, const Style& style)
      : list_(list),
        style_(style),
        area_(note_area_of(style)),
        top_(style.margin_top),
        bottom_(style.page_height - style.margin_bottom),
        widows_(std::max(1, style.widows)),
        orphans_(std::max(1, style.orphans)) {}

  Plan run() {
    Plan plan;
    plan.page_of.assign(list_.items.size(), -1);
    std::size_t start = 0;
    std::vector<NoteRest> carry;
    while (start < list_.items.size() || !carry.empty()) {
      Fill f = fill(start, carry, list_.items.size());
      if (f.forced) ++plan.orphans_and_widows_forced;
      start = f.next;
      carry = std::move(f.carry);
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
    bool forced = false;
    // Running state while the page fills.
    double y = 0, pending = 0, notes = 0;  // notes: the height of the notes placed (without the skip)
    bool empty = true;
  };

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
      if (y + area(used) > bottom_ + kEps) break;
    }
    return k;
  }

  // Notes carried from the previous page come first; they leave room for at least one line of text.
  void place_carried(Fill& f, const std::vector<NoteRest>& carry) const {
    double limit = top_ + style_.font_size * style_.leading;
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

  void place(Fill& f, std::size_t i, const VBox& b) const {
    if (!f.empty) f.y += f.pending;
    if (f.empty && b.header >= 0) {
      f.page.boxes.push_back({std::size_t(b.header), f.y, true});
      f.y += list_.headers[b.header].height;
    }
    f.page.boxes.push_back({i, f.y, false});
    f.y += b.height;
    f.pending = 0;
    f.empty = false;
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

  // Whether a page may start with box j, the page having started at `start`.
  bool breakable_before(std::size_t j, std::size_t start) const {
    const auto* b = std::get_if<VBox>(&list_.items[j]);
    if (!b) return false;
    bool before = false;
    for (std::size_t p = j; p > start && !before;) {
      --p;
      if (auto* prev = std::get_if<VBox>(&list_.items[p])) {
        if (prev->keep_with_next) return false;
        before = true;
      }
    }
    if (!before) return false;
    return b->line <= 0 || (b->line >= orphans_ && b->lines - b->line >= widows_);
  }

  // Whether the page may end after box i (a split note ends its page there).
  bool ends_legally(std::size_t start, std::size_t i) const {
    for (std::size_t j = i + 1; j < list_.items.size(); ++j) {
      if (std::holds_alternative<VPageBreak>(list_.items[j])) return true;
      if (std::holds_alternative<VBox>(list_.items[j])) return breakable_before(j, start);
    }
    return true;
  }

  std::optional<std::size_t> legal_break(std::size_t start, std::size_t i) const {
    for (std::size_t j = i; j > start; --j)
      if (breakable_before(j, start)) return j;
    return std::nullopt;
  }

  Fill fill(std::size_t start, const std::vector<NoteRest>& carry, std::size_t limit) const {
    Fill f;
    f.y = top_;
    place_carried(f, carry);
    for (std::size_t i = start; i < limit; ++i) {
      const VItem& item = list_.items[i];
      if (auto* space = std::get_if<VSpace>(&item)) {
        if (!f.empty) f.pending = std::max(f.pending, space->amount);
        continue;
      }
      if (std::holds_alternative<VPageBreak>(item)) {
        if (f.empty) continue;
        f.next = i + 1;
        return f;
      }
      const VBox& b = std::get<VBox>(item);
      double header = f.empty && b.header >= 0 ? list_.headers[b.header].height : 0;
      double end = (f.empty ? f.y : f.y + f.pending) + header + b.height;
      if (end + area(f.notes + notes_height(f, b)) <= bottom_ + kEps) {
        place(f, i, b);
        for (int n : b.notes) add_note(f, n, 0, note(n).size());
        continue;
      }
      if (!b.notes.empty() && ends_legally(start, i) && split_notes(f, i, b, end, 2)) {
        f.next = i + 1;
        return f;
      }
      auto j = f.empty ? std::nullopt : legal_break(start, i);
      if (j && *j < i) return fill(start, carry, *j);
      if (j) {
        f.next = i;
        return f;
      }
      // No legal break: the box goes where it must (a widow or orphan, or an oversized box alone).
      f.forced = !f.empty;
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

  const VList& list_;
  const Style& style_;
  NoteArea area_;
  double top_, bottom_;
  int widows_, orphans_;
};

class Builder {
 public:
  Builder(VList& list, const Style& style) : list_(list), style_(style), area_(note_area_of(style)) {}

  Page page(const PagePlan& plan) {
    Page page;
    page.width = style_.page_width;
    page.height = style_.page_height;
    for (const auto& placed : plan.boxes) {
      VBox box = placed.header ? list_.headers[placed.item] : std::move(std::get<VBox>(list_.items[placed.item]));
      put(page, box, placed.y);
      for (int g = box.group; g >= 0; g = list_.groups[g].parent) extend(g, placed.y, placed.y + box.height);
    }
    if (!plan.notes.empty()) notes(page, plan);
    backgrounds(page);
    return page;
  }

 private:
  struct Extent {
    int group;
    double top, bottom;
  };

  static void put(Page& page, VBox& box, double y) {
    for (auto& item : box.items) {
      shift(item, y);
      page.items.push_back(std::move(item));
    }
  }

  // The note area sits on the bottom margin: a short rule, then the notes.
  void notes(Page& page, const PagePlan& plan) {
    double y = style_.page_height - style_.margin_bottom - plan.note_area;
    page.items.push_back(Rule{style_.margin_left, y + 0.4 * area_.skip, area_.rule_width, 0.4, style_.text_color});
    y += area_.skip;
    for (std::size_t n = 0; n < plan.notes.size(); ++n) {
      const auto& placed = plan.notes[n];
      auto& lines = list_.notes[placed.number];
      if (n > 0) y += area_.gap;
      for (std::size_t k = placed.from; k < placed.to && k < lines.size(); ++k) {
        if (k > placed.from) y += lines[k].space_before;
        put(page, lines[k].box, y);
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
  void backgrounds(Page& page) {
    if (extents_.empty()) return;
    std::stable_sort(extents_.begin(), extents_.end(), [](auto& a, auto& b) { return a.group < b.group; });
    std::vector<Item> rects;
    for (const auto& e : extents_) {
      const Group& g = list_.groups[e.group];
      rects.push_back(Rule{g.x, e.top, g.width, e.bottom - e.top, g.color});
    }
    page.items.insert(page.items.begin(), std::make_move_iterator(rects.begin()), std::make_move_iterator(rects.end()));
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
  for (const auto& p : plan.pages) pages.push_back(builder.page(p));
  return pages;
}

std::vector<Page> paginate(VList& list, const Style& style) { return make_pages(list, plan_pages(list, style), style); }

}  // namespace quire::layout
