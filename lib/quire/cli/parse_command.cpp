#include <optional>
#include <sstream>

#include "quire/cli/command_helpers.hpp"
#include "quire/pandoc/pandoc.hpp"

namespace quire::cli {

using namespace detail;

namespace {

// Each document of `path` as --from reads it; `each(document)`.
template <class Each>
void read_input(const ParseOptions& options, const std::string& path, Diagnostics& diags, Each each) {
  if (options.from == "markdown") return each(parse_markdown_file(path, diags));
  io::InputStream in(path);
  if (options.from == "pandoc") return each(pandoc::read_pandoc_json(in.stream(), in.name(), diags));
  yaml::StreamReader reader(in.stream(), in.name());
  while (true) {
    int errors_before = diags.error_count();
    auto doc = reader.next(diags);
    if (!doc) return;
    if (diags.error_count() == errors_before) each(std::move(*doc));
  }
}

}  // namespace

int run_parse(const ParseOptions& options, Diagnostics& diags) {
  if (options.from != "markdown" && options.from != "pandoc" && options.from != "yaml")
    throw Error(ErrorKind::Usage, "--from " + options.from + ": expected markdown, pandoc or yaml");
  if (options.to != "yaml" && options.to != "pandoc")
    throw Error(ErrorKind::Usage, "--to " + options.to + ": expected yaml or pandoc");
  if (options.to == "pandoc") {
    // pandoc reads one document: the output is written when the input is known to hold exactly one.
    std::optional<model::Document> only;
    int count = 0;
    for (const auto& path : options.inputs)
      read_input(options, path, diags, [&](model::Document doc) {
        if (++count == 1) only = std::move(doc);
      });
    if (diags.has_errors()) return kExitInvalid;
    if (count != 1)
      throw Error(ErrorKind::Usage, "--to pandoc writes one document, and the input holds " + std::to_string(count) +
                                        ": give one file (pandoc reads one document)");
    std::ostringstream json;
    pandoc::write_pandoc_json(*only, json);
    json << '\n';
    io::OutputFile out(options.output);
    out.write(json.str());
    out.commit();
    return kExitOk;
  }
  DocumentOutput out(options.output, "quire-parse");
  for (const auto& path : options.inputs) {
    int errors_before = diags.error_count();
    read_input(options, path, diags, [&](model::Document doc) {
      if (diags.error_count() == errors_before) out.write(yaml::to_yaml(doc));
    });
  }
  if (diags.has_errors()) return kExitInvalid;
  out.commit();
  return kExitOk;
}

}  // namespace quire::cli
