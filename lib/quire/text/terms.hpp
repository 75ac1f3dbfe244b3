#pragma once
// The words a document's own apparatus uses, by language: captions ("Figure 3: "), cross-references
// ("Figures 1 and 2"), the lists of figures and tables. A table of quire's own: CSL's locales leave
// many of these untranslated (German "table", Korean "figure"), and CLDR has no such words.
#include <cstddef>
#include <string>
#include <string_view>

namespace quire::text {

struct Terms {
  std::string figure, figures;    // caption and reference words: "Figure", "Figures"
  std::string table, tables;      // "Table", "Tables"
  std::string section, sections;  // "Section", "Sections"
  std::string last_separator;     // between the last two of a list: " and " (", " between the others)
  std::string caption_separator;  // after a caption's number: ": " (French " : ")
  std::string contents, list_of_figures, list_of_tables;  // the lists' titles
};

// The terms for BCP 47 tag `lang` ("de", "fr-CH", "ko-KR"), by its language part: en, fr, de, es, it,
// pt, nl, ar, ko, ja, zh; English for an empty or unknown tag.
const Terms& terms_for(std::string_view lang);

// What goes before item `index` (0-based) of a list of `count`: "" first, ", " between, the terms'
// last separator before the last ("1, 2 and 4").
std::string_view list_separator(std::size_t index, std::size_t count, const Terms& terms);

}  // namespace quire::text
