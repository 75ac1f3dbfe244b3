#pragma once
// pandoc's document model (its JSON AST, `pandoc -t json`) in and out: docs/pandoc.md.
//
// In: API versions 1.22 and 1.23 (pandoc 2.17 to 3.x). Every block and inline becomes a node of
// quire's model, or, where quire has none (math, raw TeX, definition lists, super- and subscripts…),
// the closest one with a warning naming it. Positions come from `data-pos` attributes (pandoc's
// `sourcepos` extension). The JSON is read as a stream: each top-level block is converted as soon as
// it is complete and its JSON dropped, so memory follows the largest block, not the file.
//
// Out: API 1.22 (what Debian's pandoc 2.17 reads, and every later pandoc), block positions as
// `data-pos` attributes, footnote labels as `data-note` attributes, so that quire → pandoc → quire
// gives the same model back.
#include <istream>
#include <ostream>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::pandoc {

struct ReadLimits {
  int max_depth = 600;  // JSON nesting (each inline level of pandoc's AST takes two)
};

// Reads one pandoc JSON document from `in` (`name` for diagnostics: FILE:LINE:COL in the JSON).
// Malformed JSON or a malformed AST throws Error(Input); what quire cannot represent is a warning.
model::Document read_pandoc_json(std::istream& in, const std::string& name, Diagnostics& diags,
                                 const ReadLimits& limits = {});

// Writes `doc` as pandoc JSON (API 1.22) to `out`.
void write_pandoc_json(const model::Document& doc, std::ostream& out);

}  // namespace quire::pandoc
