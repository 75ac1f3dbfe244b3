#pragma once
// The render stage as tools use it: documents in, PDF (or the layout dump) out.
// Fonts, images, layout and the backend are wired together here, once, for quire-render-pdf and
// for `quire build`.
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/io/file.hpp"
#include "quire/layout/pages.hpp"
#include "quire/model/document.hpp"
#include "quire/render/pdf/pdf_writer.hpp"

namespace quire::render {

enum class Emit { Pdf, Layout };

struct RenderOptions {
  std::string output = "-";  // a file, "-", or a pattern with {{n}} / {{meta.key}}: one file per document
  Emit emit = Emit::Pdf;
  PdfOptions pdf;          // passwords, permissions, date
  bool make_dirs = false;  // --mkdir: create the output's missing directories (else they are an error)
  // Images and font files a document names must lie inside `root` (io/confine.hpp) unless
  // allow_outside_root; an empty root: unconfined (the tools set the top input's directory).
  std::string root;
  bool allow_outside_root = false;
  // --manifest FILE (.csv or .json): one row per output document, written when the run has finished
  // (manifest.hpp); needs -o FILE or a pattern, not standard output.
  std::string manifest;
  std::string id_column;  // --id-column NAME: the record column the manifest's id is ("": `id`, if any)
  // --outline-title PATTERN: the title of each document's own top outline entry in a combined PDF
  // ({{n}}, {{key}} as in output patterns); "": a merged document's recipient, or its name column.
  std::string outline_title;
  // -j N: documents are laid out on N threads (and with an output pattern written by them, each file
  // atomically) while this thread draws a combined PDF's batches in order; 0 one thread per core, 1 all
  // on this thread. The output is the same bytes whatever N is, diagnostics come in document order.
  int jobs = 1;
};

// The number of threads -j 0 means: the cores this process may run on.
int default_jobs();

// Lays out one document with the fonts its metadata asks for (or the defaults); images and font files
// must lie inside `confine`.
layout::LaidOutDocument lay_out(const model::Document& doc, Diagnostics& diags, const io::Confinement& confine = {});

// Appends `next`'s pages and outline to `into`, sharing font faces: several documents in one PDF, each
// starting on a new page with its own page numbers. `next`'s anchor ids (and its "#id" links) get a
// prefix ("@<first page index>/") so that equal ids in two documents stay apart.
void append_pages(layout::LaidOutDocument& into, layout::LaidOutDocument next);

// "out/{{n}}.pdf" with n = 3 → "out/3.pdf"; {{meta.key}} / {{key}} from the document's metadata.
// In a merged document (its `merge:` metadata, docs/mail-merge.md) {{n}} is the record's number in
// the data file and other names fall back to the record's columns. A field without a value is an
// error at the document's position.
std::string expand_output_pattern(const std::string& pattern, int n, const model::Document& doc);

// The title of the outline entry a document gets above its own headings in a combined PDF: `pattern`
// expanded as an output pattern is (a `/` stays), or by default the letter's recipient (`to.name`),
// else a merged record's `name` column, else the document's title, else "Document N".
std::string document_outline_title(const std::string& pattern, int n, const model::Document& doc);

// Puts `title` at the top of `pages`'s outline, pointing at its first page, with the document's own
// headings one level below it.
void add_document_entry(layout::LaidOutDocument& pages, std::string title);

// Takes documents one at a time and writes them: to one output each when the output is a pattern
// (each document laid out, written and freed), else all into one output, committed by finish().
// A combined PDF longer than a batch (about 100 pages) is written as it comes (PdfJoiner), a batch
// of documents at a time, so its memory stays flat; the layout dump is kept whole until finish().
// Outputs are written atomically.
// Font sets and their metrics kept across documents (render.cpp).
class FontCache;
class ManifestWriter;
struct ManifestRow;

class Renderer {
 public:
  explicit Renderer(RenderOptions options);
  ~Renderer();
  void add(const model::Document& doc, Diagnostics& diags);
  // What happens once a document given to submit() is done: called on the submitting thread, in the
  // order documents were submitted, with the document's diagnostics and what add() would have thrown
  // for it (null when it went through). It may throw: submit() or drain() then throws it.
  using Done = std::function<void(Diagnostics&, std::exception_ptr)>;
  // add() on the run's threads (RenderOptions::jobs): `doc` is laid out (and with a pattern written) on
  // another thread while later documents come; `done` is called from a later submit(), drain() or
  // finish(). `diags` holds what the caller has to say about the document already. With one job
  // (or a Renderer that has no threads) it is add(), then `done`, at once.
  void submit(model::Document doc, Diagnostics diags, Done done);
  // Waits for every document submitted and calls its `done`, in order.
  void drain();
  // Drops the documents submitted and not yet done: their files are never written, their `done` not
  // called.
  void cancel();
  // True when submit() hands documents to other threads.
  bool parallel() const;
  // Lays `doc` out with the run's fonts and throws the pages away: what add() would report, nothing
  // written or counted.
  void try_layout(const model::Document& doc, Diagnostics& diags);
  // Writes the combined output (nothing for patterns), then the manifest. Not called after a failure,
  // so a failed run leaves neither.
  void finish(Diagnostics& diags);
  int documents() const { return count_; }
  // True when each document goes to its own file (the output is a pattern).
  bool per_document() const;

 private:
  // `before_commit` is called with the complete file's temporary path before it is renamed into place.
  // `asked`: the standards (tagged, archival) the documents' front matter asks for besides the options'.
  void write(const layout::LaidOutDocument& pages, const std::string& path, Diagnostics& diags, const PdfOptions& asked,
             const std::function<void(const std::string&)>& before_commit = {});
  // The file written, not committed (any thread).
  std::unique_ptr<io::OutputFile> write_file(const layout::LaidOutDocument& pages, const std::string& path,
                                             Diagnostics& diags, const PdfOptions& asked) const;
  struct Job;
  struct Pipeline;
  void prepare(Job& job);                                           // this thread, in order
  void work(Job& job, FontCache& fonts, Diagnostics& diags) const;  // any thread
  void complete(Job& job, Diagnostics& diags);                      // this thread, in order
  void complete_next();
  void flush_batch(Diagnostics& diags);
  ManifestRow manifest_row(const model::Document& doc) const;
  void prepare_manifest(const std::string& combined_file);

  RenderOptions options_;
  std::unique_ptr<FontCache> fonts_;  // a mail merge finds and measures its fonts once, not per letter
  int count_ = 0;
  bool counts_documents_ = false;                    // the progress line counts this renderer's documents
  std::optional<layout::LaidOutDocument> combined_;  // the layout dump, or the PDF's documents not yet drawn
  std::unique_ptr<io::OutputFile> output_;           // the combined PDF
  std::unique_ptr<PdfJoiner> joiner_;
  std::unique_ptr<ManifestWriter> manifest_;
  std::set<std::string> written_;  // with a pattern: the files written so far
  int combined_pages_ = 0;         // pages of the combined output so far
  PdfOptions combined_asked_;      // what the combined output's documents ask for (`pdf-standard:`)
  std::unique_ptr<Pipeline> pipeline_;  // -j N > 1: the threads and the documents in flight (last: goes first)
};

}  // namespace quire::render
