#pragma once
// YAML front matter at the very top of a Markdown file, as pandoc reads it: a `---` line followed
// by a non-blank line, closed by a `---` or `...` line.
#include <cstddef>
#include <string>
#include <string_view>

namespace quire::markdown {

struct FrontMatter {
  bool present = false;
  bool unclosed = false;        // a `---` opening with no closing line (then not front matter)
  std::string yaml;             // the lines between the fences, "\n"-terminated
  int yaml_first_line = 2;      // line of `yaml` in the file
  std::size_t body_offset = 0;  // where the Markdown body starts in the text
  int body_line_offset = 0;     // lines before the body: body line N is file line N + this
};

FrontMatter split_front_matter(std::string_view text);

}  // namespace quire::markdown
