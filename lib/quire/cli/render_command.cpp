#include "quire/cli/command_helpers.hpp"

namespace quire::cli {

using namespace detail;

int run_render(const RenderCommandOptions& options, Diagnostics& diags) {
  refuse_pdf_to_terminal(options.render);
  auto render_options = options.render;  // images and fonts stay under the first input's directory by default
  if (render_options.root.empty()) render_options.root = io::default_root(options.inputs);
  render::Renderer renderer(render_options);
  bool valid = for_each_document(options.inputs, diags, [&](model::Document doc, yaml::StreamReader&) {
    submit_document(renderer, std::move(doc), diags);
  });
  renderer.drain();
  if (!valid || diags.has_errors()) return kExitInvalid;
  renderer.finish(diags);
  return diags.has_errors() ? kExitInvalid : kExitOk;
}

}  // namespace quire::cli
