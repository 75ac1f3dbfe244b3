#pragma once
// Shell completion scripts from a tool's command line (describe.hpp): option names, the values an
// option takes (choices, template names, files of the types it reads, directories) and the positional
// files. A subcommand that hands its arguments to another tool (`quire parse …`) completes as that tool
// (`quire-parse`), whose script is found beside this one.
#include <string>

#include "quire/cli/describe.hpp"

namespace quire::cli {

// For bash (bash-completion's completions/ directory, or `source`d): defines _quire_parse for
// quire-parse and registers it with `complete -F`.
std::string bash_completion(const CommandInfo& command);

// For zsh (a `_quire-parse` file in $fpath): `#compdef quire-parse`, then _arguments.
std::string zsh_completion(const CommandInfo& command);

}  // namespace quire::cli
