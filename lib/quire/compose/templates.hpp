#pragma once
// Templates (docs/templates.md): a YAML file giving metadata defaults (style, page furniture,
// letterhead) and Markdown set before and after the document's own blocks. A template may extend
// another (a built-in name or a file) and override only what it names: maps merge key by key.
// Templates run no code and read no files but the ones they extend.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/model/document.hpp"

namespace quire::compose {

struct BuiltinTemplate {
  const char* name;
  const char* text;
};
// The templates shipped inside the binaries (generated from lib/quire/compose/templates/*.yaml).
const std::vector<BuiltinTemplate>& builtin_templates();

struct Template {
  std::string name;                         // "letter", or the file it came from
  model::MetaValue meta;                    // a Map: defaults under the document's metadata
  std::string before, after;                // Markdown around the document's blocks
  std::string before_origin, after_origin;  // where before/after were written (for positions)
};

// A built-in name or a YAML file, with its `extends:` chain merged in. Problems (unknown name,
// unreadable file, bad keys, a cycle of extends) are reported; the result is then empty. A file name
// is relative to `base`; when a document names the template (`template:` at `named_at`), the file and
// every file of its extends: chain must lie within `confine` (the project root).
Template load_template(const std::string& name_or_file, Diagnostics& diags, const std::filesystem::path& base = ".",
                       const io::Confinement& confine = {}, const SourcePos& named_at = {});

// `into` with `over` laid on top: maps merge key by key, anything else in `over` replaces.
model::MetaValue deep_merge(model::MetaValue into, const model::MetaValue& over);

// `letter-window: din5008|us10` sets `address-window` (left, top, width, height from the page's top-left
// corner: where the recipient block must sit to show through the envelope) and a default papersize;
// `auto` picks us10 on US Letter and Legal, din5008 on any other paper. A letter without `to:` gets no
// field: nothing would show through the window.
void apply_letter_window(model::Document& doc, Diagnostics& diags);

// A letter (`documentclass: letter`) with no `to:`: merged, every copy would go out without an address.
bool letter_without_recipient(const model::MetaValue& meta);

// Whether the template prints envelopes or labels (`documentclass: envelope` or `labels`).
bool is_mailing_template(const Template& t);

// Puts the template around the document: metadata defaults under the document's own (the document
// wins), the template's `before` blocks first and `after` blocks last. An envelope or labels template
// replaces the blocks by none: only the metadata's addresses are printed.
void apply_template(model::Document& doc, const Template& t, Diagnostics& diags);

}  // namespace quire::compose
