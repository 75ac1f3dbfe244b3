#pragma once
// Scalar typing and quoting for the YAML form (private to quire_yaml).
#include <string>
#include <string_view>

#include "quire/model/utf8.hpp"

#include "quire/model/document.hpp"

namespace quire::yaml::detail {

// How a plain (unquoted, untagged) scalar resolves under the YAML 1.2 core schema.
model::MetaValue::Kind resolve_plain(std::string_view s);

// Where a scalar is written: flow context (inside [ ] or { }) forbids more characters.
enum class Context { Block, Flow };

// The scalar as YAML text that reads back as exactly the string `s`: plain when that is safe for
// yaml-cpp, PyYAML (YAML 1.1) and the core schema alike, otherwise double-quoted.
std::string quote_string(std::string_view s, Context context);

// True when `s` can be written as a literal block scalar (`|`) with clip chomping and read back unchanged.
bool literal_safe(std::string_view s);

}  // namespace quire::yaml::detail
