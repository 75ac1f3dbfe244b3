// quire-compose: resolves documents (joins chapters, fills fields) before rendering.
#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{"quire-compose",
                        "resolve quire documents: join a stream's documents into one (--join) and fill "
                        "{{meta.key}} fields from metadata and --set; with --data, one document per record of a "
                        "CSV, JSON or YAML file (a mail merge), written as it is made",
                        "quire-parse 01-intro.md 02-methods.md | quire-compose --join --set year=2026 | "
                        "quire-render-pdf -o report.pdf"};
  quire::cli::ComposeCommandOptions options;
  tool.add_inputs(options.inputs, "YAML document streams")->check(quire::cli::files_hint("yaml yml"));
  tool.add_output(options.output, "YAML output")->check(quire::cli::files_hint("yaml yml"));
  tool.add_depfile(options.output);
  tool.add_progress();
  tool.app.add_flag("--join", options.compose.join, "merge all documents into one (chapters into a report)");
  tool.app.add_option("--set", options.set, "set metadata KEY to VALUE (repeatable; dotted keys nest)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  tool.app.add_flag("--allow-missing", options.compose.allow_missing, "render a field with no value as empty");
  tool.app
      .add_option("--template", options.compose.template_name,
                  "put the document in a template: letter, report, casebook, envelope, labels or a YAML file")
      ->type_name("NAME|FILE")
      ->check(quire::cli::templates_hint());
  tool.app
      .add_option("--audience", options.compose.audience,
                  "keep the parts marked for this audience, remove the others (default: public)")
      ->type_name("NAME");
  tool.app.add_option("--root", options.compose.root, "includes and data files must lie under DIR")->type_name("DIR");
  tool.app.add_flag("--allow-outside-root", options.compose.allow_outside_root,
                    "let includes and data files reach outside the root");
  auto& merge = options.merge;
  tool.app
      .add_option("--data", merge.data, "mail merge: one output document per record of FILE (CSV, TSV, JSON, YAML)")
      ->type_name("FILE")
      ->check(quire::cli::files_hint("csv tsv json yaml yml"));
  tool.app.add_option("--data-format", merge.data_format, "the data's format when the file name does not tell")
      ->check(CLI::IsMember({"csv", "tsv", "json", "yaml", "yml"}));
  tool.app.add_option("--records", merge.records, "only records FIRST-LAST (from 1; also FIRST- and -LAST): shards")
      ->type_name("RANGE");
  tool.app.add_option("--where", merge.where, "only records where COLUMN == \"VALUE\" (or !=)")->type_name("FILTER");
  tool.app.add_option("--split", options.split, "with --data: each record to DIR/N.yaml, rewritten only when changed")
      ->type_name("DIR");
  tool.app.add_flag("--keep-going", merge.keep_going,
                    "skip records that fail, merge the others, end with a count of failures (exit 1)");
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) { return quire::cli::run_compose(options, diags); });
}
