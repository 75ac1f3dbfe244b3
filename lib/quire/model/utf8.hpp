#pragma once
// UTF-8 encoding shared by every reader that turns escapes (JSON \u, YAML \x) into text.
#include <string>

namespace quire {

// Appends code point `c` to `out` as UTF-8 (1–4 bytes); the caller passes valid scalar values.
void append_utf8(std::string& out, char32_t c);

}  // namespace quire
