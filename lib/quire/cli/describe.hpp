#pragma once
// A tool's command line as plain values, read from its CLI11 definition: what the man pages
// (manual.hpp) and the shell completions (completion.hpp) are generated from, so that an option added
// to a tool appears in both without a list to keep in step.
#include <string>
#include <vector>

namespace CLI {
class App;
class Validator;
}  // namespace CLI

namespace quire::cli {

// What a shell may offer for an option's value.
struct ValueHint {
  enum class Kind { None, Files, Dirs, Words };
  Kind kind = Kind::None;
  std::vector<std::string> extensions;  // Files: offer only these (no dot); empty: any file
  std::vector<std::string> words;       // Words: these; with extensions, files too (--template)
};

struct OptionInfo {
  std::vector<std::string> names;  // "-o", "--output"; empty for a positional
  std::string positional;          // a positional's name ("files")
  std::string value_name;          // "FILE", "N", "pdf|layout"; empty for a flag
  std::string description;
  std::string default_value;  // shown as "(default: …)" when set
  std::string envname;        // the environment variable read when the option is absent
  bool required = false;
  bool repeated = false;  // takes several values (FILE…)
  ValueHint hint;
};

struct CommandInfo {
  std::string name;  // "quire-parse", or "build" for a subcommand
  std::string description;
  std::vector<OptionInfo> options;  // named options first, in definition order, then positionals
  std::vector<CommandInfo> subcommands;
  bool passes_arguments = false;  // a subcommand that hands its arguments to another tool (quire parse)
};

// Hidden options (group "") are left out.
CommandInfo describe(CLI::App& app);

// Completion hints kept on an option's definition: validators that accept every value and add nothing
// to --help. `->check(files_hint("md"))`, `files_hint("csv tsv json yaml yml")`.
CLI::Validator files_hint(const std::string& extensions);
// The built-in template names, or a YAML file (--template).
CLI::Validator templates_hint();

}  // namespace quire::cli
