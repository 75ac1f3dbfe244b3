#pragma once
// Assembly passes of the template stage (docs/templates.md, docs/fields.md): includes, data files,
// disclosure levels, data-driven tables, numbering and cross-references.
#include <filesystem>
#include <map>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/model/document.hpp"

namespace quire::compose {

struct FileAccess {
  std::string root;  // files read must lie under it (empty: the top document's folder)
  bool allow_outside_root = false;
};

// The folder a document's relative paths start from (that of its first block's file, "." for
// standard input), and the project root every file it names must lie in (--root, else that folder).
std::filesystem::path document_folder(const model::Document& doc);
io::Confinement project_confinement(const model::Document& doc, const FileAccess& access);

// Replaces every paragraph `{{> FILE}}` with the blocks of FILE (Markdown, or a quire YAML document
// when it ends in .yaml/.yml), relative to the including file; metadata keys the document lacks are
// taken from the included file's. Cycles, more than 16 levels and paths outside the root are errors.
void resolve_includes(model::Document& doc, const FileAccess& access, Diagnostics& diags);

// `data-files: {cases: cases.yaml}` in the metadata: each file (a YAML or JSON list or map, relative to
// the document) becomes the metadata key it is named by.
void load_data_files(model::Document& doc, const FileAccess& access, Diagnostics& diags);

// What an edition left out that the rest may still point to.
struct RemovedParts {
  std::string audience;                            // the edition's
  std::map<std::string, model::SourcePos> labels;  // ids and {#labels} inside removed parts → the part
};

// Keeps the parts marked {{#audience.NAME}}…{{/audience.NAME}} for the chosen audience (and
// {{^audience.NAME}}… for the others) and removes the rest; likewise divs marked with an `audience`
// attribute or a class naming an audience (public, internal, or one listed under `audiences:`), with
// the footnotes only they referred to. `audience` empty: the document's `audience` metadata, else
// "public".
RemovedParts filter_audience(model::Document& doc, const std::string& audience, Diagnostics& diags);

// Turns every ```quire-table code block into a table built from a list in the metadata.
void build_data_tables(model::Document& doc, Diagnostics& diags);

// Labels ({#sec:x} at the end of a heading, {#fig:x} after a figure, "Table: caption {#tbl:x}" after
// a table), figure and table numbers in captions, and references @sec:x, @fig:x, @tbl:x in text.
// A reference (or a "#id" link) to a label in `removed` is an error that names the removed part.
void resolve_references(model::Document& doc, Diagnostics& diags, const RemovedParts& removed = {});

}  // namespace quire::compose
