#pragma once
// Rendered CSL output before it becomes model inlines: a flat list of runs, each with its formatting.
// Flat, so that the rules that join pieces (no ".." after an abbreviation, a comma moved inside closing
// quotes, one space between words) can look at the text on both sides of a boundary. Internal to csl.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "quire/model/document.hpp"
#include "quire/text/case.hpp"

namespace quire::csl::detail {

enum Fmt : std::uint16_t {
  kItalic = 1,
  kBold = 2,
  kSmallCaps = 4,
  kSup = 8,
  kSub = 16,
  kNoCase = 32,       // protected from text-case (a nocase span in the data)
  kCloseQuote = 64,   // a closing quotation mark (punctuation-in-quote moves a following . or , inside)
  kFirstNames = 128,  // part of the first names an entry renders (subsequent-author-substitute)
};

struct Run {
  std::string text;
  std::uint16_t fmt = 0;
  std::string url;  // a link
  int insert = -1;  // ≥ 0: the inlines with this index (a citation's prefix or suffix) stand here
};
using Rich = std::vector<Run>;

bool is_empty(const Rich& r);
std::string plain_text(const Rich& r);
void append(Rich& to, Rich from);
Rich text_run(std::string text, std::uint16_t fmt = 0);

// A variable's value, with CSL-JSON's HTML-like markup (<i>, <b>, <sup>, <sub>, <span class="nocase">,
// <span style="font-variant:small-caps;">) turned into formatting, and straight quotes and apostrophes
// into typographic ones.
Rich parse_markup(std::string_view value);

// CSL's text-case on runs (nocase runs untouched): lowercase, uppercase, capitalize-first,
// capitalize-all, sentence, title (title case only for English).
void apply_text_case(Rich& r, std::string_view text_case, bool english);

using text::to_lower;
using text::to_upper;
std::string capitalize_first(std::string_view s);

// Joins the runs into inlines, with the punctuation rules; `inserts` are what insert indexes name.
model::Inlines to_inlines(const Rich& r, const std::vector<model::Inlines>& inserts, bool punctuation_in_quote);

}  // namespace quire::csl::detail
