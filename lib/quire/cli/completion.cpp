#include "quire/cli/completion.hpp"

namespace quire::cli {

namespace {

// Shell function names: _quire_parse for quire-parse, _quire__build for quire's build.
std::string function_name(const std::string& tool, const std::string& sub = {}) {
  std::string name = "_" + tool + (sub.empty() ? "" : "__" + sub);
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

// Words go into single-quoted shell strings: no quote can appear.
std::string words(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& w : list) {
    if (!out.empty()) out += ' ';
    for (char c : w)
      if (c != '\'' && c != '\\') out += c;
  }
  return out;
}

std::string joined(const std::vector<std::string>& list, const std::string& sep) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : sep) + s;
  return out;
}

const OptionInfo* positional(const CommandInfo& c) {
  for (const auto& o : c.options)
    if (o.names.empty()) return &o;
  return nullptr;
}

// --- bash ---

// Sets COMPREPLY for a value with this hint (from $cur).
std::string bash_values(const ValueHint& h) {
  switch (h.kind) {
    case ValueHint::Kind::Files:
      return "_quire_files \"$cur\" " + words(h.extensions);
    case ValueHint::Kind::Dirs:
      return "compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\"))";
    case ValueHint::Kind::Words:
      if (h.extensions.empty()) return "COMPREPLY=($(compgen -W '" + words(h.words) + "' -- \"$cur\"))";
      return "_quire_files \"$cur\" " + words(h.extensions) + "; COMPREPLY+=($(compgen -W '" + words(h.words) +
             "' -- \"$cur\"))";
    case ValueHint::Kind::None:
      break;
  }
  return ":";
}

// The body of one command's function: values after an option, option names after '-', else the
// positionals.
std::string bash_command_body(const CommandInfo& c) {
  std::string out =
      "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      "  # --name=value: bash splits the word at '='\n"
      "  if [[ $cur == = ]]; then cur=; elif [[ $prev == = ]]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n"
      "  COMPREPLY=()\n"
      "  case $prev in\n";
  std::vector<std::string> names;
  for (const auto& o : c.options) {
    names.insert(names.end(), o.names.begin(), o.names.end());
    if (o.names.empty() || o.value_name.empty()) continue;
    out += "    " + joined(o.names, "|") + ") " + bash_values(o.hint) + "; return ;;\n";
  }
  out += "  esac\n";
  out += "  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '" + words(names) + "' -- \"$cur\")); return; fi\n";
  if (const OptionInfo* p = positional(c)) out += "  " + bash_values(p->hint) + "\n";
  return out;
}

const char* const kBashHelpers =
    R"(# Files ending in one of the extensions given after $1 (any file when none is), and directories.
