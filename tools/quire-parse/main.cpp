// quire-parse: Markdown files in, the quire document model out (a YAML stream).
#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{"quire-parse",
                        "read Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists, footnotes) "
                        "with optional YAML front matter; write the quire document model as a YAML stream, one "
                        "document per file",
                        "quire-parse letter.md | quire-validate | quire-compose | quire-render-pdf -o letter.pdf"};
  quire::cli::ParseOptions options;
  tool.add_inputs(options.inputs, "Markdown files")->check(quire::cli::files_hint("md markdown"));
  tool.add_output(options.output, "YAML output")->check(quire::cli::files_hint("yaml yml"));
  tool.add_depfile(options.output);
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) { return quire::cli::run_parse(options, diags); });
}
