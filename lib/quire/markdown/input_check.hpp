#pragma once
// Checks on the raw Markdown bytes that must happen before cmark-gfm sees them: cmark would
// silently replace bad bytes, and it is quadratic in the number of table columns.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace quire::markdown {

// A problem found by a check; line and column are 1-based, the column counts bytes like cmark's.
struct InputProblem {
  int line = 0;
  int col = 0;
  std::string message;
};

// The first NUL byte or invalid UTF-8 sequence (overlong forms, surrogates and code points past
// U+10FFFF count as invalid). Lines end at "\n", "\r\n" or a lone "\r", as in CommonMark.
std::optional<InputProblem> check_encoding(std::string_view text);

// The first table line with more than `max_columns` cells. A table is recognised by its delimiter
// row (`|---|:-:|`, possibly behind `>` markers or indentation); the line before it and the lines
// after it up to a blank line are counted as rows. Over-approximates: a wide delimiter-like line
// inside a code block is refused too.
std::optional<InputProblem> check_table_widths(std::string_view text, std::size_t max_columns);

// Splits text into lines without their line endings ("\n", "\r\n" or "\r").
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  // The next line, or false at the end of the text.
  bool next(std::string_view& line);
  std::size_t offset() const { return pos_; }  // byte offset just after the last line ending read

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace quire::markdown
