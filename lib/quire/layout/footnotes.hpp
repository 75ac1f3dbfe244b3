#pragma once
// Footnote numbering: the one place that maps labels to numbers (in order of first reference).
#include <string>
#include <unordered_map>
#include <vector>

#include "quire/model/document.hpp"

namespace quire::layout {

class FootnoteNumbers {
 public:
  // Numbers every FootnoteRef of the document body (definitions' own references come after).
  explicit FootnoteNumbers(const model::Document& doc);
  // The number of a referenced label; 0 when it is never referenced.
  int number(const std::string& label) const;
  // The definitions in number order (unreferenced definitions are left out, as pandoc does).
  const std::vector<const model::Block*>& definitions() const { return defs_; }

 private:
  std::unordered_map<std::string, int> numbers_;
  std::vector<const model::Block*> defs_;
};

}  // namespace quire::layout
