// quire-parse: Markdown files in, the quire document model out (a YAML stream).
#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{
      "quire-parse",
      "read Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists, footnotes) "
      "with optional YAML front matter, or pandoc's JSON AST (--from pandoc); write the quire document "
      "model as a YAML stream, one document per file, or pandoc's JSON AST (--to pandoc)",
      "quire-parse letter.md | quire-validate | quire-compose | quire-render-pdf -o letter.pdf"};
  quire::cli::ParseOptions options;
  tool.add_inputs(options.inputs, "Markdown files (or pandoc JSON, or YAML: --from)")
      ->check(quire::cli::files_hint("md markdown"));
  tool.add_output(options.output, "YAML output (or pandoc JSON: --to)")->check(quire::cli::files_hint("yaml yml"));
  tool.app
      .add_option("--from", options.from,
                  "what the inputs are: markdown, pandoc (pandoc's JSON AST, as `pandoc -t json` writes it) or "
                  "yaml (quire's model)")
      ->check(CLI::IsMember({"markdown", "pandoc", "yaml"}))
      ->capture_default_str();
  tool.app
      .add_option("--to", options.to,
                  "what to write: yaml (quire's model) or pandoc (pandoc's JSON AST, API 1.22, for `pandoc -f json`; "
                  "one document)")
      ->check(CLI::IsMember({"yaml", "pandoc"}))
      ->capture_default_str();
  tool.add_depfile(options.output);
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) { return quire::cli::run_parse(options, diags); });
}
