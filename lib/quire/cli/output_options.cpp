#include "quire/cli/output_options.hpp"

#include "quire/cli/describe.hpp"
#include "quire/cli/tool.hpp"
#include "quire/render/render.hpp"

namespace quire::cli {

namespace {

void add_layout_file_options(CLI::App& app, render::RenderOptions& options) {
  app.add_flag("--mkdir", options.make_dirs, "create the output's directories when they are missing");
  app.add_option("--manifest", options.manifest,
                 "list what was made in FILE (.csv or .json): record, id, file, pages, size, SHA-256")
      ->type_name("FILE")
      ->check(files_hint("csv json"));
  app.add_option("--id-column", options.id_column, "the record column the manifest's id comes from (default: id)")
      ->type_name("NAME");
  app.add_option("--outline-title", options.outline_title,
                 "each document's outline entry in a combined PDF (default: the recipient's name)")
      ->type_name("PATTERN");
}

void add_standard_option(CLI::App& app, render::PdfOptions& pdf) {
  auto apply = [&pdf](const std::string& value) { render::add_pdf_standard(pdf, value); };
  auto check = [](std::string& value) {
    render::PdfOptions ignored;
    return render::add_pdf_standard(ignored, value);
  };
  app.add_option_function<std::string>("--pdf-standard", apply,
                                       "ua-1: tagged for screen readers (PDF/UA-1); a-2b or a-2u: archival "
                                       "(PDF/A-2); both: a-2b,ua-1; default none")
      ->type_name("STANDARD")
      ->check(CLI::Validator(check, "STANDARD"));
}

// Confidential output: docs/pdf.md.
void add_encryption_options(CLI::App& app, render::PdfOptions& pdf) {
  app.add_option("--user-password", pdf.user_password, "encrypt (AES-256) with this password to open the PDF")
      ->type_name("PASSWORD")
      ->envname("QUIRE_USER_PASSWORD");
  app.add_option("--owner-password", pdf.owner_password, "encrypt; this password gives full rights")
      ->type_name("PASSWORD")
      ->envname("QUIRE_OWNER_PASSWORD");
  app.add_option("--password-file", pdf.password_file, "user password on line 1, owner password on line 2")
      ->type_name("FILE");
  app.add_flag_callback(
      "--no-print", [&pdf] { pdf.allow_print = false; }, "encrypt; forbid printing");
  app.add_flag_callback(
      "--no-copy", [&pdf] { pdf.allow_copy = false; }, "encrypt; forbid copying text and images");
  app.add_flag_callback(
      "--no-modify", [&pdf] { pdf.allow_modify = false; }, "encrypt; forbid changes and annotations");
}

}  // namespace

void add_pdf_output_options(CLI::App& app, render::RenderOptions& options) {
  add_layout_file_options(app, options);
  add_standard_option(app, options.pdf);
  add_encryption_options(app, options.pdf);
}

}  // namespace quire::cli
