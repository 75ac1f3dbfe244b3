#include "quire/cli/command_helpers.hpp"

namespace quire::cli {

using namespace detail;

int run_render(const RenderCommandOptions& options, Diagnostics& diags) {
  refuse_pdf_to_terminal(options.render);
  render::Renderer renderer(options.render);
  bool valid = for_each_document(options.inputs, diags,
                                 [&](model::Document doc, yaml::StreamReader&) { renderer.add(doc, diags); });
  if (!valid || diags.has_errors()) return kExitInvalid;
  renderer.finish(diags);
  return diags.has_errors() ? kExitInvalid : kExitOk;
}

}  // namespace quire::cli
