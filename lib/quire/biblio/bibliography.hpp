#pragma once
// A document's bibliography: the files its front matter names (`bibliography:`, one path or a list,
// kept inside the project root) and the items it writes itself (`references:`). docs/citations.md.
#include <map>
#include <string>
#include <vector>

#include "quire/biblio/item.hpp"
#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/model/document.hpp"

namespace quire::biblio {

struct Bibliography {
  std::vector<Item> items;                   // in the order read: the files, then `references:`
  std::map<std::string, std::size_t> index;  // id → its first item

  const Item* find(const std::string& id) const;
  bool empty() const { return items.empty(); }
};

// Reads every source the document's metadata names. A file that cannot be read, is outside the root or
// has no known format is an error at the `bibliography:` value; problems inside a file are reported at
// their own FILE:LINE:COL. An id given twice is a warning (the first counts).
Bibliography load_bibliography(const model::Document& doc, const io::Confinement& confine, Diagnostics& diags);

}  // namespace quire::biblio