_quire_files() {
  local cur=$1 ext
  shift
  compopt -o filenames 2>/dev/null
  if (($# == 0)); then mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return; fi
  mapfile -t COMPREPLY < <(compgen -d -- "$cur")
  for ext; do mapfile -t -O ${#COMPREPLY[@]} COMPREPLY < <(compgen -f -X "!*.$ext" -- "$cur"); done
}
)";

// `quire parse …` completes as quire-parse: its script is loaded from beside this one (or by
// bash-completion) and called on the words after the subcommand.
const char* const kBashDelegate = R"(_quire_completion_dir=.
[[ ${BASH_SOURCE[0]} == */* ]] && _quire_completion_dir=${BASH_SOURCE[0]%/*}
_quire_delegate() {
  local tool=$1 at=$2 fn=_${1//-/_}
  declare -F "$fn" >/dev/null || { [[ -r $_quire_completion_dir/$tool ]] && . "$_quire_completion_dir/$tool"; }
  declare -F "$fn" >/dev/null || { declare -F __load_completion >/dev/null && __load_completion "$tool"; }
  declare -F "$fn" >/dev/null || return 0
  COMP_WORDS=("$tool" "${COMP_WORDS[@]:at+1}")
  COMP_CWORD=$((COMP_CWORD - at))
  "$fn"
}
)";

// --- zsh ---

// Text inside a single-quoted zsh string.
std::string single_quoted(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c == '\n' ? ' ' : c);
  return out;
}

// Text inside an _arguments spec's [description] (the spec is single-quoted).
std::string zsh_description(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else if (c == '[' || c == ']' || c == '\\')
      out += std::string("\\") + c;
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string zsh_message(const std::string& name) {
  std::string out;
  for (char c : name)
    if (c != ':' && c != '\'' && c != '\\') out += c;
  return out.empty() ? "value" : out;
}

std::string zsh_action(const ValueHint& h, const std::string& helper) {
  auto glob = [](const std::vector<std::string>& ext) {
    return ext.size() == 1 ? "_files -g \"*." + ext[0] + "\"" : "_files -g \"*.(" + joined(ext, "|") + ")\"";
  };
  switch (h.kind) {
    case ValueHint::Kind::Files:
      return h.extensions.empty() ? "_files" : glob(h.extensions);
    case ValueHint::Kind::Dirs:
      return "_files -/";
    case ValueHint::Kind::Words:
      return h.extensions.empty() ? "(" + words(h.words) + ")" : helper;
    case ValueHint::Kind::None:
      break;
  }
  return " ";
}

// Helper functions for values that are words or files (--template), then _arguments' specs.
struct ZshSpecs {
  std::string helpers;
  std::vector<std::string> specs;
};

ZshSpecs zsh_specs(const CommandInfo& c, const std::string& fn) {
  ZshSpecs out;
  for (const auto& o : c.options) {
    std::string helper;
    if (o.hint.kind == ValueHint::Kind::Words && !o.hint.extensions.empty()) {
      helper = fn + "_" + (o.names.empty() ? o.positional : o.names.back());
      for (char& ch : helper)
        if (ch == '-') ch = '_';
      out.helpers += helper + "() {\n  _alternative 'words:" + zsh_message(o.value_name) + ":(" + words(o.hint.words) +
                     ")' 'files:file:_files -g \"*.(" + joined(o.hint.extensions, "|") + ")\"'\n}\n";
    }
    std::string value = o.value_name.empty() ? "" : ":" + zsh_message(o.value_name) + ":" + zsh_action(o.hint, helper);
    if (o.names.empty()) {
      out.specs.push_back("'" + std::string(o.repeated ? "*" : "") + value + "'");
      continue;
    }
    std::string exclude = o.repeated || o.names.size() < 2 ? "" : "(" + joined(o.names, " ") + ")";
    for (const auto& n : o.names) {
      std::string name = n;
      if (!o.value_name.empty()) name += n.size() == 2 ? "+" : "=";
      out.specs.push_back("'" + std::string(o.repeated ? "*" : "") + exclude + name + "[" +
                          zsh_description(o.description) + "]" + value + "'");
    }
  }
  return out;
}

std::string zsh_arguments(const std::vector<std::string>& specs, const std::string& indent, const std::string& flags) {
  std::string out = indent + "_arguments " + flags + " \\\n";
  for (std::size_t i = 0; i < specs.size(); ++i)
    out += indent + "  " + specs[i] + (i + 1 < specs.size() ? " \\\n" : "\n");
  return out;
}

}  // namespace

std::string bash_completion(const CommandInfo& c) {
  std::string fn = function_name(c.name);
  std::string out = "# bash completion for " + c.name + "; generated by `" + c.name +
                    " --generate bash` from its options (quire's lib/quire/cli/completion.cpp).\n";
  out += kBashHelpers;
  bool delegates = false;
  for (const auto& s : c.subcommands) delegates = delegates || s.passes_arguments;
  if (delegates) out += kBashDelegate;
  for (const auto& s : c.subcommands)
    if (!s.passes_arguments) out += function_name(c.name, s.name) + "() {\n" + bash_command_body(s) + "}\n";
  out += fn + "() {\n";
  if (!c.subcommands.empty()) {
    std::vector<std::string> names;
    out += "  local i at=0 sub=\n";
    out += "  for ((i = 1; i < COMP_CWORD; i++)); do\n";
    out += "    case ${COMP_WORDS[i]} in -*) ;; *) sub=${COMP_WORDS[i]}; at=$i; break ;; esac\n";
    out += "  done\n  case $sub in\n";
    for (const auto& s : c.subcommands) {
      names.push_back(s.name);
      out += "    " + s.name + ") " +
             (s.passes_arguments ? "_quire_delegate " + c.name + "-" + s.name + " \"$at\""
                                 : function_name(c.name, s.name)) +
             "; return ;;\n";
    }
    out += "  esac\n";
    out += "  local cur=${COMP_WORDS[COMP_CWORD]}\n";
    std::vector<std::string> options;
    for (const auto& o : c.options) options.insert(options.end(), o.names.begin(), o.names.end());
    out += "  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '" + words(options) + "' -- \"$cur\")); return; fi\n";
    out += "  COMPREPLY=($(compgen -W '" + words(names) + "' -- \"$cur\"))\n";
  } else {
    out += bash_command_body(c);
  }
  out += "}\ncomplete -F " + fn + " " + c.name + "\n";
  return out;
}

std::string zsh_completion(const CommandInfo& c) {
  std::string fn = function_name(c.name);
  std::string out = "#compdef " + c.name + "\n# zsh completion for " + c.name + "; generated by `" + c.name +
                    " --generate zsh` from its options (quire's lib/quire/cli/completion.cpp).\n";
  for (const auto& s : c.subcommands) {
    if (s.passes_arguments) continue;
    std::string sub_fn = function_name(c.name, s.name);
    auto specs = zsh_specs(s, sub_fn);
    out += specs.helpers + sub_fn + "() {\n" + zsh_arguments(specs.specs, "  ", "-s -S") + "}\n";
  }
  auto specs = zsh_specs(c, fn);
  out += specs.helpers + fn + "() {\n";
  if (c.subcommands.empty()) {
    out += zsh_arguments(specs.specs, "  ", "-s -S");
  } else {
    out += "  local curcontext=$curcontext state line\n";
    specs.specs.push_back("': :->command'");
    specs.specs.push_back("'*:: :->argument'");
    out += zsh_arguments(specs.specs, "  ", "-C -s -S");
    out += "  case $state in\n    command)\n      local -a commands=(\n";
    for (const auto& s : c.subcommands) out += "        '" + s.name + ":" + single_quoted(s.description) + "'\n";
    out += "      )\n      _describe -t commands '" + c.name + " command' commands ;;\n";
    out += "    argument)\n      case $line[1] in\n";
    for (const auto& s : c.subcommands)
      out += "        " + s.name + ") " +
             (s.passes_arguments ? "words[1]=" + c.name + "-" + s.name + "; _normal" : function_name(c.name, s.name)) +
             " ;;\n";
    out += "      esac ;;\n  esac\n";
  }
  out += "}\n" + fn + " \"$@\"\n";
  return out;
}

}  // namespace quire::cli
