#pragma once
// The model's rules beyond what the YAML reader checks while reading: the same checks serve
// quire-validate, quire-compose (on what it produced) and quire build.
#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::validate {

struct CheckLimits {
  int max_depth = 64;  // blocks nested inside blocks (quotes, lists, footnotes)
};

// Reports every problem into `diags`: heading levels outside 1–6, table rows of another width than
// the header, footnote references without a definition (error) and definitions never referenced
// (warning), duplicate footnote labels, links and images without a URL, ordered lists starting
// below 0, nesting deeper than the limit. Positions: where the block was read, with the user's source
// position as a hint when the block carries one.
void check_document(const model::Document& doc, Diagnostics& diags, const CheckLimits& limits = {});

}  // namespace quire::validate
