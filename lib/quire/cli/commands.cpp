#include "quire/cli/commands.hpp"

#include <optional>

#include "quire/io/file.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/validate/check.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::cli {

namespace {

model::Document parse_markdown_file(const std::string& path, Diagnostics& diags) {
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

compose::ComposeOptions with_assignments(compose::ComposeOptions options, const std::vector<std::string>& set) {
  for (const auto& s : set) options.set.push_back(compose::parse_assignment(s));
  return options;
}

void refuse_pdf_to_terminal(const render::RenderOptions& options) {
  if (options.emit == render::Emit::Pdf && options.output == "-" && io::stdout_is_terminal())
    throw Error(ErrorKind::Usage, "refusing to write PDF to a terminal; use -o FILE (or redirect)");
}

}  // namespace

int run_parse(const ParseOptions& options, Diagnostics& diags) {
  io::OutputFile out(options.output);
  for (const auto& path : options.inputs) {
    int errors_before = diags.error_count();
    auto doc = parse_markdown_file(path, diags);
    if (diags.error_count() == errors_before) out.write(yaml::to_yaml(doc));
  }
  if (diags.has_errors()) return kExitInvalid;
  out.commit();
  return kExitOk;
}

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

int run_compose(ComposeCommandOptions options, Diagnostics& diags) {
  compose::Composer composer(with_assignments(options.compose, options.set));
  io::OutputFile out(options.output);
  auto emit = [&](std::vector<model::Document> docs) {
    for (const auto& d : docs) out.write(yaml::to_yaml(d));
  };
  bool valid = for_each_document(options.inputs, diags, [&](model::Document doc, yaml::StreamReader&) {
    emit(composer.add(std::move(doc), diags));
  });
  emit(composer.finish(diags));
  if (!valid || diags.has_errors()) return kExitInvalid;
  out.commit();
  return kExitOk;
}

int run_render(const RenderCommandOptions& options, Diagnostics& diags) {
  refuse_pdf_to_terminal(options.render);
  render::Renderer renderer(options.render);
  bool valid = for_each_document(options.inputs, diags,
                                 [&](model::Document doc, yaml::StreamReader&) { renderer.add(doc, diags); });
  if (!valid || diags.has_errors()) return kExitInvalid;
  renderer.finish(diags);
  return diags.has_errors() ? kExitInvalid : kExitOk;
}

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
