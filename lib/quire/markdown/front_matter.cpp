#include "quire/markdown/front_matter.hpp"

#include "quire/markdown/input_check.hpp"

namespace quire::markdown {

namespace {

std::string_view trim_right(std::string_view s) {
  auto end = s.find_last_not_of(" \t");
  return end == std::string_view::npos ? std::string_view{} : s.substr(0, end + 1);
}

}  // namespace

FrontMatter split_front_matter(std::string_view text) {
  FrontMatter fm;
  LineReader lines(text);
  std::string_view line;
  if (!lines.next(line) || trim_right(line) != "---") return fm;
  // A blank line after `---` makes it a thematic break, as in pandoc.
  if (!lines.next(line) || trim_right(line).empty()) return fm;
  std::string yaml;
  for (int number = 2;; ++number) {
    std::string_view closing = trim_right(line);
    if (closing == "---" || closing == "...") {
      fm.present = true;
      fm.yaml = std::move(yaml);
      fm.body_offset = lines.offset();
      fm.body_line_offset = number;
      return fm;
    }
    yaml.append(line);
    yaml += '\n';
    if (!lines.next(line)) break;
  }
  fm.unclosed = true;
  return fm;
}

}  // namespace quire::markdown
