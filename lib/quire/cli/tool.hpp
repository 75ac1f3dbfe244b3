#pragma once
// The shape every quire executable shares (the only header that includes CLI11):
//   quire::cli::Tool tool{"quire-parse", "what it does", "example"};
//   tool.app.add_option(...);
//   return tool.run(argc, argv, [&](quire::Diagnostics& diags) { ...; return 0; });
// run() parses the arguments, calls the body, prints diagnostics to standard error and maps every
// failure to the exit status table in quire/diag/diagnostic.hpp.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"

namespace quire::cli {

class Tool {
 public:
  // `example` is shown at the end of --help.
  Tool(std::string name, const std::string& description, const std::string& example);

  CLI::App app;
  const std::string& name() const { return name_; }

  // Adds the positional FILE… arguments (default: "-", standard input).
  CLI::Option* add_inputs(std::vector<std::string>& files, const std::string& what);
  // Adds -o/--output (default "-", standard output).
  CLI::Option* add_output(std::string& output, const std::string& what);
  // Adds --format text|json, --max-errors N (0: no limit) and --strict (warnings fail the run).
  // A tool that does not call it prints text, without a limit, and passes with warnings.
  void add_diagnostic_options(int default_max_errors = 50);
  // Adds -M/--depfile FILE and --depfile-target NAME to `into` (the tool's own app when null; `quire
  // build` passes its subcommand). After the run, whether it succeeded or not, FILE holds a make rule from what
  // the run wrote to every file it read (cli/depfile.hpp); `output` is the option bound to -o.
  void add_depfile(const std::string& output, CLI::App* into = nullptr);
  // Adds -q/--quiet to `into` (the tool's own app when null) and shows the progress line of a long run
  // (quire/diag/progress.hpp) unless it is given, standard error is not a terminal or CI is set.
  void add_progress(CLI::App* into = nullptr);

  // How run() prints diagnostics: --format json gives one JSON object per line; text is coloured
  // only when standard error is a terminal and NO_COLOR is unset or empty.
  struct DiagnosticOptions {
    std::string format = "text";
    int max_errors = 0;
    bool strict = false;
  };
  DiagnosticOptions diagnostic_options;

  // Also answers the build's hidden requests, before any parsing (docs/man/README.md):
  //   TOOL --generate man PAGE.md OUT    the man page PAGE.md describes, with this tool's options
  //   TOOL --generate bash|zsh OUT       the shell completion for this tool
  int run(int argc, char** argv, const std::function<int(Diagnostics&)>& body);

 private:
  // Writes the depfile, if asked for, after the run ended with `status`; returns the exit status.
  int finish_depfile(int status, const std::function<void(const std::string&)>& report);
  int generate(int argc, char** argv);

  std::string name_;
  std::string depfile_, depfile_target_;
  const std::string* output_ = nullptr;
  bool progress_ = false, quiet_ = false;
};

// Prints diagnostics to standard error, one per line, in the shared format; repeated warnings of one
// kind are collapsed into a note after the first few (quire/diag/repeats.hpp). The progress line, if
// shown, is erased first.
void print_diagnostics(const Diagnostics& diags);
void print_diagnostics(const Diagnostics& diags, const FormatStyle& style);

// Colour for standard error: a terminal, and NO_COLOR unset or empty (https://no-color.org).
bool stderr_wants_colour();

// The version string every tool prints for --version.
const char* version();

}  // namespace quire::cli
