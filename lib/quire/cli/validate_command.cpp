#include "quire/cli/command_helpers.hpp"

#include <optional>

#include "quire/validate/check.hpp"

namespace quire::cli {

using namespace detail;

int run_validate(const ValidateOptions& options, Diagnostics& diags) {
  std::optional<io::OutputFile> out;
  if (!options.quiet) out.emplace(options.output);
  bool echo = true;  // stop copying at the first invalid document: never pass on half a stream silently
  bool valid = for_each_document(options.inputs, diags, [&](model::Document doc, yaml::StreamReader& reader) {
    int errors_before = diags.error_count();
    validate::check_document(doc, diags);
    if (diags.error_count() > errors_before) echo = false;
    if (!echo || options.quiet) return;
    out->write("---\n");
    out->write(reader.last_text());
  });
  if (!valid || diags.has_errors()) return kExitInvalid;
  if (out) out->commit();
  return kExitOk;
}

}  // namespace quire::cli
