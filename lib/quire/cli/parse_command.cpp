#include "quire/cli/command_helpers.hpp"

namespace quire::cli {

using namespace detail;

int run_parse(const ParseOptions& options, Diagnostics& diags) {
  DocumentOutput out(options.output, "quire-parse");
  for (const auto& path : options.inputs) {
    int errors_before = diags.error_count();
    auto doc = parse_markdown_file(path, diags);
    if (diags.error_count() == errors_before) out.write(yaml::to_yaml(doc));
  }
  if (diags.has_errors()) return kExitInvalid;
  out.commit();
  return kExitOk;
}

}  // namespace quire::cli
