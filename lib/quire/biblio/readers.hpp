#pragma once
// Reading bibliographies: CSL-JSON, CSL-YAML and BibTeX/BibLaTeX files, and `references:` written in
// the front matter, into biblio::Item. Problems are reported at their place in the file they are in.
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quire/biblio/item.hpp"
#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::biblio {

enum class Format { CslJson, CslYaml, Bibtex };

// The format a file's extension names: .json, .yaml/.yml, .bib/.bibtex/.biblatex (any case).
std::optional<Format> format_for_path(const std::string& path);

// A CSL-JSON file: an array of item objects, read one at a time. Syntax errors throw Error(Input).
std::vector<Item> read_csl_json(std::istream& in, const std::string& file, Diagnostics& diags);

// A CSL-YAML file: a list of items, or a map whose `references:` is one (as pandoc writes them).
std::vector<Item> read_csl_yaml(const std::string& text, const std::string& file, Diagnostics& diags);

// Items written in CSL's YAML or JSON form (`references:` in the front matter): a list of maps.
std::vector<Item> items_from_meta(const model::MetaValue& list, Diagnostics& diags);

// A BibTeX or BibLaTeX file: entries with their fields mapped to CSL variables as pandoc does
// (docs/citations.md has the table), LaTeX accents turned into characters, braces that protect case in
// titles kept as <span class="nocase">…</span>, @string macros and # joins expanded, crossref resolved.
std::vector<Item> read_bibtex(std::string_view text, const std::string& file, Diagnostics& diags);

// A date as EDTF text ("2019-03-05", "2019/2020", "2019-21" for spring, "2019~" circa); anything else
// is a literal date.
Date parse_date_text(std::string_view text);

// The text of a BibTeX field value (LaTeX): accents, special characters, dashes and ties become
// characters; braces are dropped, or kept as nocase spans when `protect_case`.
std::string latex_to_text(std::string_view latex, bool protect_case);

}  // namespace quire::biblio
