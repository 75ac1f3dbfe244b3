#pragma once
// The JSON Schema of the YAML document format (docs/schema/quire-document.schema.json), built into
// the library so quire-validate needs no installed files.
#include <string_view>

#include "quire/validate/schema.hpp"

namespace quire::validate {

// The schema's JSON text, as installed in share/quire/schema/.
std::string_view document_schema_text();
// The schema, parsed once.
const Schema& document_schema();

}  // namespace quire::validate
