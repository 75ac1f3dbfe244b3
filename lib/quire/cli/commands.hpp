#pragma once
// What each tool does, as one library call: a tool's main only binds these options with CLI11 and
// calls its run_* function; the `quire` driver calls the same functions for `quire build`.
#include <string>
#include <vector>

#include "quire/compose/compose.hpp"
#include "quire/diag/diagnostic.hpp"
#include "quire/render/render.hpp"

namespace quire::cli {

struct ParseOptions {
  std::vector<std::string> inputs{"-"};
  std::string output = "-";
  std::string from = "markdown";  // markdown, pandoc (pandoc's JSON AST) or yaml (quire's model)
  std::string to = "yaml";        // yaml (quire's model) or pandoc (pandoc's JSON AST, one document)
};
// Markdown files (or pandoc JSON, or quire YAML) → a YAML stream, one document per file, in order;
// or one document as pandoc JSON (docs/pandoc.md).
int run_parse(const ParseOptions& options, Diagnostics& diags);

struct ValidateOptions {
  std::vector<std::string> inputs{"-"};
  std::string output = "-";
  bool quiet = false;     // only check; write nothing
  std::string data;       // --data FILE: records whose columns template fields may use
  bool no_files = false;  // --no-files: skip the image and font checks
  bool uncited = false;   // --uncited: warn about bibliography entries never cited
  // --schema FILE: the inputs are data files (CSV, TSV, JSON, YAML) checked against this JSON Schema.
  std::string schema;
  std::string draft = "auto";          // auto (from $schema), 4 or 7
  bool coerce = false;                 // CSV text to the number/boolean the schema asks for; empty → absent
  bool whole = false;                  // the schema describes each file, not each record
  std::vector<std::string> ref_bases;  // URI=DIR: `$ref`s under URI are read from DIR
  std::string test_suite;              // hidden: run a JSON Schema Test Suite file, one result line per case
};
// Checks every document of the input streams; copies valid input to the output unchanged. With a
// schema, checks data files against it instead and writes nothing.
int run_validate(const ValidateOptions& options, Diagnostics& diags);

// A mail merge (docs/mail-merge.md): one output document per record of a data file.
struct MergeOptions {
  std::string data;         // --data FILE: CSV, TSV, JSON or YAML records ("" no merge; "-" standard input)
  std::string data_format;  // --data-format csv|tsv|json|yaml ("" from the file's extension)
  std::string records;      // --records FIRST-LAST, FIRST-, -LAST or N, from 1 ("" every record)
  std::string where;        // --where 'COLUMN == "VALUE"' or != ("" every record)
  bool keep_going = false;  // skip failed records and report a count at the end (exit 1)
};

struct ComposeCommandOptions {
  std::vector<std::string> inputs{"-"};
  std::string output = "-";
  std::vector<std::string> set;  // KEY=VALUE
  compose::ComposeOptions compose;
  MergeOptions merge;
  // --split DIR: with --data, each record's document goes to DIR/N.yaml (N the record's number), a file
  // rewritten only when its content changed (io::write_if_changed). "" one stream to `output`.
  std::string split;
};
int run_compose(ComposeCommandOptions options, Diagnostics& diags);

struct RenderCommandOptions {
  std::vector<std::string> inputs{"-"};
  render::RenderOptions render;
};
int run_render(const RenderCommandOptions& options, Diagnostics& diags);

struct BuildOptions {
  BuildOptions() { render.output.clear(); }  // no -o: resolve_build_output() names it
  std::vector<std::string> inputs;           // Markdown files
  ComposeCommandOptions compose;             // inputs/output unused
  render::RenderOptions render;
};
// Without -o, the PDF is FILE.pdf beside the first input (FILE.md), as Typst does, and the layout dump
// goes to standard output. Throws Error(Usage) when the first input is standard input, or when
// FILE.pdf exists and is not a PDF (it is never overwritten) or is the input itself.
void resolve_build_output(BuildOptions& options);
// The whole pipeline in one process: parse → validate → compose → render, same result as the pipe.
int run_build(BuildOptions options, Diagnostics& diags);

struct JoinOptions {
  std::vector<std::string> inputs;  // PDF files, in order
  std::string output;               // -o FILE ("-": standard output, never a terminal)
  bool make_dirs = false;           // --mkdir
};
// `quire join`: existing PDFs into one, each file's outline under an entry of its own and its page
// labels kept (render/pdf/join.hpp); written atomically.
int run_join(const JoinOptions& options, Diagnostics& diags);

// `quire watch`: run_build() now, and again whenever a file the last build read changes (inotify on
// their directories), until SIGINT, SIGTERM or SIGHUP (then exit 0). Each build prints one line with
// its time (built, or failed with the last good PDF kept) and its diagnostics on standard error.
// Throws Error(Usage) without a file to write.
int run_watch(const BuildOptions& options, Diagnostics& diags);

}  // namespace quire::cli
