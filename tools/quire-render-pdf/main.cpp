// quire-render-pdf: lays documents out and writes PDF (or the layout as text).
#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
#include "quire/cli/output_options.hpp"
#include "quire/cli/tool.hpp"

int main(int argc, char** argv) {
  quire::cli::Tool tool{"quire-render-pdf",
                        "lay out quire documents and write PDF; several documents go into one PDF, each from a new "
                        "page, unless -o holds a pattern such as 'out/{{n}}.pdf' (one file per document)",
                        "quire-parse letter.md | quire-render-pdf -o letter.pdf"};
  quire::cli::RenderCommandOptions options;
  tool.add_inputs(options.inputs, "YAML document streams")->check(quire::cli::files_hint("yaml yml"));
  tool.add_output(options.render.output, "PDF file or pattern ({{n}} is the document number, {{meta.key}} a field)")
      ->check(quire::cli::files_hint("pdf"));
  tool.add_depfile(options.render.output);
  tool.add_progress();
  std::string emit = "pdf";
  tool.app.add_option("--emit", emit, "what to write: pdf, or layout (positioned items as text)")
      ->check(CLI::IsMember({"pdf", "layout"}));
  tool.app.add_option("--root", options.render.root, "images and fonts must lie under DIR (default: input's dir)")
      ->type_name("DIR");
  tool.app.add_flag("--allow-outside-root", options.render.allow_outside_root,
                    "let documents name images and font files outside the root");
  quire::cli::add_pdf_output_options(tool.app, options.render);
  options.render.jobs = 0;  // one thread per core
  tool.app
      .add_option("-j,--jobs", options.render.jobs,
                  "lay out and write documents on N threads (default 0: one per core; 1: one at a time); the "
                  "output is the same")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N")
      ->capture_default_str();
  tool.add_diagnostic_options();
  return tool.run(argc, argv, [&](quire::Diagnostics& diags) {
    options.render.emit = emit == "layout" ? quire::render::Emit::Layout : quire::render::Emit::Pdf;
    diags.set_strict(tool.diagnostic_options.strict);  // a warning stops the output as an error does
    return quire::cli::run_render(options, diags);
  });
}
