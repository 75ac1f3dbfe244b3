// quire-validate: checks quire documents; copies valid input through so it can sit in a pipeline.
#include "quire/cli/commands.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{"quire-validate",
                        "check quire documents (a YAML stream) against the model's rules; valid input is copied "
                        "to the output unchanged, problems are reported as FILE:LINE:COL: error: MESSAGE",
                        "quire-parse report.md | quire-validate -q && echo valid"};
  quire::cli::ValidateOptions options;
  tool.add_inputs(options.inputs, "YAML document streams");
  tool.add_output(options.output, "where valid input is copied");
  tool.app.add_flag("-q,--quiet", options.quiet, "only check; write nothing");
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) { return quire::cli::run_validate(options, diags); });
}
