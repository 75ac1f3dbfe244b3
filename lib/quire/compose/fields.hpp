#pragma once
// Fields: a small Mustache expander over the document model (docs/fields.md).
//   {{name}} {{recipient.address}} {{meta.key}} {{.}}         values (text, never parsed again)
//   {{#items}}…{{/items}}  {{^items}}…{{/items}}             sections and inverted sections
//   {{ date | date "long" }} {{ amount | money KRW }}         formatters (format.hpp)
//   {{! comment }}
// Sections open and close among the inlines of one paragraph (or heading, cell…) at the same level
// of emphasis, or as paragraphs of their own around blocks. Names are looked up from the innermost
// section outwards; sections nest only as deep as the text does (never by data); output is bounded.
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::compose {

struct FieldSettings {
  bool allow_missing = false;          // a field with no value renders empty instead of being an error
  std::size_t max_output = 64u << 20;  // bytes a document's fields may expand to
  // When set, only tags whose name starts with it are expanded; every other tag is kept as written
  // (and not checked): the audience pass expands "audience." before the fields stage.
  std::string only_prefix;
};

// Expands every field in `doc`: first its string metadata (with `scopes` as values), then its blocks
// (with the expanded metadata in place of scopes[0]). scopes[0] is the metadata; later scopes (a data
// record) sit on top of it. Formatters take their locale from `lang` (or `style.lang`) and the
// currency from `currency`.
void expand_fields(model::Document& doc, std::vector<const model::MetaValue*> scopes, const FieldSettings& settings,
                   Diagnostics& diags);

// True when `text` holds "{{".
inline bool has_fields(std::string_view text) { return text.find("{{") != std::string_view::npos; }

}  // namespace quire::compose
