#pragma once
// Inlines → a box/glue/penalty list (one box per word, made of font runs), and lines of that list
// → positioned glyph runs. Line breaking itself is linebreak.hpp's job.
#include <string>
#include <vector>

#include "quire/layout/breaks.hpp"
#include "quire/layout/footnotes.hpp"
#include "quire/layout/linebreak.hpp"
#include "quire/layout/pages.hpp"
#include "quire/layout/text.hpp"
#include "quire/model/document.hpp"

namespace quire::layout {

struct TextStyle {
  Family family = Family::Serif;
  bool bold = false, italic = false;
  double size = 11;
  Color color;
};

// A run of characters in one face, size and decoration: part (or all) of one word.
struct Piece {
  std::string text;
  double width = 0;         // kerned
  std::vector<Kern> kerns;  // in points, `at` into text
  double size = 0;
  double rise = 0;  // raised above the baseline (superscripts)
  int face = 0;
  int link = -1;  // index into ParagraphItems::links
  bool strike = false;
  Color color;
};

struct ParagraphItems {
  std::vector<Node> nodes;  // ends with a forced break
  std::vector<Piece> pieces;
  std::vector<std::string> links;
};

struct InlineContext {
  const Fonts& fonts;
  const FootnoteNumbers& notes;
  Color link_color;
  BreakRules breaks = {};  // where a word may break besides its spaces (UAX #14, hyphenation)
};

ParagraphItems build_paragraph(const model::Inlines& inlines, const TextStyle& base, const InlineContext& ctx);
// The same for plain text (labels, metadata): spaces become glue.
ParagraphItems build_text(std::string_view text, const TextStyle& base, const Fonts& fonts);

// Splits every box wider than `measure` between characters (a line may break there); returns the
// number of boxes split, so that the caller can warn.
int split_wide_boxes(ParagraphItems& items, double measure, const Fonts& fonts);

// The widest single line the items make (no breaks but forced ones), and the widest box.
double natural_width(const ParagraphItems& items);
double widest_box(const ParagraphItems& items);

struct LineSetting {
  double x = 0, width = 0;  // the line's box
  double baseline = 0;
  model::Align align = model::Align::Left;
  bool justify = false;
};

// Places the nodes [from, to) as one line: one GlyphRun per piece, a Rule through struck pieces,
// a LinkArea over linked ones. `last` lines (paragraph end, forced breaks) are never justified.
void set_line(const ParagraphItems& items, std::size_t from, std::size_t to, bool last, const LineSetting& line,
              const Fonts& fonts, std::vector<Item>& out);

}  // namespace quire::layout
