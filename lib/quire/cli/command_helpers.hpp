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

// A tool's stream of YAML documents. Documents written straight into a pipe cannot be taken back, so
// a run that fails after writing some ends the stream with an abort document (yaml::abort_document):
// the next stage then fails too, instead of finishing the job with part of it. A file target is
// written atomically and simply not replaced.
class DocumentOutput {
 public:
  DocumentOutput(const std::string& path, std::string tool) : out_(path), tool_(std::move(tool)) {}
  DocumentOutput(const DocumentOutput&) = delete;
  DocumentOutput& operator=(const DocumentOutput&) = delete;
  ~DocumentOutput() {
    if (committed_ || !written_ || !out_.direct()) return;
    try {
      out_.write(yaml::abort_document(tool_ + " failed after writing part of its output"));
    } catch (...) {  // the reader is gone, or the disk is full: nothing more to tell it
    }
  }
  void write(std::string_view yaml) {
    written_ = true;
    out_.write(yaml);
  }
  void commit() {
    out_.commit();
    committed_ = true;
  }

 private:
  io::OutputFile out_;
  std::string tool_;
  bool written_ = false, committed_ = false;
};

inline compose::ComposeOptions with_assignments(compose::ComposeOptions options, const std::vector<std::string>& set) {
  for (const auto& s : set) options.set.push_back(compose::parse_assignment(s));
  return options;
}

// Renders `doc` into `renderer`: at once (add), or with -j N on the renderer's threads (submit), its
// diagnostics then added to `diags` in document order and what it threw thrown from a later
// submit_document() or Renderer::drain().
inline void submit_document(render::Renderer& renderer, model::Document doc, Diagnostics& diags) {
  if (!renderer.parallel()) return renderer.add(doc, diags);
  Diagnostics own;
  own.set_strict(diags.strict());
  renderer.submit(std::move(doc), std::move(own), [&diags](Diagnostics& done, std::exception_ptr error) {
    for (const auto& d : done.all()) diags.add(d);
    if (error) std::rethrow_exception(error);
  });
}

inline void refuse_pdf_to_terminal(const render::RenderOptions& options) {
  if (options.emit == render::Emit::Pdf && options.output == "-" && io::stdout_is_terminal())
    throw Error(ErrorKind::Usage, "refusing to write PDF to a terminal; use -o FILE (or redirect)");
}

}  // namespace quire::cli::detail
