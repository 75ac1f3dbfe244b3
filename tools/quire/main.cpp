// quire: the driver. `quire parse …` runs quire-parse …; `quire build` runs the whole pipeline in-process.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/output_options.hpp"
#include "quire/cli/tool.hpp"

namespace {

const char* const kTools[] = {"parse", "validate", "compose", "render-pdf"};

// Runs quire-NAME from this executable's directory if it is there, else from PATH.
int exec_tool(const std::string& name, int argc, char** argv) {
  std::string program = "quire-" + name;
  std::vector<char*> args{program.data()};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<std::size_t>(n));
    std::string sibling = dir.substr(0, dir.rfind('/') + 1) + program;
    if (::access(sibling.c_str(), X_OK) == 0) ::execv(sibling.c_str(), args.data());
  }
  ::execvp(program.c_str(), args.data());
  std::fprintf(stderr, "quire: cannot run %s: %s\n", program.c_str(), std::strerror(errno));
  return quire::kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2)
    for (const char* name : kTools)
      if (std::strcmp(argv[1], name) == 0) return exec_tool(name, argc, argv);

  quire::cli::Tool tool{"quire",
                        "assemble documents: `quire build` runs parse → validate → compose → render-pdf in one "
                        "process; `quire parse|validate|compose|render-pdf …` runs that tool",
                        "quire build examples/report/*.md --join -o report.pdf"};
  tool.app.require_subcommand(1);
  for (const char* name : kTools)
    tool.app.add_subcommand(name, std::string("run quire-") + name + " (see quire-" + name + " --help)")
        ->allow_extras();
  quire::cli::BuildOptions options;
  std::string emit = "pdf";
  bool strict = false;
  auto& merge = options.compose.merge;  // a mail merge, as for quire-compose
  // The options of `quire build`, which `quire watch` takes too.
  auto add_build_options = [&](CLI::App* cmd) {
    cmd->add_option("files", options.inputs, "Markdown files")
        ->required()
        ->type_name("FILE")
        ->check(quire::cli::files_hint("md markdown"));
    cmd->add_option("-o,--output", options.render.output,
                    "PDF file or pattern, as for quire-render-pdf (default: FILE.pdf beside the first input)")
        ->check(quire::cli::files_hint("pdf"));
    cmd->add_flag("--join", options.compose.compose.join, "merge the files into one document");
    cmd->add_option("--set", options.compose.set, "set metadata KEY to VALUE (repeatable)")
        ->allow_extra_args(false)
        ->type_name("KEY=VALUE");
    cmd->add_flag("--allow-missing", options.compose.compose.allow_missing, "render a field with no value as empty");
    cmd->add_option("--template", options.compose.compose.template_name,
                    "put the document in a template: letter, report, casebook, envelope, labels or a YAML file")
        ->type_name("NAME|FILE")
        ->check(quire::cli::templates_hint());
    cmd->add_option("--audience", options.compose.compose.audience,
                    "keep the parts marked for this audience, remove the others (default: public)")
        ->type_name("NAME");
    cmd->add_option("--root", options.compose.compose.root, "includes, data files, images and fonts must lie under DIR")
        ->type_name("DIR");
    cmd->add_flag("--allow-outside-root", options.compose.compose.allow_outside_root,
                  "let includes, data files, images and fonts reach outside the root");
    cmd->add_option("--emit", emit, "pdf, or layout")->check(CLI::IsMember({"pdf", "layout"}));
    quire::cli::add_pdf_output_options(*cmd, options.render);
    cmd->add_option("--data", merge.data, "mail merge: one document per record of FILE (CSV, TSV, JSON, YAML)")
        ->type_name("FILE")
        ->check(quire::cli::files_hint("csv tsv json yaml yml"));
    cmd->add_option("--data-format", merge.data_format, "the data's format when the file name does not tell")
        ->check(CLI::IsMember({"csv", "tsv", "json", "yaml", "yml"}));
    cmd->add_option("--records", merge.records, "only records FIRST-LAST (from 1; also FIRST- and -LAST)")
        ->type_name("RANGE");
    cmd->add_option("--where", merge.where, "only records where COLUMN == \"VALUE\" (or !=)")->type_name("FILTER");
    cmd->add_flag("--keep-going", merge.keep_going, "skip records that fail, render the others, count the failures");
    cmd->add_flag("--strict", strict, "warnings fail the run (exit 1) and nothing is written");
    cmd->add_option("-j,--jobs", options.render.jobs,
                    "lay out and write documents on N threads (default 0: one per core; 1: one at a time); the "
                    "output is the same")
        ->check(CLI::NonNegativeNumber)
        ->type_name("N")
        ->capture_default_str();
  };
  options.render.jobs = 0;
  auto* build = tool.app.add_subcommand("build", "Markdown files to PDF in one process (same result as the pipe)");
  add_build_options(build);
  tool.add_depfile(options.render.output, build);
  tool.add_progress(build);
  auto* watch = tool.app.add_subcommand(
      "watch", "build, then build again whenever a file the last build read changes (until Ctrl-C)");
  add_build_options(watch);
  quire::cli::JoinOptions join_options;
  auto* join = tool.app.add_subcommand(
      "join", "existing PDFs into one, each file's outline under an entry of its own and its page numbers kept");
  join->add_option("files", join_options.inputs, "PDF files, in order")
      ->required()
      ->type_name("FILE")
      ->check(quire::cli::files_hint("pdf"));
  join->add_option("-o,--output", join_options.output, "the joined PDF")
      ->required()
      ->type_name("FILE")
      ->check(quire::cli::files_hint("pdf"));
  join->add_flag("--mkdir", join_options.make_dirs, "create the output's directory when it is missing");
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) {
    if (join->parsed()) return quire::cli::run_join(join_options, diags);
    options.render.emit = emit == "layout" ? quire::render::Emit::Layout : quire::render::Emit::Pdf;
    diags.set_strict(strict);  // a warning stops the output as an error does
    quire::cli::resolve_build_output(options);
    if (watch->parsed()) return quire::cli::run_watch(options, diags);
    return quire::cli::run_build(options, diags);
  });
}
