#pragma once
// JSON Schemas (written in YAML or JSON) checked with valijson over quire's own value tree, so
// every problem is reported at the node's position in the user's file:
//   donors.csv:14:23: error: /amount: "12,5" is not a number
// Draft-04 and draft-07 keywords as valijson supports them, `$ref` within the schema file, and the
// formats "date" (RFC 3339 full-date) and "email" checked by quire.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::validate {

enum class Draft {
  Auto,  // from "$schema": a draft-04 URI gives Draft4, anything else (or none) Draft7
  Draft4,
  Draft7,
};

// Where `$ref`s to other documents are read from: a URI starting with `first` is the file `second`
// followed by the rest of the URI ("http://example.org/schemas/" → "schemas/"). quire never fetches
// anything from the network; a reference no prefix covers makes the schema invalid.
using RefBases = std::vector<std::pair<std::string, std::string>>;

class Schema {
 public:
  // Builds the schema from a value tree (read_value of a YAML or JSON file). A schema valijson
  // refuses throws quire::Error(Input) at the schema's position.
  explicit Schema(const model::MetaValue& schema, Draft draft = Draft::Auto, const RefBases& bases = {});
  // Reads a schema file: YAML or JSON (JSON is read as YAML). Unreadable: Error(Io); invalid:
  // the problems are reported into `diags` and Error(Input) is thrown.
  static Schema load(const std::string& path, Diagnostics& diags, Draft draft = Draft::Auto,
                     const RefBases& bases = {});

  Schema(Schema&&) noexcept;
  Schema& operator=(Schema&&) noexcept;
  ~Schema();

  // Not thread-safe: a Schema caches compiled patterns while checking.
  // Reports every problem of `value` into `diags` as an error with rule "schema", at the offending
  // node's position, the message starting with the node's JSON pointer ("/amount: …", relative to
  // `value`). Returns the number of errors reported.
  int check(const model::MetaValue& value, Diagnostics& diags) const;
  // True when `value` is valid (stops at the first problem; reports nothing).
  bool accepts(const model::MetaValue& value) const;

  // CSV text to what the schema asks for, property by property (nested maps too): an empty cell is
  // absent (Null when the schema allows null), so `required` reports it; other text becomes a Number
  // when the schema wants a number or integer (and not a string) and the text is a JSON number
  // ("12.5", not "12,5"), a Bool for a boolean ("true"/"false"); anything else stays a String.
  void coerce(model::MetaValue& record) const;

  // The subschema that applies to `value`'s property `name` (following `$ref`, `properties` and an
  // object `additionalProperties`), or nullptr: used to coerce CSV text to the type the schema wants.
  const model::MetaValue* property_schema(std::string_view name) const;
  const model::MetaValue& root() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// JSON text with its UTF-16 surrogate pair escapes ("\\ud83d\\udca9") rewritten as the one YAML escape
// ("\\U0001f4a9"): yaml-cpp reads JSON as YAML but refuses the pairs.
std::string json_for_yaml(std::string text);

// The formats quire checks itself (valijson checks neither well).
bool is_valid_date(std::string_view s);   // YYYY-MM-DD, a real calendar day
bool is_valid_email(std::string_view s);  // local@domain: dot-atom or quoted local part, host name or [literal]

}  // namespace quire::validate
