#include "quire/cli/describe.hpp"

#include <CLI/CLI.hpp>
#include <sstream>

#include "quire/compose/templates.hpp"

namespace quire::cli {

namespace {

// Hint validators are recognised by their names.
const std::string kFilesHint = "quire-files:";
const std::string kTemplatesHint = "quire-templates";

CLI::Validator accept_all(const std::string& name) {
  return CLI::Validator([](std::string&) { return std::string(); }, "", name);
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep))
    if (!part.empty()) parts.push_back(part);
  return parts;
}

ValueHint hint_from_validators(CLI::Option& opt) {
  ValueHint hint;
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = opt.get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    const std::string& name = v->get_name();
    if (name.rfind(kFilesHint, 0) == 0) {
      hint.kind = ValueHint::Kind::Files;
      hint.extensions = split(name.substr(kFilesHint.size()), ' ');
    } else if (name == kTemplatesHint) {
      hint.kind = ValueHint::Kind::Words;
      for (const auto& t : compose::builtin_templates()) hint.words.push_back(t.name);
      hint.extensions = {"yaml", "yml"};
    }
  }
  return hint;
}

OptionInfo describe_option(CLI::Option& opt) {
  OptionInfo info;
  for (const auto& s : opt.get_snames()) info.names.push_back("-" + s);
  for (const auto& l : opt.get_lnames()) info.names.push_back("--" + l);
  if (opt.get_positional()) info.positional = opt.get_name(true);
  info.description = opt.get_description();
  info.default_value = opt.get_default_str();
  info.envname = opt.get_envname();
  info.required = opt.get_required();
  info.hint = hint_from_validators(opt);
  // get_type_name() is the type name, then each validator's description after ':'; a set of
  // choices reads "{pdf,layout}". A flag has none (and --help shows none).
  auto parts = split(opt.get_type_name(), ':');
  if (parts.empty()) return info;
  info.repeated = opt.get_items_expected_max() > 1;
  info.value_name = parts.front();
  for (const auto& part : parts)
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      auto choices = split(part.substr(1, part.size() - 2), ',');
      info.value_name.clear();
      for (const auto& c : choices) info.value_name += (info.value_name.empty() ? "" : "|") + c;
      if (info.hint.kind == ValueHint::Kind::None) {
        info.hint.kind = ValueHint::Kind::Words;
        info.hint.words = choices;
      }
    }
  if (info.hint.kind == ValueHint::Kind::None) {
    if (info.value_name == "DIR")
      info.hint.kind = ValueHint::Kind::Dirs;
    else if (info.value_name.find("FILE") != std::string::npos || info.value_name == "SCHEMA")
      info.hint.kind = ValueHint::Kind::Files;
  }
  return info;
}

}  // namespace

CLI::Validator files_hint(const std::string& extensions) { return accept_all(kFilesHint + extensions); }

CLI::Validator templates_hint() { return accept_all(kTemplatesHint); }

CommandInfo describe(CLI::App& app) {
  CommandInfo info;
  info.name = app.get_name();
  info.description = app.get_description();
  info.passes_arguments = app.get_allow_extras();
  std::vector<OptionInfo> positionals;
  for (CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty()) continue;  // hidden
    auto option = describe_option(*opt);
    (option.names.empty() ? positionals : info.options).push_back(std::move(option));
  }
  info.options.insert(info.options.end(), positionals.begin(), positionals.end());
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) info.subcommands.push_back(describe(*sub));
  return info;
}

}  // namespace quire::cli
