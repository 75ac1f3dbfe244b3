#pragma once
// Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists, footnotes) with optional
// YAML front matter, into the document model. The only code that includes cmark-gfm.
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::markdown {

struct ReadLimits {
  int max_nesting = 64;                  // block quotes and lists inside each other; inline markup too
  std::size_t max_table_columns = 1000;  // cmark-gfm is quadratic in the column count
};

// Parses `text` (the contents of `file`, used in positions) into a document. Front matter
// (`---` … `---` at the very top) becomes the metadata. Problems go to `diags`; a fatal one
// (invalid UTF-8, a NUL byte, a limit) is reported and the returned document is empty. Raw HTML is
// dropped with a warning. The mapping is documented in docs/markdown.md.
model::Document read_markdown(const std::string& text, const std::string& file, Diagnostics& diags,
                              const ReadLimits& limits = {});

}  // namespace quire::markdown
