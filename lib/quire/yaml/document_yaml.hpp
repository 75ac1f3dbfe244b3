#pragma once
// The YAML form of the document model (docs/format.md): the only code that includes yaml-cpp.
#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::yaml {

struct ReadLimits {
  int max_depth = 256;                         // nesting of YAML collections
  std::size_t max_document_bytes = 64u << 20;  // one document of a stream
  std::size_t max_documents = 10'000'000;      // documents per stream
};

// Reads a YAML stream one document at a time, holding only the current one in memory: the stream is
// split on lines that are exactly `---` or `...` at column 0 (optionally followed by blanks or a
// comment), so a broken document does not stop the ones after it. Errors are reported into `diags`
// at FILE:LINE:COL (1-based lines of the whole stream, byte columns).
class StreamReader {
 public:
  StreamReader(std::istream& in, std::string file_name, ReadLimits limits = {});
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;

  // The next document, or nullopt at the end of the stream. A document with errors is reported into
  // `diags` (all of its problems, not just the first) and still returned as far as it could be read,
  // so quire-validate can go on to the next one; `diags.has_errors()` tells the caller.
  std::optional<model::Document> next(Diagnostics& diags);

  // The raw text of the document next() returned last (quire-validate echoes it unchanged).
  const std::string& last_text() const;
  // That document as a plain value with positions, from the tree next() already parsed (for checks
  // against the document JSON Schema, without parsing the text a second time).
  model::MetaValue last_value(Diagnostics& diags) const;

 private:
  struct Impl;
  Impl* impl_;
};

// Writes one document of a stream: "---\n" then the document in canonical form (docs/format.md).
// Throws quire::Error when the model is nested absurdly deep (over 2,000 levels).
void write_document(std::ostream& out, const model::Document& doc);
// The same text as write_document writes.
std::string to_yaml(const model::Document& doc);

// The last document of a stream whose writer failed part-way (docs/format.md, "Aborted streams"):
// the next stage reads it as an error, so a pipe never finishes a job with part of its input.
std::string abort_document(std::string_view reason);

// Reads a YAML mapping (front matter, --set values, a data record) into metadata. `first_line` is
// the line of `text` in `file`, so positions point into the user's file. Empty text gives an empty Map;
// problems (not a map, syntax, aliases…) are reported and give an empty Map.
model::MetaValue read_meta(const std::string& text, const std::string& file, int first_line, Diagnostics& diags);

// Front matter as pandoc reads it: YAML that parses to a map (or to nothing) is metadata, read as by
// read_meta; YAML that parses cleanly to a scalar or a list is no front matter at all (`---`, `Foo`,
// `---` is a thematic break and a setext heading): nullopt, and nothing is reported. YAML that does
// not parse is reported, as pandoc does.
std::optional<model::MetaValue> read_front_matter(const std::string& text, const std::string& file, int first_line,
                                                  Diagnostics& diags);

// Reads one YAML (or JSON) value of any kind, typed as for metadata, with every node's position:
// data files and JSON Schemas (quire-validate --schema). Empty text gives Null; problems are reported.
model::MetaValue read_value(const std::string& text, const std::string& file, int first_line, Diagnostics& diags);

// A scalar as YAML 1.2 (core schema) types it when plain ("true" → Bool, "12" → Number, "~" → Null,
// "hello" → String), except that "" stays an empty String: for --set.
model::MetaValue typed_scalar(const std::string& text);

}  // namespace quire::yaml
