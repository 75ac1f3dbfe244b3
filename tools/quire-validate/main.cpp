// quire-validate: checks quire documents; copies valid input through so it can sit in a pipeline.
// With --schema it checks data files (CSV, TSV, JSON, YAML) against a JSON Schema instead.
#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{"quire-validate",
                        "check quire documents (a YAML stream) against the format, its schema and the model's "
                        "rules, or data files against a JSON Schema (--schema); valid documents are copied to "
                        "the output unchanged, problems are reported as FILE:LINE:COL: error: MESSAGE",
                        "quire-parse report.md | quire-validate -q && echo valid\n"
                        "  quire-validate --schema donors.schema.yaml --coerce donors.csv"};
  quire::cli::ValidateOptions options;
  tool.add_inputs(options.inputs, "YAML document streams (or, with --schema, data files)")
      ->check(quire::cli::files_hint("yaml yml csv tsv json"));
  tool.add_output(options.output, "where valid input is copied")->check(quire::cli::files_hint("yaml yml"));
  tool.add_depfile(options.output);
  tool.app.add_flag("-q,--quiet", options.quiet, "only check; write nothing");
  tool.app
      .add_option("--data", options.data,
                  "the mail merge's records (CSV, TSV, JSON, YAML): template fields may use their columns")
      ->type_name("FILE")
      ->check(quire::cli::files_hint("csv tsv json yaml yml"));
  tool.app.add_flag("--no-files", options.no_files, "do not check that images and fonts exist and load");
  tool.app.add_flag("--uncited", options.uncited,
                    "warn about each bibliography entry that no citation (nor nocite:) names");
  tool.app
      .add_option("--schema", options.schema,
                  "check the inputs as data files against this JSON Schema (YAML or JSON): each CSV row, "
                  "each item of a JSON/YAML list, or any other value as one record")
      ->type_name("SCHEMA")
      ->check(quire::cli::files_hint("yaml yml json"));
  tool.app.add_option("--draft", options.draft, "the schema's draft: auto (from $schema), 4 or 7")
      ->capture_default_str();
  tool.app.add_flag("--coerce", options.coerce,
                    "with --schema: CSV text becomes the number or boolean the schema asks for; an empty field "
                    "a string is not allowed for counts as absent");
  tool.app.add_flag("--whole", options.whole, "with --schema: the schema describes each whole file, not each record");
  tool.app
      .add_option("--ref-base", options.ref_bases,
                  "with --schema: read `$ref`s to URIs starting with URI from the folder DIR (quire never "
                  "fetches anything from the network)")
      ->type_name("URI=DIR");
  tool.app.add_option("--schema-test-suite", options.test_suite)->group("");  // tests/schema_suite.sh
  tool.add_diagnostic_options();
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) { return quire::cli::run_validate(options, diags); });
}
