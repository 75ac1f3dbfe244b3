#pragma once
// Pandoc's fenced divs, which cmark-gfm does not know. A fence is a line of its own, indented at most
// three spaces: three or more colons, then (to open) `{#id .class key="value"}` or one word (a
// class), optionally followed by more colons; a line of colons alone closes the innermost open div.
//
// The reader turns every fence line into an HTML comment of the same line (cmark keeps it as an HTML
// block, which may interrupt a paragraph) and rebuilds the div around the blocks between the
// comments, so every other line, and every position cmark reports, stays where the user wrote it.
#include <string>
#include <string_view>
#include <vector>

#include "quire/markdown/input_check.hpp"
#include "quire/model/document.hpp"

namespace quire::markdown {

struct DivFence {
  int line = 0;  // 1-based, in the text scanned
  int col = 0;   // of the first colon
  bool opens = false;
  model::Div attributes;  // an opening fence's id, classes and key=value pairs (no blocks)
};

// True when some line of `text` starts (after at most three spaces) with ":::": the cheap test
// that spares documents without divs any further work.
bool may_have_fences(std::string_view text);

// The fence lines of `text`, except those inside the line ranges in `code_lines` (code blocks, whose
// text is verbatim; in document order, not overlapping). A malformed opening fence is reported into
// `problems` and still opens a div.
struct LineRange {
  int first = 0, last = 0;
};
std::vector<DivFence> find_fences(std::string_view text, const std::vector<LineRange>& code_lines,
                                  std::vector<InputProblem>& problems);

// `text` with each fence line replaced by the marker comment (indentation and line ends kept).
std::string mark_fences(std::string_view text, const std::vector<DivFence>& fences);

// Parses the part of an opening fence after its colons: "{#id .class key=value}" or "word".
// Returns false and sets `problem` (column relative to `spec`, 0-based) when it is malformed.
bool parse_div_attributes(std::string_view spec, model::Div& out, std::string& problem, std::size_t& at);

}  // namespace quire::markdown
