#pragma once
// The CSL 1.0.2 processor: citations and bibliography entries rendered by a style (style.hpp) from
// bibliography items (biblio/item.hpp) into model inlines: text, emphasis, strong, small caps
// (a span of class "smallcaps"), links for DOIs and URLs. docs/citations.md says what it implements.
#include <memory>
#include <string>
#include <vector>

#include "quire/biblio/csl/style.hpp"
#include "quire/biblio/item.hpp"
#include "quire/model/document.hpp"

namespace quire::csl {

// One source of a citation, as the text cites it.
struct CiteInput {
  const biblio::Item* item = nullptr;
  std::string locator;  // "33", "12-14"
  std::string label;    // the locator's term: "page", "chapter"; empty: "page" when a locator is given
  model::CiteMode mode = model::CiteMode::Normal;
  model::Inlines prefix, suffix;
};

// A citation: one or more sources cited together, and the note it is in (note styles; 0: in the text).
struct Cluster {
  std::vector<CiteInput> cites;
  int note = 0;
};

// A rendered citation: in an in-text style its text; in a note style the note's text, and for an
// author-in-text citation the author to print in the text before the note's mark.
struct Rendered {
  model::Inlines text;
  model::Inlines note;
};

struct Entry {
  std::string id;
  model::Inlines content;
};

class Processor {
 public:
  // `items`: what the bibliography holds (the cited items and those `nocite:` adds), in the order first
  // cited; citation numbers and disambiguation are computed over them.
  Processor(const Style& style, std::vector<const biblio::Item*> items);
  ~Processor();

  // Renders the citations of a document, in document order (positions such as ibid depend on it).
  // `link_ids`: each source links to "#ref-ID" (link-citations).
  std::vector<Rendered> cite(const std::vector<Cluster>& clusters, bool link_ids = false);

  // The bibliography: the style's sort, subsequent-author substitution. Empty when the style has none.
  std::vector<Entry> bibliography();

  bool hanging_indent() const;
  const Style& style() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Plain text of rendered inlines (for tests and the citeproc-js comparison).
std::string plain(const model::Inlines& inlines);

}  // namespace quire::csl
