#pragma once
// Citations of a whole document, as compose uses them (pandoc's citeproc step between reader and
// writer): every `cite` inline rendered by the document's CSL style into ordinary inlines (a span of
// class "citation"; in a note style, a footnote), and the bibliography placed as ordinary blocks.
// docs/citations.md.
#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/model/document.hpp"

namespace quire::csl {

// Does nothing for a document that names no bibliography (`bibliography:` or `references:`): its
// citations keep printing as their keys. Otherwise reads the bibliography (files inside `confine`) and
// the style (`csl:`, default Chicago author-date; `lang:` picks the locale), renders each citation, and
// puts the bibliography in the div with id "refs" if there is one, else at the end under
// `reference-section-title`; `nocite:`, `suppress-bibliography:`, `link-citations:` as in pandoc.
// An unknown key is a warning at its @key; that citation keeps printing as its keys.
void process_citations(model::Document& doc, const io::Confinement& confine, Diagnostics& diags);

}  // namespace quire::csl
