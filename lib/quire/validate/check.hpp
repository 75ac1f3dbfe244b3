#pragma once
// The model's rules beyond what the YAML reader checks while reading: the same checks serve
// quire-validate, quire-compose (on what it produced) and quire build.
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::validate {

struct CheckLimits {
  int max_depth = 64;  // blocks nested inside blocks (quotes, lists, footnotes)
};

// What quire-validate checks beyond the model's own rules.
struct CheckOptions {
  // Images exist and decode (relative to the block's `pos` file, else the file it was read from);
  // fonts named in metadata (`mainfont`, `sansfont`, `monofont`) are installed TrueType fonts.
  bool resources = false;
  // Template fields ({{name}}, {{meta.key}}) in text and URLs: with `records` (a mail merge's data),
  // a field that neither the metadata nor every record has is an error; without, a field the
  // metadata lacks is a warning (--set or --data may give it later).
  bool fields = false;
  const std::vector<model::MetaValue>* records = nullptr;
  std::string records_file;  // named in the message
  // Citations: the bibliography the metadata names (`bibliography:` files, `references:`) reads
  // without error and has every cited key; with `uncited`, an entry never cited is a warning.
  bool citations = false;
  bool uncited = false;
};

// Reports every problem into `diags`: heading levels outside 1–6, table rows of another width than
// the header, footnote references without a definition (error) and definitions never referenced
// (warning), duplicate footnote labels, links and images without a URL, internal links ("#id") to no
// heading id, heading levels that jump by more than one (warning), ordered lists starting below 0,
// nesting deeper than the limit; then what `options` asks for. Positions: where the block was read,
// with the user's source position as a hint when the block carries one. Each diagnostic names its rule.
void check_document(const model::Document& doc, Diagnostics& diags, const CheckLimits& limits = {});
void check_document(const model::Document& doc, const CheckOptions& options, Diagnostics& diags,
                    const CheckLimits& limits = {});

}  // namespace quire::validate
