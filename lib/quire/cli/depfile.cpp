#include "quire/cli/depfile.hpp"

#include <string_view>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/file.hpp"

namespace quire::cli {

std::string make_escape(const std::string& path, bool target) {
  std::string out;
  for (char c : path) {
    if (c == ';' || c == '\n' || c == '\r' || c == '\t')
      throw Error(ErrorKind::Usage, "cannot write \"" + path + "\" in a make rule (it holds a ';', tab or line end)");
    if (c == '$') {
      out += "$$";
      continue;
    }
    if (std::string_view(" #:|=*?[]").find(c) != std::string_view::npos || (target && c == '%')) out += '\\';
    out += c;
  }
  return out;
}

std::string make_rule(const std::vector<std::string>& targets, const std::vector<std::string>& inputs) {
  std::string rule;
  for (const auto& t : targets) rule += (rule.empty() ? "" : " ") + make_escape(t, true);
  rule += ':';
  for (std::size_t i = 0; i < inputs.size(); ++i) rule += (i == 0 ? " " : " \\\n  ") + make_escape(inputs[i], false);
  rule += '\n';
  for (const auto& input : inputs) rule += make_escape(input, true) + ":\n";
  return rule;
}

std::vector<std::string> depfile_targets(const std::string& named, const std::vector<std::string>& written,
                                         const std::string& output) {
  if (!named.empty()) return {named};
  if (!written.empty()) return written;
  if (!output.empty() && output != "-") return {output};
  return {};
}

void write_depfile(const std::string& depfile, const std::string& named_target, const std::string& output) {
  auto files = io::noted_files();
  auto targets = depfile_targets(named_target, files.outputs, output);
  if (targets.empty())
    throw Error(ErrorKind::Usage,
                "the depfile needs a target: the output is standard output (name it with --depfile-target)");
  io::OutputFile out(depfile);
  out.write(make_rule(targets, files.inputs));
  out.commit();
}

}  // namespace quire::cli
