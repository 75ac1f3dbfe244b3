#pragma once
// A letter's first page as KOMA-Script's scrlttr2 sets it: a letterhead (a band and the organisation's
// name in the letterhead colour, its logo, address and contact line), the sender's return line and the
// recipient's address in an envelope window, an info block with the reference and date, and fold
// marks — all at fixed places, drawn over page 1 after the text has flowed. The text starts below the
// address field on page 1; later pages get a running header (recipient · date · page N of M).
// Read from metadata a letter template sets (docs/templates.md); every position is in points from the
// page's top-left corner.
#include <optional>
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/pages.hpp"
#include "quire/layout/style.hpp"
#include "quire/layout/text.hpp"
#include "quire/model/document.hpp"

namespace quire::layout {

struct Rect {
  double left = 0, top = 0, width = 0, height = 0;
};

struct Letter {
  // The letterhead (from `letterhead:`, else the sender's name, address, phone and email).
  std::string head_name;
  std::vector<std::string> head_lines;  // address and contact, small type
  std::string logo;
  model::SourcePos logo_pos;  // where the document names it
  double logo_height = 0;
  Color colour;
  bool band = true;

  std::optional<Rect> window;  // the address field (`address-window`); none: the address flows
  bool return_line = false;    // DIN 5008: the sender in small type at the top of the field
  std::string sender;          // the return line's text
  std::vector<std::string> recipient;
  std::vector<std::pair<std::string, std::string>> info;  // label, value: right of the field
  std::string date;                                       // as printed (`letter-date`)
  std::string page_label;  // the running header's "Page {page} of {pages}", in the letter's language

  std::vector<double> folds;  // fold marks (y) on the left edge
  double punch = 0;           // the punch mark (y), 0 for none

  std::string signature;  // the signature image's URL: set left-aligned at a signature's height
  // Relative logo and signature paths are relative to the letter's own file (its first block written
  // in one), as images in its text are; a template's paths are absolute by then.
  std::string source_file;
};

// The lines of an address: `to:` (or `from:`, `letterhead:`) written as text, or its `name` and the
// lines of its `address`; blank lines and trailing spaces dropped. Envelopes and labels print the same.
std::vector<std::string> address_lines(const model::MetaValue* who);

// The letter a document describes: nullopt unless `documentclass: letter`. Invalid values (a colour,
// a length) are errors at their position.
std::optional<Letter> letter_from_meta(const model::Document& doc, const Style& style, Diagnostics& diags);

// Where the text starts on page 1: below the address field and info block, or below the letterhead.
double letter_text_top(const Letter& letter, const Style& style);

// The running header of pages 2 onwards (recipient · date, "Page N of M"), unless the style names its own.
void set_letter_header(Style& style, const Letter& letter);

// The structure elements (LaidOutDocument::structure) a tagged letter's frame is read as, made before the
// letter's text: the letterhead's name, address and contact as one P, the recipient's address as one P,
// and each line of the info block ("Date 7 December 2026") as a P. -1: not drawn. The band, the logo, the
// return line (the sender again, for the post office) and the fold marks are artifacts.
struct LetterTags {
  int head = -1, address = -1;
  std::vector<int> info;  // one per Letter::info entry
};

// Draws the letterhead, the address field, the info block and the fold marks onto page 1.
void draw_letter(Page& page, const Letter& letter, const Style& style, const Fonts& fonts, const ImageProbe& images,
                 const LetterTags& tags = {});

}  // namespace quire::layout
