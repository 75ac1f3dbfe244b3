#pragma once
// pandoc's citation syntax over the inlines cmark made: [see @a, p. 33; @b], [-@a], @a, @a [p. 33].
// docs/markdown.md, "Citations".
#include <string_view>

#include "quire/model/document.hpp"

namespace quire::markdown {

// What a block's source allows: cmark hands an escaped "\@" or "\[" over as a plain one, so a block
// that escapes either is read without that syntax.
struct CitationSyntax {
  bool bracketed = true;  // [@key …]
  bool in_text = true;    // @key
};

// Keys with these prefixes (fig:, tbl:, sec:, eq:) are cross-references, which compose resolves: never
// citations. A group of them is read as a Cite all the same, so that each keeps its position.
using model::is_cross_reference;

// Reads the citations of one level of inlines (the levels inside were read when their containers
// closed; the contents of spans made at this level are read here). Returns true when a bracketed group
// mixed cross-references with citation keys: it stays text.
bool read_citations(model::Inlines& inlines, CitationSyntax syntax);

// The locator at the start of a citation's suffix (", p. 33", " chap. 2", ", 33–35"): sets `label`
// and `locator` and returns how many bytes it took (0 when `suffix` starts with none).
std::size_t take_locator(std::string_view suffix, std::string& label, std::string& locator);

}  // namespace quire::markdown
