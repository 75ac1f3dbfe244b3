#pragma once
// A position in a source file, 1-based; line 0 means "unknown".
#include <string>

namespace quire::model {

struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;

  bool known() const { return line > 0; }
  bool operator==(const SourcePos&) const = default;
};

// "letter.md:12:1" (or "letter.md:12", "letter.md") — the form used in YAML `pos:` keys and diagnostics.
std::string to_string(const SourcePos& pos);
// Parses the form above; the file part may itself contain ':'. Returns false on a malformed value.
bool parse_pos(const std::string& text, SourcePos& out);

}  // namespace quire::model
