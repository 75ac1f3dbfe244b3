#include "quire/markdown/input_check.hpp"

#include <cstdio>

#include "quire/model/utf8.hpp"

namespace quire::markdown {

bool LineReader::next(std::string_view& line) {
  if (pos_ >= text_.size()) return false;
  std::size_t end = text_.find_first_of("\r\n", pos_);
  if (end == std::string_view::npos) {
    line = text_.substr(pos_);
    pos_ = text_.size();
    return true;
  }
  line = text_.substr(pos_, end - pos_);
  pos_ = end + 1;
  if (text_[end] == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  return true;
}

namespace {

std::string hex_byte(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

}  // namespace

std::optional<InputProblem> check_encoding(std::string_view text) {
  LineReader lines(text);
  std::string_view line;
  for (int number = 1; lines.next(line); ++number) {
    for (std::size_t i = 0; i < line.size();) {
      auto b = static_cast<unsigned char>(line[i]);
      int col = static_cast<int>(i) + 1;
      if (b == 0) return InputProblem{number, col, "NUL byte in input"};
      char32_t cp = 0;
      auto n = static_cast<std::size_t>(decode_utf8(line, i, cp));
      if (n == 0) return InputProblem{number, col, "invalid UTF-8 (byte " + hex_byte(b) + ")"};
      i += n;
    }
  }
  return std::nullopt;
}

namespace {

// The line without block quote markers and indentation in front of a table.
std::string_view strip_container_prefix(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '>')) ++i;
  return line.substr(i);
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

// A GFM delimiter row: only '|', '-', ':' and blanks, with at least one '|' and one '-'.
bool is_delimiter_row(std::string_view line) {
  if (line.find('|') == std::string_view::npos || line.find('-') == std::string_view::npos) return false;
  return line.find_first_not_of("|-: \t") == std::string_view::npos;
}

// Cells of a table row: unescaped pipes split cells; a leading and a trailing pipe do not add one.
std::size_t count_cells(std::string_view line) {
  std::size_t pipes = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '|') {
      ++pipes;
    }
  }
  auto first = line.find_first_not_of(" \t");
  auto last = line.find_last_not_of(" \t");
  std::size_t cells = pipes + 1;
  if (first != std::string_view::npos && line[first] == '|' && cells > 1) --cells;
  if (last != std::string_view::npos && line[last] == '|' && last != first && cells > 1) --cells;
  return cells;
}

InputProblem too_wide(int line, std::size_t cells, std::size_t max_columns) {
  return {line, 1,
          "table has " + std::to_string(cells) + " columns, more than the limit of " + std::to_string(max_columns)};
}

}  // namespace

std::optional<InputProblem> check_table_widths(std::string_view text, std::size_t max_columns) {
  LineReader lines(text);
  std::string_view raw;
  std::string_view previous;  // the line before, a possible header row
  bool in_table = false;
  for (int number = 1; lines.next(raw); ++number) {
    std::string_view line = strip_container_prefix(raw);
    if (is_blank(line)) {
      in_table = false;
    } else if (in_table || is_delimiter_row(line)) {
      if (!in_table && number > 1) {
        std::size_t header = count_cells(previous);
        if (header > max_columns) return too_wide(number - 1, header, max_columns);
      }
      in_table = true;
      std::size_t cells = count_cells(line);
      if (cells > max_columns) return too_wide(number, cells, max_columns);
    }
    previous = line;
  }
  return std::nullopt;
}

}  // namespace quire::markdown
