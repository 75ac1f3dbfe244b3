#pragma once
// Man pages in roff (man(7)) from two sources: a page's prose in docs/man/NAME.SECTION.md and, for a
// tool's page, the tool's own command line (describe.hpp) for SYNOPSIS, OPTIONS and COMMANDS.
//
// The prose is a small Markdown subset (docs/man/README.md): a first line
// `% NAME(SECTION) -- SUMMARY`, `# SECTION` and `## Subsection` headings, paragraphs, examples
// indented by four spaces, `- ` items, definitions (a term line, then `: definition`), and inline
// `code` and *emphasis*.
#include <string>
#include <string_view>

#include "quire/cli/describe.hpp"

namespace quire::cli {

struct ManHeader {
  std::string name;     // "quire-parse"
  std::string section;  // "1"
  std::string summary;  // NAME's line after the dash
};

// Reads the first line. Throws quire::Error(Input) at `file`:1 when it is not `% NAME(SECTION) -- SUMMARY`.
ManHeader read_man_header(std::string_view source, const std::string& file);

// The page. `command` (may be null: a page without a command line, quire-format(5)) gives SYNOPSIS,
// invoked as `invocation` ("quire build"), and OPTIONS (and COMMANDS) after DESCRIPTION.
// Throws quire::Error(Input) with the line of a malformed header.
std::string man_page(std::string_view source, const std::string& file, const CommandInfo* command,
                     const std::string& invocation);

}  // namespace quire::cli
