#include "quire/cli/command_helpers.hpp"

namespace quire::cli {

using namespace detail;

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

}  // namespace quire::cli
