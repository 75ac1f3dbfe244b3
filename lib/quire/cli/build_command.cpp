#include <filesystem>
#include <fstream>

#include "quire/cli/command_helpers.hpp"
#include "quire/cli/mail_merge.hpp"

#include "quire/validate/check.hpp"

namespace quire::cli {

using namespace detail;

namespace {

// One PDF per record (an output pattern), or every record in one PDF; a run that stops at a failed
// record writes no combined PDF and no manifest. A pattern's manifest is written even when no record
// was selected (it then lists nothing).
int render_merge(MailMerge& merge, const std::vector<model::Document>& composed, const compose::ComposeOptions& options,
                 render::Renderer& renderer, Diagnostics& diags) {
  const model::Document& document = single_document(composed);
  // Envelopes and labels: their stationery checked before any record, each label tried alone.
  Mailing mailing(document, diags, [&](const model::Document& sheet, Diagnostics& record_diags) {
    renderer.try_layout(sheet, record_diags);
  });
  if (diags.has_errors()) return kExitInvalid;
  bool finished = false;
  if (renderer.parallel() && !mailing.gathers()) {
    // -j N: records merged here, laid out and written on the renderer's threads, reported in order.
    MailMerge::Later later;
    later.emit = [&](model::Document doc, Diagnostics record_diags, MailMerge::Done done) {
      bool passed = false;
      mailing.add(std::move(doc), record_diags, [&](model::Document out) {
        passed = true;
        renderer.submit(std::move(out), std::move(record_diags), done);
      });
      if (passed) return;
      renderer.drain();  // an address that does not fit: reported after the records before it
      done(record_diags, nullptr);
    };
    later.drain = [&] { renderer.drain(); };
    later.cancel = [&] { renderer.cancel(); };
    finished = merge.run(document, options, diags, later);
  } else {
    finished = merge.run(document, options, diags, [&](model::Document doc, Diagnostics& record_diags) {
      mailing.add(std::move(doc), record_diags, [&](model::Document out) { renderer.add(out, record_diags); });
    });
  }
  // The last sheet of labels: its own diagnostics, as the run's already hold the failed records'.
  bool last_sheet_failed = false;
  if (finished)
    mailing.finish([&](model::Document out) {
      Diagnostics sheet_diags;
      try {
        renderer.add(out, sheet_diags);
      } catch (const InvalidInput&) {
        last_sheet_failed = true;
      }
      for (const auto& d : sheet_diags.all()) diags.add(d);
    });
  int status = merge.finish(diags);
  if (last_sheet_failed) return kExitInvalid;  // nothing written: the run did not go through
  if (finished && (renderer.documents() > 0 || renderer.per_document())) renderer.finish(diags);
  return status;
}

// True when `path` starts as every PDF does.
bool looks_like_pdf(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[5] = {};
  return in.read(head, sizeof head) && std::string(head, sizeof head) == "%PDF-";
}

}  // namespace

void resolve_build_output(BuildOptions& options) {
  if (!options.render.output.empty()) return;
  if (options.render.emit == render::Emit::Layout || options.inputs.empty()) {
    options.render.output.assign(1, '-');  // operator=("-") here trips a false -Wrestrict in GCC 12
    return;
  }
  const std::string& first = options.inputs.front();
  if (first == "-") throw Error(ErrorKind::Usage, "quire build reads standard input: name the output with -o FILE");
  std::filesystem::path pdf(first);
  pdf.replace_extension(".pdf");
  std::error_code ec;
  if (std::filesystem::equivalent(pdf, first, ec))
    throw Error(ErrorKind::Usage, first + " would be its own output: name the output with -o FILE");
  if (std::filesystem::exists(pdf, ec) && !(std::filesystem::is_regular_file(pdf, ec) && looks_like_pdf(pdf)))
    throw Error(ErrorKind::Usage,
                pdf.string() + " exists and is not a PDF: not overwritten (name the output with -o FILE)");
  options.render.output = pdf.string();
}

int run_build(BuildOptions options, Diagnostics& diags) {
  refuse_pdf_to_terminal(options.render);
  if (options.inputs.empty()) throw Error(ErrorKind::Usage, "quire build needs at least one Markdown file");
  std::vector<model::Document> parsed;
  for (const auto& path : options.inputs) parsed.push_back(parse_markdown_file(path, diags));
  if (diags.has_errors()) return kExitInvalid;
  for (const auto& doc : parsed) validate::check_document(doc, diags);
  if (diags.has_errors()) return kExitInvalid;
  std::optional<MailMerge> merge;
  if (!options.compose.merge.data.empty()) {
    merge.emplace(options.compose.merge);
    options.compose.compose.merge_follows = true;
  }
  compose::Composer composer(with_assignments(options.compose.compose, options.compose.set));
  // One root for includes, data, images and fonts: --root, else the first Markdown file's directory.
  const auto& compose_options = options.compose.compose;
  options.render.root = compose_options.root.empty() ? io::default_root(options.inputs) : compose_options.root;
  options.render.allow_outside_root = compose_options.allow_outside_root;
  render::Renderer renderer(options.render);
  if (merge) {
    std::vector<model::Document> composed;
    for (auto& doc : parsed)
      for (auto& d : composer.add(std::move(doc), diags)) composed.push_back(std::move(d));
    for (auto& d : composer.finish(diags)) composed.push_back(std::move(d));
    if (diags.has_errors()) return kExitInvalid;
    return render_merge(*merge, composed, options.compose.compose, renderer, diags);
  }
  std::optional<Mailing> mailing;  // the first document's stationery: several letters' labels share sheets
  auto render = [&](model::Document composed) {
    if (!mailing) mailing.emplace(composed, diags);
    mailing->add(std::move(composed), diags,
                 [&](model::Document out) { submit_document(renderer, std::move(out), diags); });
  };
  for (auto& doc : parsed)
    for (auto& composed : composer.add(std::move(doc), diags)) render(std::move(composed));
  for (auto& composed : composer.finish(diags)) render(std::move(composed));
  if (mailing) mailing->finish([&](model::Document out) { renderer.add(out, diags); });
  renderer.drain();
  if (diags.has_errors()) return kExitInvalid;
  renderer.finish(diags);
  return kExitOk;
}

}  // namespace quire::cli
