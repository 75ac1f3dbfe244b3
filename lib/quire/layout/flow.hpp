#pragma once
// Blocks → pages: a vertical list of boxes (lines, table rows, images), spaces and page breaks,
// cut into pages. Boxes never split; spaces collapse (the larger wins) and vanish at a page top.
// Pagination is planned first (plan_pages: where every box goes, without touching the list), then
// the plan is carried out (make_pages). Planning is cheap, so the table of contents can re-plan
// until its page numbers are stable without re-setting any paragraph.
#include <cstddef>
#include <map>
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
  int line = -1;            // this line's index in its paragraph (widow and orphan control); -1: not a line
  int lines = 0;            // the paragraph's number of lines
  bool hyphenated = false;  // the line ends with a hyphen it broke a word at: not the last on a page
  std::vector<int> notes;   // footnotes first referenced in this box: they go at the bottom of its page
  // A figure's first box: the number of list items the figure spans (image, caption). A figure that
  // does not fit floats to the top of the next page while the text after it fills this one.
  int figure = 0;
  int tag = -1;  // the structure element of its items that name none (pages.hpp); -1: artifacts
};

struct VSpace {
  double amount = 0;
};

// Ends the page. `turn` also turns the pages after it: landscape pages (`::: landscape`), whose body
// is a turned frame as wide as the portrait text area is high (TurnedBody), or portrait ones again.
struct VPageBreak {
  enum class Turn { Keep, Landscape, Portrait };
  Turn turn = Turn::Keep;
};

using VItem = std::variant<VBox, VSpace, VPageBreak>;

// One line of a footnote, with the space above it inside the note.
struct NoteLine {
  VBox box;
  double space_before = 0;
};

struct VList {
  std::vector<VItem> items;
  std::vector<VBox> headers;  // repeated table headers
  std::vector<Group> groups;
  std::map<int, std::vector<NoteLine>> notes;  // footnote number → its lines, set at the note size
};

// Where one page's boxes go. `item` indexes VList::items, or VList::headers when `header` is set.
struct PlacedBox {
  std::size_t item = 0;
  double y = 0;  // top of the box on the page
  bool header = false;
};

// Lines [from, to) of footnote `number`, in the note area at the page bottom.
struct PlacedNote {
  int number = 0;
  std::size_t from = 0, to = 0;
};

struct PagePlan {
  std::vector<PlacedBox> boxes;
  std::vector<PlacedNote> notes;
  double note_area = 0;    // height of the note area (rule and notes) above the bottom margin
  bool landscape = false;  // the boxes go into a turned body (TurnedBody), y from its frame's top
};

struct Plan {
  std::vector<PagePlan> pages;
  std::vector<int> page_of;           // per item of the list: the page its box went to (-1 for non-boxes)
  int orphans_and_widows_forced = 0;  // breaks that had to leave a widow or orphan (no legal break)
};

// Decides where every box goes: widows and orphans (style.widows / style.orphans lines), keep-with-next,
// repeated table headers, footnotes at the bottom of the page that references them (split to the
// next page only when they cannot fit) and floating figures (at most one page later, in order, never
// past a page break). Reads the list, never changes it.
Plan plan_pages(const VList& list, const Style& style);

// Carries out a plan: moves the list's items onto pages (a landscape page's into its turned body), adds
// group rectangles behind them and the footnote area (a short rule, then the notes) at the body's bottom.
std::vector<Page> make_pages(VList& list, const Plan& plan, const Style& style);

// plan_pages then make_pages.
std::vector<Page> paginate(VList& list, const Style& style);

// Where a page's body goes, in the coordinates its boxes are set in: the page's (portrait) or its turned
// frame's (landscape: the frame is the portrait text area turned, so its top is 0 and its bottom the
// portrait measure).
struct BodyArea {
  double left = 0, top = 0, bottom = 0;
};
BodyArea body_area(const Style& style, bool landscape);

// The footnote area's geometry: the gap above the notes (the rule sits in it) and between two notes.
struct NoteArea {
  double skip = 0, gap = 0, rule_width = 0;
};
NoteArea note_area_of(const Style& style);

}  // namespace quire::layout
