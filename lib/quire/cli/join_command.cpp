#include <filesystem>

#include "quire/cli/command_helpers.hpp"
#include "quire/render/pdf/join.hpp"

namespace quire::cli {

int run_join(const JoinOptions& options, Diagnostics& diags) {
  if (options.inputs.empty()) throw Error(ErrorKind::Usage, "quire join needs at least one PDF");
  if (options.output.empty()) throw Error(ErrorKind::Usage, "quire join needs -o FILE");
  if (options.output == "-" && io::stdout_is_terminal())
    throw Error(ErrorKind::Usage, "refusing to write PDF to a terminal; use -o FILE (or redirect)");
  std::error_code ec;
  for (const auto& input : options.inputs)
    if (input != "-" && options.output != "-" && std::filesystem::equivalent(input, options.output, ec))
      throw Error(ErrorKind::Usage, input + " is both an input and the output");
  if (options.output != "-") {
    auto dir = std::filesystem::path(options.output).parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
      if (!options.make_dirs)
        throw Error(ErrorKind::Io, "output directory '" + dir.string() + "' does not exist (--mkdir creates it)");
      std::filesystem::create_directories(dir, ec);
      if (ec) throw Error(ErrorKind::Io, "cannot create directory '" + dir.string() + "': " + ec.message());
    }
  }
  std::vector<render::JoinInput> inputs;
  for (const auto& path : options.inputs) inputs.push_back({path, ""});
  io::OutputFile out(options.output);
  render::join_pdfs(inputs, out, diags);
  out.commit();
  return kExitOk;
}

}  // namespace quire::cli
