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
#include "quire/text/bidi.hpp"

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
  double width = 0;           // the glyphs' advances
  std::vector<Glyph> glyphs;  // shaped, clusters into text
  double size = 0;
  double rise = 0;  // raised above the baseline (superscripts)
  int face = 0;
  int link = -1;  // index into ParagraphItems::links
  bool strike = false;
  Color color;
  std::uint8_t level = 0;    // bidi embedding level: odd is right to left
  std::uint32_t script = 0;  // ISO 15924 tag (text/script.hpp)
  int lang = -1;             // index into ParagraphItems::langs (a span's `lang=`); -1: the paragraph's
};

// A character no font on the system has: drawn as the face's .notdef box, and warned about.
struct MissingChar {
  char32_t c = 0;
  std::uint32_t script = 0;
};

// Notes the characters of a cluster no font has, each once and at most 64 in all.
void note_missing(std::vector<MissingChar>& missing, std::string_view cluster, std::uint32_t script);

struct ParagraphItems {
  std::vector<Node> nodes;  // ends with a forced break
  std::vector<Piece> pieces;
  std::vector<std::string> links;
  std::vector<std::string> langs;    // the languages of spans with `lang=` (Piece::lang)
  bool rtl = false;                  // the paragraph runs right to left (its base level is odd)
  std::vector<MissingChar> missing;  // each character once
};

struct InlineContext {
  const Fonts& fonts;
  const FootnoteNumbers& notes;
  Color link_color;
  BreakRules breaks = {};  // where a word may break besides its spaces (UAX #14, hyphenation); its lang
  text::Direction direction = text::Direction::Auto;  // the paragraph's; Auto: its first strong character
};

ParagraphItems build_paragraph(const model::Inlines& inlines, const TextStyle& base, const InlineContext& ctx);
// The same for plain text (labels, metadata): spaces become glue.
ParagraphItems build_text(std::string_view text, const TextStyle& base, const Fonts& fonts);

// Splits every box wider than `measure` between clusters (a line may break there); returns the
// number of boxes split, so that the caller can warn.
int split_wide_boxes(ParagraphItems& items, double measure);

// Shaped pieces cut between clusters: whether a cluster starts at byte `at` of the piece (its ends
// always do), every cluster start, and the piece's bytes [from, to) with their glyphs.
bool starts_cluster(const Piece& p, std::size_t at);
std::vector<std::size_t> cluster_starts(const Piece& p);
Piece slice(const Piece& p, std::size_t from, std::size_t to);

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
