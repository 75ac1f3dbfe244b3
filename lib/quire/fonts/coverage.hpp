#pragma once
// Before rendering: characters of a document that no installed font can draw (the cheap check
// quire-validate runs, so that nothing vanishes silently; layout warns again when it sets them).
#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::fonts {

// True when some TrueType font fontconfig knows has `c` (the union of their character sets, read
// once per process, when a character beyond Latin asks). Invisible format characters count as drawable.
bool any_font_has(char32_t c);

// A warning (rule `missing-glyph`) at the first block using each character of `doc`'s text (headings,
// paragraphs, lists, quotes, tables, captions, notes, divs; code too) that no installed font has.
void check_coverage(const model::Document& doc, Diagnostics& diags);

}  // namespace quire::fonts
