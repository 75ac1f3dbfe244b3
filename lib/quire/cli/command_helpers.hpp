#pragma once
// Pieces the run_* commands share; internal to lib/quire/cli.
#include <string>
#include <vector>

#include "quire/cli/commands.hpp"
#include "quire/io/file.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::cli::detail {

inline model::Document parse_markdown_file(const std::string& path, Diagnostics& diags) {
  auto text = io::read_file(path);
  return markdown::read_markdown(text, io::display_name(path), diags);
}

// Calls `each(document)` for every document of every input stream, in order. Documents the YAML
// reader found problems in are reported and skipped; returns false if there were any.
template <class Each>
bool for_each_document(const std::vector<std::string>& inputs, Diagnostics& diags, Each each) {
  bool all_valid = true;
  for (const auto& path : inputs) {
    io::InputStream in(path);
    yaml::StreamReader reader(in.stream(), in.name());
    while (true) {
      int errors_before = diags.error_count();
      auto doc = reader.next(diags);
      if (!doc) break;
      if (diags.error_count() > errors_before) {
        all_valid = false;
        continue;
      }
      each(std::move(*doc), reader);
    }
  }
  return all_valid;
}

inline compose::ComposeOptions with_assignments(compose::ComposeOptions options, const std::vector<std::string>& set) {
  for (const auto& s : set) options.set.push_back(compose::parse_assignment(s));
  return options;
}

inline void refuse_pdf_to_terminal(const render::RenderOptions& options) {
  if (options.emit == render::Emit::Pdf && options.output == "-" && io::stdout_is_terminal())
    throw Error(ErrorKind::Usage, "refusing to write PDF to a terminal; use -o FILE (or redirect)");
}

}  // namespace quire::cli::detail
