#pragma once
// The PDF output options quire-render-pdf and `quire build` share, defined once so that both tools,
// their --help, man pages and completions stay alike.
namespace CLI {
class App;
}  // namespace CLI

namespace quire::render {
struct RenderOptions;
}  // namespace quire::render

namespace quire::cli {

// Adds --mkdir, --manifest, --id-column, --outline-title, --pdf-standard and the encryption options
// (--user-password, --owner-password, --password-file, --no-print, --no-copy, --no-modify) to `app`,
// bound to `options`. --pdf-standard is checked while parsing and applied to `options.pdf`.
void add_pdf_output_options(CLI::App& app, render::RenderOptions& options);

}  // namespace quire::cli
