#include "quire/cli/command_helpers.hpp"
#include "quire/cli/mail_merge.hpp"

#include <filesystem>
#include <optional>

namespace quire::cli {

using namespace detail;

namespace {

// --split DIR: the directory (made when missing) and the checks on what may go with it.
void prepare_split(const ComposeCommandOptions& options) {
  if (options.merge.data.empty()) throw Error(ErrorKind::Usage, "--split needs --data (one file per record)");
  if (options.output != "-") throw Error(ErrorKind::Usage, "--split writes DIR/N.yaml: give it or -o, not both");
  std::error_code ec;
  std::filesystem::create_directories(options.split, ec);
  if (ec) throw Error(ErrorKind::Io, "cannot create directory '" + options.split + "': " + ec.message());
}

// Where record N's document goes with --split: DIR/N.yaml.
std::string split_path(const std::string& dir, const std::string& n) {
  return (std::filesystem::path(dir) / (n + ".yaml")).string();
}

std::string split_path(const std::string& dir, const model::Document& doc) {
  const model::MetaValue* merge = doc.meta.find("merge");
  const model::MetaValue* n = merge ? merge->find("n") : nullptr;
  if (!n || !n->is_scalar()) throw Error(ErrorKind::Usage, "--split: a document without a record number");
  return split_path(dir, n->as_text());
}

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
  if (!options.split.empty() && mailing.gathers())
    throw Error(ErrorKind::Usage, "--split writes one document per record, and labels put many records on a sheet");
  std::optional<DocumentOutput> out;
  if (options.split.empty()) out.emplace(options.output, "quire-compose");
  auto write = [&](model::Document doc) {
    if (out)
      out->write(yaml::to_yaml(doc));
    else
      io::write_if_changed(split_path(options.split, doc), yaml::to_yaml(doc));
  };
  bool finished = merge.run(document, options.compose, diags, [&](model::Document doc, Diagnostics& record_diags) {
    mailing.add(std::move(doc), record_diags, write);
  });
  if (finished) mailing.finish(write);
  // A record that failed has no document: an earlier run's must not be rendered in its place.
  if (!options.split.empty())
    for (int n : merge.failed_records()) {
      std::error_code ec;
      std::filesystem::remove(split_path(options.split, std::to_string(n)), ec);
    }
  int status = merge.finish(diags);
  // A run that stopped at a failed record leaves no output file; with --keep-going the others are kept.
  if (finished && out) out->commit();
  return status;
}

}  // namespace

int run_compose(ComposeCommandOptions options, Diagnostics& diags) {
  if (!options.split.empty()) prepare_split(options);
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
