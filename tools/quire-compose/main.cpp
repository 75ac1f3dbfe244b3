// quire-compose: resolves documents (joins chapters, fills fields) before rendering.
#include "quire/cli/commands.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{"quire-compose",
                        "resolve quire documents: join a stream's documents into one (--join) and fill "
                        "{{meta.key}} fields from metadata and --set",
                        "quire-parse 01-intro.md 02-methods.md | quire-compose --join --set year=2026 | "
                        "quire-render-pdf -o report.pdf"};
  quire::cli::ComposeCommandOptions options;
  tool.add_inputs(options.inputs, "YAML document streams");
  tool.add_output(options.output, "YAML output");
  tool.app.add_flag("--join", options.compose.join, "merge all documents into one (chapters into a report)");
  tool.app.add_option("--set", options.set, "set metadata KEY to VALUE (repeatable; dotted keys nest)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  tool.app.add_flag("--allow-missing", options.compose.allow_missing, "render a field with no value as empty");
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) { return quire::cli::run_compose(options, diags); });
}
