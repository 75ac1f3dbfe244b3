#pragma once
// Blocks → pages: a vertical list of boxes (lines, table rows, images), spaces and page breaks,
// cut into pages. Boxes never split; spaces collapse (the larger wins) and vanish at a page top.
#include <variant>
#include <vector>

#include "quire/layout/pages.hpp"
#include "quire/layout/style.hpp"

namespace quire::layout {

// A rectangle drawn behind every box of a group, on each page the group reaches: quote bars and
// code backgrounds, which must follow their content across page breaks.
struct Group {
  double x = 0, width = 0;  // the rectangle's horizontal extent; it spans its boxes vertically
  Color color;
  int parent = -1;  // an enclosing group, which then spans these boxes too
};

struct VBox {
  double height = 0;
  double baseline = 0;          // of the first line, from the top; where list labels go
  std::vector<Item> items;      // y relative to the box top
  bool keep_with_next = false;  // never the last box on a page (headings, table headers, figures)
  int header = -1;              // a box of VList::headers to repeat above this box at a page top
  int group = -1;
};

struct VSpace {
  double amount = 0;
};

struct VPageBreak {};

using VItem = std::variant<VBox, VSpace, VPageBreak>;

struct VList {
  std::vector<VItem> items;
  std::vector<VBox> headers;  // repeated table headers
  std::vector<Group> groups;
};

// Cuts the list into pages of the style's size; items are moved out of the list.
std::vector<Page> paginate(VList& list, const Style& style);

}  // namespace quire::layout
