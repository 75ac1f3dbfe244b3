#include "quire/layout/flow.hpp"

#include <algorithm>

namespace quire::layout {

namespace {

void shift(Item& item, double dy) {
  std::visit([dy](auto& i) { i.y += dy; }, item);
}

class Paginator {
 public:
  Paginator(VList& list, const Style& style) : list_(list), style_(style) {}

  std::vector<Page> run() {
    new_page();
    for (std::size_t i = 0; i < list_.items.size(); ++i) {
      auto& item = list_.items[i];
      if (auto* space = std::get_if<VSpace>(&item)) {
        if (!empty_) pending_ = std::max(pending_, space->amount);
      } else if (std::holds_alternative<VPageBreak>(item)) {
        if (!empty_) new_page();
      } else {
        box(std::get<VBox>(item), i);
      }
    }
    if (empty_ && pages_.size() > 1) pages_.pop_back();  // after a trailing page break
    finish_page();
    return std::move(pages_);
  }

 private:
  struct Extent {
    int group;
    double top, bottom;
  };

  double bottom() const { return style_.page_height - style_.margin_bottom; }

  void box(VBox& b, std::size_t i) {
    if (!empty_ && y_ + pending_ + chain_height(i) > bottom() + 1e-6) new_page();
    if (empty_ && b.header >= 0) {
      VBox header = list_.headers[b.header];
      place(header);
    }
    place(b);
  }

  // The height of box i and of the boxes it is kept with, with the spaces between them.
  double chain_height(std::size_t i) const {
    const auto& first = std::get<VBox>(list_.items[i]);
    double height = first.height, space = 0;
    bool keep = first.keep_with_next;
    for (std::size_t j = i + 1; keep && j < list_.items.size(); ++j) {
      const auto& item = list_.items[j];
      if (auto* s = std::get_if<VSpace>(&item)) {
        space = std::max(space, s->amount);
      } else if (auto* b = std::get_if<VBox>(&item)) {
        height += space + b->height;
        space = 0;
        keep = b->keep_with_next;
      } else {
        break;
      }
    }
    return height;
  }

  void place(VBox& b) {
    if (!empty_) y_ += pending_;
    pending_ = 0;
    auto& items = pages_.back().items;
    for (auto& item : b.items) {
      shift(item, y_);
      items.push_back(std::move(item));
    }
    for (int g = b.group; g >= 0; g = list_.groups[g].parent) extend(g, y_, y_ + b.height);
    y_ += b.height;
    empty_ = false;
  }

  void extend(int group, double top, double bottom) {
    for (auto it = extents_.rbegin(); it != extents_.rend(); ++it) {
      if (it->group != group) continue;
      it->bottom = bottom;
      return;
    }
    extents_.push_back({group, top, bottom});
  }

  void new_page() {
    finish_page();
    Page page;
    page.width = style_.page_width;
    page.height = style_.page_height;
    pages_.push_back(std::move(page));
    y_ = style_.margin_top;
    pending_ = 0;
    empty_ = true;
  }

  // Group rectangles go first so that they are drawn behind the text.
  void finish_page() {
    if (pages_.empty() || extents_.empty()) return;
    std::sort(extents_.begin(), extents_.end(), [](auto& a, auto& b) { return a.group < b.group; });
    std::vector<Item> rects;
    for (const auto& e : extents_) {
      const Group& g = list_.groups[e.group];
      rects.push_back(Rule{g.x, e.top, g.width, e.bottom - e.top, g.color});
    }
    auto& items = pages_.back().items;
    items.insert(items.begin(), std::make_move_iterator(rects.begin()), std::make_move_iterator(rects.end()));
    extents_.clear();
  }

  VList& list_;
  const Style& style_;
  std::vector<Page> pages_;
  std::vector<Extent> extents_;
  double y_ = 0, pending_ = 0;
  bool empty_ = true;
};

}  // namespace

std::vector<Page> paginate(VList& list, const Style& style) { return Paginator(list, style).run(); }

}  // namespace quire::layout
