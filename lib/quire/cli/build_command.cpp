#include "quire/cli/command_helpers.hpp"

#include "quire/validate/check.hpp"

namespace quire::cli {

using namespace detail;

int run_build(BuildOptions options, Diagnostics& diags) {
  refuse_pdf_to_terminal(options.render);
  if (options.inputs.empty()) throw Error(ErrorKind::Usage, "quire build needs at least one Markdown file");
  std::vector<model::Document> parsed;
  for (const auto& path : options.inputs) parsed.push_back(parse_markdown_file(path, diags));
  if (diags.has_errors()) return kExitInvalid;
  for (const auto& doc : parsed) validate::check_document(doc, diags);
  if (diags.has_errors()) return kExitInvalid;
  compose::Composer composer(with_assignments(options.compose.compose, options.compose.set));
  render::Renderer renderer(options.render);
  for (auto& doc : parsed)
    for (const auto& composed : composer.add(std::move(doc), diags)) renderer.add(composed, diags);
  for (const auto& composed : composer.finish(diags)) renderer.add(composed, diags);
  if (diags.has_errors()) return kExitInvalid;
  renderer.finish(diags);
  return kExitOk;
}

}  // namespace quire::cli
