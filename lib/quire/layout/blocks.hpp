#pragma once
// The engine's internals: one method per block kind, each appending to a vertical list.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "quire/layout/engine.hpp"
#include "quire/layout/flow.hpp"
#include "quire/layout/footnotes.hpp"
#include "quire/layout/letter.hpp"
#include "quire/layout/paragraph.hpp"

namespace quire::layout {

// A list label: the symbol when a face (or a fallback) has it, else its ASCII stand-in.
struct Symbol {
  char32_t c;
  const char* utf8;
  const char* ascii;
};

// Where blocks go and how their text looks by default.
struct Frame {
  double left = 0, width = 0;
  double size = 11;
  Color color;
  int group = -1;      // quote bar or code background enclosing these blocks
  bool tight = false;  // inside a tight list item: no space after paragraphs
  int list_depth = 0;
};

// A heading as the table of contents, the outline and running headers see it.
struct HeadingEntry {
  int level = 1;
  std::string id;          // its anchor
  std::string title;       // plain text, with its number when sections are numbered
  model::Inlines content;  // the same as set in the text (number included, notes and links removed)
  std::size_t item = 0;    // its first line in the vertical list
};

// A numbered figure or table as its list (lof, lot) sees it.
struct CaptionEntry {
  std::string id;          // its anchor (empty: no link)
  model::Inlines caption;  // with its number ("Figure 3: …")
  std::size_t item = 0;    // its first box in the vertical list
};

// How a run of lines is set: their box, line height and where the baseline sits in a line.
struct LineLook {
  double x = 0, width = 0;
  double height = 0, baseline = 0;
  model::Align align = model::Align::Left;
  bool justify = false;
};

class Engine {
 public:
  // `letter`: the letter the document describes (letter.hpp), or null.
  Engine(const model::Document& doc, const Style& style, const FontSet& fonts, const FontMetrics& metrics,
         const ImageProbe& images, Diagnostics& diags, const Letter* letter = nullptr);
  LaidOutDocument run();

 private:
  void blocks(const model::Blocks& bs, const Frame& f);
  void block(const model::Block& b, const Frame& f);
  void paragraph(const model::Inlines& in, const model::Block& b, const Frame& f);
  void heading(const model::Heading& h, const model::Block& b, const Frame& f);
  void list(const std::vector<model::ListItem>& items, bool ordered, int start, bool tight, const Frame& f);
  void label(std::size_t first_item, const std::string& text, const Frame& item_frame, double gap, int tag);
  // Lists and quotes indent from the right where the document or a div says the text runs right to left.
  bool right_to_left() const { return direction_ == text::Direction::Rtl; }
  std::string symbol(const Symbol& s) const;
  void quote(const model::BlockQuote& q, const Frame& f);
  void div(const model::Div& d, const Frame& f);
  void landscape(const model::Div& d, const Frame& f);
  // `indent`, or 0 when it would leave less than a third of the text width (deep nesting).
  double indent_by(const Frame& f, double indent) const;
  void code(const model::CodeBlock& c, const model::Block& b, const Frame& f);
  void table(const model::Table& t, const model::Block& b, const Frame& f);
  void image(const model::Image& img, const model::Block& b, const Frame& f);
  std::pair<double, double> figure_size(const model::Image& img, double w, double h, const model::Block& b,
                                        const Frame& f);
  void caption(const model::Inlines& text, const model::Block& b, const Frame& f);
  void captioned_table(const model::Table& t, const model::Block& b, const Frame& f);
  std::string anchor_for(const std::string& id, const char* kind, const std::string& number);
  std::size_t anchor_at(std::size_t first, const std::string& anchor, const Frame& f);
  void figure(std::size_t first, const Frame& f, bool floats);
  void thematic_break(const Frame& f);
  void title_block(const Frame& f);
  void title_logo(const model::MetaValue* logo, const Frame& f);
  void footnotes(const Frame& f);
  void mark_note_references();
  std::string heading_number(int level);

