#pragma once
// Page geometry and typographic defaults. Built-in values look professional with no configuration;
// metadata (pandoc's names: papersize, fontsize, …) adjusts them. Every key is documented in docs/style.md.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/pages.hpp"
#include "quire/model/document.hpp"

namespace quire::layout {

struct Style {
  double page_width = 595.276, page_height = 841.89;  // A4; US Letter is 612 × 792
  double margin_top = 72, margin_bottom = 72, margin_left = 72, margin_right = 72;
  double font_size = 11;         // body text
  double leading = 1.35;         // line height as a multiple of the font size
  double paragraph_space = 0.6;  // space after a paragraph, in multiples of the line height
  double heading_sizes[6] = {20, 16, 13.5, 12, 11, 11};
  Color text_color{0.1, 0.1, 0.1};
  Color heading_color{0.1, 0.15, 0.3};
  Color link_color{0.1, 0.25, 0.6};
  bool page_numbers = true;    // on every page, but only when the document has two pages or more
  bool justify = true;         // `align: justify`: lines end flush right; `align: left`: ragged right
  bool kerning = true;         // pairs from the fonts' kerning tables (`style: {kerning: false}`)
  bool hyphenate = true;       // break words at Liang-pattern points (`hyphenate: false` turns it off)
  bool optimal_breaks = true;  // `linebreaks: optimized` (Knuth–Plass) or `simple` (first fit), justified text
  std::string lang = "en-US";  // pandoc's `lang`: picks the hyphenation patterns (none for e.g. Korean)
  std::string dir;             // pandoc's `dir`: "rtl" or "ltr"; empty: from `lang` or each paragraph's text
  bool title_block = true;     // set meta.title (subtitle, author, date) at the top of page 1
  bool title_page = false;     // `titlepage: true`: the title block alone on page 1, as LaTeX's option
  // A tagged PDF for PDF/UA-1 is being made (set by the renderer, not read from the metadata): an image
  // without alternative text is an error, not a warning.
  bool alt_required = false;

  // Paragraphs and headings (docs/style.md).
  bool indent = false;                // first-line indent instead of space between paragraphs
  double indent_width = 1.5;          // em of the body size
  double heading_space_before = 1.2;  // multiples of the heading's size
  double heading_space_after = 0.4;
  int widows = 2, orphans = 2;  // lines of a paragraph kept together at the top / bottom of a page

  // Page furniture: left, centre and right fields; {title}, {section}, {page}, {pages} are filled in.
  std::string header[3];
  std::string footer[3] = {"", "{page}", ""};
  // Even (left-hand) pages: their own fields when any `header-even-…`/`footer-even-…` key is set,
  // else the fields above, left and right swapped under `twoside` (page numbers at the outer edge).
  std::optional<std::array<std::string, 3>> header_even, footer_even;
  bool twoside = false;
  std::optional<bool> first_page_furniture;  // unset: none on a title page or a letter's page 1
  bool header_rule = true;                   // a thin rule under a non-empty header
  std::string watermark;                     // drawn diagonally on every page when set
  double watermark_angle = 45;               // degrees, counter-clockwise
  Color watermark_color{0.85, 0.85, 0.85};

  // Contents and numbering (pandoc's names: toc, toc-depth, toc-title, numbersections, secnumdepth).
  bool toc = false;
  int toc_depth = 3;
  std::string toc_title = "Contents";  // by `lang` (text::terms_for) unless toc-title says
  // Lists of figures and tables after the contents (pandoc's lof, lot, lof-title, lot-title).
  bool lof = false, lot = false;
  std::string lof_title = "List of Figures", lot_title = "List of Tables";
  bool number_sections = false;
  int secnumdepth = 3;

  double measure() const { return page_width - margin_left - margin_right; }
  double text_height() const { return page_height - margin_top - margin_bottom; }
};

// Reads `papersize` (a4, a5, letter, legal), `fontsize` ("11pt" or 11), `margin`, `geometry`,
// `linestretch`, `page-numbers`, `justify`, `align`, `hyphenate`, `lang` and `titleblock` from
// metadata; an invalid value is an error at its position (and the default is kept).
Style style_from_meta(const model::MetaValue& meta, Diagnostics& diags);

// "2cm", "0.75in", "20mm", "54pt", "54" (points); nullopt when malformed or not positive.
std::optional<double> parse_length(std::string_view text);
// "#1a2b3c" or "#abc"; nullopt when malformed.
std::optional<Color> parse_color(std::string_view text);

}  // namespace quire::layout
