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
  const model::Document& document = single_document(composed);
  Mailing mailing(document, diags);  // envelopes and labels: their stationery checked before any record
  if (diags.has_errors()) return kExitInvalid;
  DocumentOutput out(options.output, "quire-compose");
  auto write = [&](model::Document doc) { out.write(yaml::to_yaml(doc)); };
  bool finished = merge.run(document, options.compose, diags, [&](model::Document doc, Diagnostics& record_diags) {
    mailing.add(std::move(doc), record_diags, write);
  });
  if (finished) mailing.finish(write);
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
  auto write = [&](model::Document doc) { out.write(yaml::to_yaml(doc)); };
  std::optional<Mailing> mailing;  // the first document's stationery: several letters' labels share sheets
  auto emit = [&](std::vector<model::Document> docs) {
    for (auto& d : docs) {
      if (!mailing) mailing.emplace(d, diags);
      mailing->add(std::move(d), diags, write);
    }
  };
  bool valid = for_each_document(options.inputs, diags, [&](model::Document doc, yaml::StreamReader&) {
    emit(composer.add(std::move(doc), diags));
  });
  emit(composer.finish(diags));
  if (mailing) mailing->finish(write);
  if (!valid || diags.has_errors()) return kExitInvalid;
  out.commit();
  return kExitOk;
}

}  // namespace quire::cli
