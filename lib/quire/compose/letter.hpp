#pragma once
// Letters as people write them (docs/templates.md, "The letter's own text"): a Markdown body that
// starts with its salutation ("Dear Ann,") and ends with its closing and the signer's lines. The letter
// frame prints the salutation, the closing and the signature from metadata (`opening`, `closing`,
// `signature`); these functions find them in the text and move them there, so that each is printed
// once and where the frame puts it.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::compose {

// One part of the letter found in its text: plain text (emphasis dropped, fields kept as written) and
// where it was written.
struct WrittenPart {
  std::string text;
  model::SourcePos pos;
};

struct WrittenLetter {
  std::optional<WrittenPart> subject;  // a level-1 heading just before the salutation
  std::optional<WrittenPart> opening;  // a short first paragraph ending in "," or ":"
  std::optional<WrittenPart> closing;  // a short last paragraph ending in ","
  std::vector<WrittenPart> signature;  // the short lines after the closing (name, title, date)
};

// Which parts to look for: those the frame prints (a template that prints no `opening` leaves the
// salutation in the text).
struct LetterFrame {
  bool subject = true, opening = true, closing = true, signature = true;
};

// Finds the letter's parts in `blocks` and removes them (nothing is removed when nothing matches):
//  - opening: the first paragraph when it is one line of at most 120 characters ending in a comma or a
//    colon, and no list follows it ("We did three things:" introduces a list);
//  - subject: a level-1 heading directly before that salutation;
//  - closing: a paragraph of at most 60 characters ending in a comma, followed by nothing but up to five
//    short lines (at most 80 characters each; separate paragraphs or lines of the closing's paragraph),
//    which become the signature.
WrittenLetter take_letter_parts(model::Blocks& blocks, const LetterFrame& frame = {});

// Puts the parts into the letter's own metadata `meta` (the document's front matter, before the
// template's defaults go under it): the front matter wins, with a warning at the text that repeats it;
// the text wins over a template's default. Signature lines: the name, then titles, and the last line
// as the date when it holds a digit; a trailing comma is dropped.
void set_letter_parts(model::MetaValue& meta, const WrittenLetter& parts, Diagnostics& diags);

// The words a letter prints around its parts, in the document's `lang` (en, de, fr, es, ko; others get
// English), with the metadata `labels:` map on top (`labels: {our-reference: "Unser Az."}`): the keys
// from, phone, email, our-reference, your-reference, date, page ("Page {page} of {pages}"), enclosures
// and cc. Sets the complete map as `labels` (layout prints the info block's and the running header's
// from it); an unknown key is a warning, a value that is not text an error.
void set_letter_labels(model::MetaValue& meta, Diagnostics& diags);

// The names of the fields a template's Markdown uses ({{name}}, {{#name}}, {{^name}}, {{ name | f }}).
std::set<std::string> field_names(const std::string& markdown);

}  // namespace quire::compose