  // The logical structure (tagged PDF): an element opened inside the current one; the boxes added
  // until it is closed that no inner element took belong to it.
  struct Open {
    int index = -1, outer = -1;
    std::size_t first = 0;
  };
  Open open_element(std::string role);
  void close_element(const Open& e);
  int add_element(std::string role, int parent);  // an element by itself: list labels, table cells
  // Gives the items in items[from, end) that name no element the element `tag` (after inline_elements).
  void tag_items(std::vector<Item>& items, std::size_t from, int tag);
  // Inline elements among `element`'s items from `from` on that name no element yet: a run in another
  // language than its block's becomes a Span with /Lang (consecutive runs share one), a footnote's mark a
  // Reference (with its link), which the note's element will follow.
  struct InlineState {
    int span = -1;
    std::string lang;
  };
  void inline_elements(std::vector<Item>& items, std::size_t from, int element, InlineState& state);
  // The elements a letter's frame draws into, made before the text so that they are read first.
  LetterTags letter_elements();
  std::string heading_id(const model::Heading& h);

  // toc.cpp: the table of contents and the lists of figures and tables (re-planned until their page
  // numbers hold), and the outline.
  struct FrontPages {  // the page numbers the lists show, in the order of their entries
    std::vector<int> headings, figures, tables;
    bool operator==(const FrontPages&) const = default;
  };
  Plan contents(const Frame& f, std::size_t at);
  std::vector<VItem> toc_items(const FrontPages& pages, const Frame& f);
  void list_title(const std::string& text, const std::string& anchor, const Frame& f);
  void toc_entry(const HeadingEntry& h, const std::string& page, const Frame& f, bool caption_entry = false);
  std::vector<OutlineEntry> outline(const std::vector<Page>& pages) const;
  // furniture.cpp: running headers and footers, and the watermark.
  void furniture(std::vector<Page>& pages) const;
  void watermark(Page& page) const;

  // Sets items as lines, one VBox each; `keep` keeps every line with the next box (headings).
  // `indent` shortens the first line from the left (first-line indent). Returns the first box's index.
  std::size_t add_lines(ParagraphItems& items, const LineLook& look, const Frame& f, const model::Block* where,
                        bool keep = false, double indent = 0);
  // Lines of items (already split to fit) set into `out` at y = top + k × look.height.
  int set_lines(const ParagraphItems& items, const LineLook& look, double top, std::vector<Item>& out) const;
  void fit_words(ParagraphItems& items, double width, const model::Block* where);
  // Warns of each character no font has (rule missing-glyph) at `where`.
  void warn_missing(const std::vector<MissingChar>& missing, const model::Block* where);
  Linebreaks strategy(const LineLook& look) const;
  LineLook look_for(const TextStyle& ts, double leading, const Frame& f) const;
  TextStyle body(const Frame& f) const;
  void space(double amount);
  void keep_last_box();                   // the last box so far stays on the page of the next one
  void keep_together(std::size_t first);  // the boxes from `first` on stay on one page
  double line_height(const Frame& f) const { return f.size * style_.leading; }
  // Text in the language and direction of the innermost div that sets them (`lang=`, `dir=`), else the
  // document's.
  InlineContext inline_context() const {
    return {fonts_, notes_, style_.link_color, {lang_, style_.hyphenate}, direction_};
  }

  const model::Document& doc_;
  const Style& style_;
  Fonts fonts_;
  const ImageProbe& images_;
  Diagnostics& diags_;
  FootnoteNumbers notes_;
  std::string lang_;                                   // set by the document and by divs
  text::Direction direction_ = text::Direction::Auto;  // likewise
  VList list_;
  std::vector<HeadingEntry> headings_;
  std::set<std::string> ids_;
  int counters_[6] = {};
  bool after_paragraph_ = false;  // the previous block was a paragraph (first-line indent)
  bool title_shown_ = false;
  const Letter* letter_ = nullptr;
  std::vector<StructElem> structure_;  // [0] is the document
  int current_ = -1;                   // the innermost open element
  bool decorative_ = false;            // inside `::: decorative`: images are artifacts
  bool landscape_ = false;             // inside `::: landscape`: blocks go on turned pages
  double body_height_ = 0;             // of the pages the blocks go on: the text height, or the measure turned
  double hanging_ = 0;  // inside `::: hanging-indent` (a bibliography): lines after the first indent by this
  std::vector<CaptionEntry> figure_entries_, table_entries_;  // numbered ones, for lof and lot
  int toc_element_ = -1;                                      // the table of contents' element, made before the blocks
  int lof_element_ = -1, lot_element_ = -1;                   // the lists of figures' and tables', likewise
  std::size_t toc_entries_from_ = 0;  // its entries' elements start here (each round of contents() anew)
  std::map<int, int> note_refs_;      // a footnote's number → the Reference element of its first mark
};

}  // namespace quire::layout
