// quire-render-pdf: lays documents out and writes PDF (or the layout as text).
#include "quire/cli/commands.hpp"
#include "quire/cli/describe.hpp"
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
  auto& pdf = options.render.pdf;  // confidential output: docs/pdf.md
  tool.app.add_option("--user-password", pdf.user_password, "encrypt (AES-256) with this password to open the PDF")
      ->type_name("PASSWORD")
      ->envname("QUIRE_USER_PASSWORD");
  tool.app.add_option("--owner-password", pdf.owner_password, "encrypt; this password gives full rights")
      ->type_name("PASSWORD")
      ->envname("QUIRE_OWNER_PASSWORD");
  tool.app.add_option("--password-file", pdf.password_file, "user password on line 1, owner password on line 2")
      ->type_name("FILE");
  tool.app.add_flag_callback(
      "--no-print", [&] { pdf.allow_print = false; }, "encrypt; forbid printing");
  tool.app.add_flag_callback(
      "--no-copy", [&] { pdf.allow_copy = false; }, "encrypt; forbid copying text and images");
  tool.app.add_flag_callback(
      "--no-modify", [&] { pdf.allow_modify = false; }, "encrypt; forbid changes and annotations");
  std::string standard = "none";
  tool.app
      .add_option("--pdf-standard", standard,
                  "ua-1: tagged for screen readers (PDF/UA-1); a-2b or a-2u: archival (PDF/A-2); both: "
                  "a-2b,ua-1; default none")
      ->type_name("STANDARD")
      ->check(CLI::Validator(
          [](std::string& value) {
            quire::render::PdfOptions ignored;
            return quire::render::add_pdf_standard(ignored, value);
          },
          "STANDARD"));
  tool.app.add_flag("--mkdir", options.render.make_dirs, "create the output's directories when they are missing");
  tool.app
      .add_option("--manifest", options.render.manifest,
                  "list what was made in FILE (.csv or .json): record, id, file, pages, size, SHA-256")
      ->type_name("FILE")
      ->check(quire::cli::files_hint("csv json"));
  tool.app
      .add_option("--id-column", options.render.id_column,
                  "the record column the manifest's id comes from (default: id)")
      ->type_name("NAME");
  tool.app
      .add_option("--outline-title", options.render.outline_title,
                  "each document's outline entry in a combined PDF (default: the recipient's name)")
      ->type_name("PATTERN");
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
    quire::render::add_pdf_standard(pdf, standard);    // checked above
    diags.set_strict(tool.diagnostic_options.strict);  // a warning stops the output as an error does
    return quire::cli::run_render(options, diags);
  });
}
