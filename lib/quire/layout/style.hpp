#pragma once
// Page geometry and typographic defaults. Built-in values look professional with no configuration;
// metadata (pandoc's names: papersize, fontsize, …) adjusts them.
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
  bool page_numbers = true;
};

// Reads `papersize` (a4, letter), `fontsize` ("11pt" or 11) and friends from metadata; an unknown
// value is an error at its position.
Style style_from_meta(const model::MetaValue& meta, Diagnostics& diags);

}  // namespace quire::layout
