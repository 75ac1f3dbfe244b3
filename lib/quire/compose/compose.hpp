#pragma once
// quire-compose: resolves a document so that rendering only draws what it reads.
// Two stages. The template stage (Composer::add/finish) runs once per input document: --set, includes,
// audience filtering, the template frame, numbering and cross-references, fields from metadata.
// The record stage (merge_record) runs once per data record of a mail merge, on the composed document.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::compose {

struct ComposeOptions {
  bool join = false;                                          // merge all documents into one
  std::vector<std::pair<std::string, model::MetaValue>> set;  // --set key=value, dotted keys allowed
  bool allow_missing = false;                                 // a missing field renders empty instead of being an error

  // A mail merge follows (--data): a field with no value in metadata is left in place for
  // merge_record, which reports it if the record lacks it too.
  bool merge_follows = false;
  // --template NAME|FILE: a built-in name ("letter", "report", "casebook") or a YAML file; empty: none
  // (the document's own `template:` metadata key is used then, if present).
  std::string template_name;
  // --audience NAME: divs and sections marked for another audience are removed; empty: the document's
  // `audience` key, else "public" (filter_audience).
  std::string audience;
  // Includes may not reach outside this directory (empty: the directory of the including top file)
  // unless allow_outside_root.
  std::string root;
  bool allow_outside_root = false;
};

// Composes documents one at a time: add() takes each document of the input stream and returns the
// finished documents it can hand on now; finish() returns what is left (the joined document).
class Composer {
 public:
  explicit Composer(ComposeOptions options) : options_(std::move(options)) {}

  std::vector<model::Document> add(model::Document doc, Diagnostics& diags);
  std::vector<model::Document> finish(Diagnostics& diags);

 private:
  model::Document resolve(model::Document doc, Diagnostics& diags) const;

  ComposeOptions options_;
  std::optional<model::Document> joined_;
};

// One output document for one data record: the record's columns are fields by their own names
// ({{name}}, {{amount}}) on top of the document's metadata; {{n}} is the record number (from 1).
// Record values are text: never parsed as Markdown or template syntax. A field neither the record nor
// the metadata has is an error (empty with options.allow_missing) at the field's position.
model::Document merge_record(const model::Document& composed, const model::MetaValue& record, int n,
                             const ComposeOptions& options, Diagnostics& diags);

// Appends `next` to `into`: blocks are concatenated; metadata keys `into` lacks are taken from `next`.
// Footnote labels of `next` that clash with labels already in `into` are renamed.
void join_into(model::Document& into, model::Document next);

// Replaces every {{meta.key}} (also {{ meta.key }}) in text, link URLs, image URLs and string metadata with
// the value from `values`. A field with no value is an error at the block's position (or empty with
// allow_missing). A field's value is inserted as text: it is never parsed again.
void fill_fields(model::Document& doc, const model::MetaValue& values, bool allow_missing, Diagnostics& diags);

// Parses "key=value" for --set: the value is typed like a plain YAML scalar. Throws Error(Usage).
std::pair<std::string, model::MetaValue> parse_assignment(const std::string& text);

}  // namespace quire::compose
