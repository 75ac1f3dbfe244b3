#include "quire/cli/command_helpers.hpp"
#include "quire/cli/mail_merge.hpp"

namespace quire::cli {

using namespace detail;

namespace {

// --data: the input documents are composed once (fields left for the records), then each selected
// record gives one output document, written as soon as it is made.
int run_merge(ComposeCommandOptions options, Diagnostics& diags) {
  if (options.merge.data == "-")
    for (const auto& input : options.inputs)
      if (input == "-")
        throw Error(ErrorKind::Usage, "--data - and the documents cannot both come from standard input");
  MailMerge merge(options.merge);
  options.compose.merge_follows = true;
  compose::Composer composer(with_assignments(options.compose, options.set));
  std::vector<model::Document> composed;
  bool valid = for_each_document(options.inputs, diags, [&](model::Document doc, yaml::StreamReader&) {
    for (auto& d : composer.add(std::move(doc), diags)) composed.push_back(std::move(d));
  });
  for (auto& d : composer.finish(diags)) composed.push_back(std::move(d));
  if (!valid || diags.has_errors()) return kExitInvalid;
  DocumentOutput out(options.output, "quire-compose");
  bool finished = merge.run(single_document(composed), options.compose, diags,
                            [&](model::Document doc, Diagnostics&) { out.write(yaml::to_yaml(doc)); });
  int status = merge.finish(diags);
  // A run that stopped at a failed record leaves no output file; with --keep-going the others are kept.
  if (finished) out.commit();
  return status;
}

}  // namespace

int run_compose(ComposeCommandOptions options, Diagnostics& diags) {
  if (!options.merge.data.empty()) return run_merge(std::move(options), diags);
  compose::Composer composer(with_assignments(options.compose, options.set));
  DocumentOutput out(options.output, "quire-compose");
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
