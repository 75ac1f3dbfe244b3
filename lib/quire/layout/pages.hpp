#pragma once
// Laid-out pages: what the layout engine produces and every backend draws.
// Units are PostScript points; the origin is the page's top-left corner and y grows downwards
// (the PDF backend alone flips to PDF's bottom-left origin).
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace quire::layout {

struct Color {
  double r = 0, g = 0, b = 0;  // 0–1
  bool operator==(const Color&) const = default;
};

// A TrueType face the document uses; GlyphRun::face indexes LaidOutDocument::fonts.
struct FontFace {
  std::string path;
  int index = 0;  // face index inside a .ttc collection
  bool operator==(const FontFace&) const = default;
};

// One shaped glyph of a GlyphRun: what the shaper (HarfBuzz) chose and where it goes.
struct Glyph {
  std::uint32_t id = 0;       // glyph index in the run's face (not a character)
  std::uint32_t cluster = 0;  // byte offset into GlyphRun::text where this glyph's cluster starts
  float advance = 0;          // points: how far the pen moves after this glyph (kerning included)
  float dx = 0, dy = 0;       // points: where the glyph sits relative to the pen (marks); dy is upwards
  bool operator==(const Glyph&) const = default;
};

// Text in one face and size, drawn from (x, baseline y): a shaped run of one script and direction.
// `text` is the run's characters in logical (reading) order: what extraction and search must give back.
// `glyphs` are in visual order, left to right, each naming the cluster of `text` it draws (several glyphs
// may share a cluster: marks, Indic reordering; one glyph may stand for several characters: ligatures).
// In a right-to-left run (`rtl`) clusters decrease from left to right. Layout places words and runs itself,
// so justification never relies on the backend's word spacing.
struct GlyphRun {
  double x = 0, y = 0;
  int face = 0;
  double size = 10;
  std::string text;  // UTF-8, logical order
  Color color;
  double angle = 0;           // degrees, counter-clockwise about (x, y): watermarks
  std::vector<Glyph> glyphs;  // empty: each character's nominal glyph at its advance
  bool rtl = false;
  int tag = -1;      // its element of LaidOutDocument::structure; -1: an artifact (running headers, page numbers)
  std::string lang;  // a span's `lang=` (BCP 47), else empty: the language of its block
};

// The `tag` of an item that is an artifact (page furniture, leaders) even inside a tagged box; -1 takes
// its box's element.
inline constexpr int kArtifact = -2;

// A filled rectangle (rules, table borders, quote bars); (x, y) is its top-left corner. Always an
// artifact in a tagged PDF: rules decorate, they say nothing a reader needs.
struct Rule {
  double x = 0, y = 0, width = 0, height = 0;
  Color color;
};

// An image scaled into the box whose top-left corner is (x, y).
struct PlacedImage {
  double x = 0, y = 0, width = 0, height = 0;
  std::string path;  // resolved file path
  int tag = -1;      // as GlyphRun::tag
  int page = 0;      // a vector figure's page (PDF, SVG: ImageSize::page); 0 for raster images
};

// A clickable area; url is external ("https://…") or internal ("#id").
struct LinkArea {
  double x = 0, y = 0, width = 0, height = 0;
  std::string url;
  int tag = -1;  // the element whose text it covers: the PDF's Link element goes inside it
};

// A named place that internal links ("#id") and the outline point to; (x, y) is its top-left.
struct Anchor {
  double x = 0, y = 0;
  std::string id;
};

using Item = std::variant<GlyphRun, Rule, PlacedImage, LinkArea, Anchor>;

// The body of a landscape page (`::: landscape`, set as LaTeX's lscape package sets one): laid out
// upright in a frame of its own, `width` wide (the portrait text area's height) and `height` high (its
// width), with its origin at the frame's top-left and y down; then turned a quarter turn
// counter-clockwise onto the page, so that its lines run up the page and its top faces the page's left
// edge. The frame's top-left corner lands on the page at (x, y), the text area's bottom-left corner.
// Backends draw `items` through that turn (page_point); the page's running header and footer stay in
// Page::items, upright.
struct TurnedBody {
  double x = 0, y = 0;
  double width = 0, height = 0;
  std::vector<Item> items;  // frame coordinates
};

// Where the frame's point (u, v) lands on the page, in page coordinates.
struct PagePoint {
  double x = 0, y = 0;
};
inline PagePoint page_point(const TurnedBody& body, double u, double v) { return {body.x + v, body.y - u}; }

struct Page {
  double width = 595.276, height = 841.89;  // A4
  std::vector<Item> items;
  std::optional<TurnedBody> turned;  // a landscape page's body; absent on portrait pages
};

// Calls f on every item of the page: its own, then its turned body's (whose coordinates are the
// body's frame's, see TurnedBody).
template <class P, class F>
requires std::is_same_v<std::remove_const_t<P>, Page>
void for_each_item(P& page, F&& f) {
  for (auto& item : page.items) f(item);
  if (page.turned)
    for (auto& item : page.turned->items) f(item);
}

// Document-level facts the PDF backend writes into its Info dictionary.
struct DocumentInfo {
  std::string title, author, subject, keywords;
  std::string date;  // ISO 8601 date (YYYY-MM-DD) from the document, if any
};

// One bookmark of the PDF outline: a heading, its level (1 = top) and where it is.
struct OutlineEntry {
  int level = 1;
  std::string title;  // plain text, UTF-8
  int page = 0;       // index into LaidOutDocument::pages
  double y = 0;       // top of the heading on that page
};

// One element of the document's logical structure (tagged PDF): a PDF standard structure type
// ("Document", "H1", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody", "TR", "TH", "TD", "Figure",
// "Caption", "BlockQuote", "Code", "Note", "Reference", "Span", "Div", "TOC", "TOCI"). Elements come in reading
// order: a parent before its children, siblings in the order a reader meets them, except that an `in_line`
// element sits among its parent's text where its own first item is drawn (a span, a footnote's mark), and
// an element that `follows` another comes right after that one (a footnote after its mark). Items name their
// element by index (`tag`).
struct StructElem {
  std::string role;
  int parent = -1;   // index of the enclosing element; -1 for the root
  std::string alt;   // a figure's alternative text
  std::string lang;  // BCP 47, where it differs from the document's
  bool in_line = false;
  int follows = -1;  // index of the sibling it is read after, or -1
};

struct LaidOutDocument {
  std::vector<OutlineEntry> outline;
  std::vector<FontFace> fonts;
  std::vector<Page> pages;
  DocumentInfo info;
  std::vector<StructElem> structure;  // empty when not built; else structure[0] is the root ("Document")
  std::string lang;                   // the document's language (BCP 47) from `lang:`; empty when it does not say
};

}  // namespace quire::layout
