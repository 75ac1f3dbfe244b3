#pragma once
// quire-compose: resolves a document so that rendering only draws what it reads.
// Now: joining a stream's documents (chapters into a report) and filling {{meta.key}} fields.
// Templates, letterheads and mail merge slot in here later (ComposeOptions grows; documents flow
// through Composer one at a time so a merge can stream).
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
