#pragma once
// quire-validate's citation checks (private to quire_validate; check.hpp's CheckOptions turns them on).
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::validate::detail {

struct CitedKey {
  const model::Citation* citation;
  SourcePos block;  // where its block was read: for a citation without a position of its own
};

// Reads the bibliography the metadata names (reporting problems in its files where they are) and
// reports every cited key it lacks, with a did-you-mean; with `uncited`, warns about each entry no
// citation (nor `nocite:`) names. Without any bibliography, citations are one warning.
void check_citations(const model::Document& doc, const std::vector<CitedKey>& cited, bool uncited, Diagnostics& diags);

}  // namespace quire::validate::detail
