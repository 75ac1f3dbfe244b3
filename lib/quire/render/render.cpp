#include "quire/render/render.hpp"

#include <sched.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "quire/diag/progress.hpp"
#include "quire/fonts/fonts.hpp"
#include "quire/image/image_probe.hpp"
#include "quire/io/file.hpp"
#include "quire/layout/engine.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/model/utf8.hpp"
#include "quire/render/manifest.hpp"
#include "quire/render/pdf/digest.hpp"
#include "quire/render/pdf/pdf_writer.hpp"
#include "quire/render/text/layout_dump.hpp"

namespace quire::render {

namespace {
// Pages drawn into one libharu file (at least: the batch is full once it has as many): a few megabytes.
constexpr std::size_t kBatchPages = 100;
}  // namespace

namespace {
// The font files a run uses are those its pages draw with, not every face of the set (most styles and
// fallbacks go unused): noted for depfiles here, as FreeType reads them outside the io module.
void note_fonts_drawn(const layout::LaidOutDocument& doc) {
  if (!io::recording_files()) return;
  std::vector<bool> drawn(doc.fonts.size());
  for (const auto& page : doc.pages)
    layout::for_each_item(page, [&](const layout::Item& item) {
      if (const auto* run = std::get_if<layout::GlyphRun>(&item))
        if (run->face >= 0 && std::size_t(run->face) < drawn.size()) drawn[std::size_t(run->face)] = true;
    });
  for (std::size_t i = 0; i < drawn.size(); ++i)
    if (drawn[i]) io::note_input(doc.fonts[i].path);
}
}  // namespace

// Keyed by every top-level metadata key that names fonts (mainfont, sansfont, monofont, …): two
// documents with the same values get the same faces. A handful of sets at most: a merge has one.
class FontCache {
 public:
  struct Entry {
    std::string key;
    layout::FontSet fonts;
    std::unique_ptr<layout::FontMetrics> metrics;
  };

  const Entry& get(const model::MetaValue& meta, const io::Confinement& confine) {
    std::string key = key_of(meta);
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if ((*it)->key == key) return **it;
    auto entry = std::make_unique<Entry>();
    entry->key = std::move(key);
    entry->fonts = fonts::default_font_set(meta, confine);
    entry->metrics = fonts::load_metrics(entry->fonts);
    if (entries_.size() >= 4) entries_.erase(entries_.begin());
    entries_.push_back(std::move(entry));
    return *entries_.back();
  }

 private:
  static std::string key_of(const model::MetaValue& meta) {
    std::string key;
    for (const auto& [name, value] : meta.map)
      if (name.find("font") != std::string::npos) key += name + '\0' + value.as_text() + '\0';
    return key;
  }

  std::vector<std::unique_ptr<Entry>> entries_;
};

namespace {

layout::LaidOutDocument lay_out_cached(const model::Document& doc, Diagnostics& diags, FontCache& cache,
                                       const io::Confinement& confine, bool tagged) {
  auto style = layout::style_from_meta(doc.meta, diags);
  style.alt_required = tagged;
  if (diags.has_errors()) throw InvalidInput();
  const auto& fonts = cache.get(doc.meta, confine);
  image::FileImageProbe images(diags, {}, confine);
  auto pages = layout::layout_document(doc, style, fonts.fonts, *fonts.metrics, images, diags);
  note_fonts_drawn(pages);
  return pages;
}

}  // namespace

// One document alone: its own font set, found and measured for it.
layout::LaidOutDocument lay_out(const model::Document& doc, Diagnostics& diags, const io::Confinement& confine) {
  FontCache fonts;
  return lay_out_cached(doc, diags, fonts, confine, false);
}

namespace {

// A missing directory is an error unless asked to create it (--mkdir): a typo in -o should not
// scatter thousands of letters into a new tree.
void prepare_directory(const std::string& path, bool make) {
  if (path == "-") return;
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (dir.empty() || std::filesystem::is_directory(dir, ec)) return;
  if (!make) throw Error(ErrorKind::Io, "output directory '" + dir.string() + "' does not exist (--mkdir creates it)");
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(ErrorKind::Io, "cannot create directory '" + dir.string() + "': " + ec.message());
}

// A merged document's own value for an output name field: its record number, or a record column.
const model::MetaValue* merged_value(const model::Document& doc, const std::string& path) {
  const model::MetaValue* merge = doc.meta.find("merge");
  if (!merge || merge->kind != model::MetaValue::Kind::Map) return nullptr;
  if (path == "n") return merge->find("n");
  const model::MetaValue* record = merge->find("record");
  return record ? record->find_path(path) : nullptr;
}

}  // namespace

namespace {

// The root of a structure tree: the element without a parent.
int structure_root(const std::vector<layout::StructElem>& elems) {
  for (std::size_t i = 0; i < elems.size(); ++i)
    if (elems[i].parent < 0) return static_cast<int>(i);
  return -1;
}

// Every element index moves by `by`: in the items of pages [first_page, last_page) and in the links
// between the elements from `first_elem` on.
void shift_structure(layout::LaidOutDocument& doc, std::size_t first_page, std::size_t last_page,
                     std::size_t first_elem, int by) {
  auto shift = [&](int& tag) { tag = tag < 0 ? tag : tag + by; };
  for (std::size_t i = first_elem; i < doc.structure.size(); ++i) {
    auto& elem = doc.structure[i];
    if (elem.parent >= 0) shift(elem.parent);
    if (elem.follows >= 0) shift(elem.follows);
  }
  for (std::size_t p = first_page; p < last_page; ++p)
    layout::for_each_item(doc.pages[p], [&](layout::Item& item) {
      std::visit(overloaded{[&](layout::GlyphRun& r) { shift(r.tag); }, [&](layout::PlacedImage& i) { shift(i.tag); },
                            [&](layout::LinkArea& l) { shift(l.tag); }, [](auto&) {}},
                 item);
    });
}

// Each document of a combined PDF is a Part under one Document; `next`'s pages are already appended
// to `into` and point at `next`'s elements, which follow `into`'s.
void append_structure(layout::LaidOutDocument& into, const layout::LaidOutDocument& next) {
  if (into.structure.empty() || next.structure.empty()) return;
  // Layout makes no Part: a Part at [1] is the first document's root, already under a Document at [0].
  bool combined = into.structure.size() > 1 && into.structure[1].role == "Part";
  int root = structure_root(into.structure);
  if (!combined && root >= 0) {  // `into` is the first document
    // A Document first (a parent comes before its children), the first document's root a Part in it.
    shift_structure(into, 0, into.pages.size() - next.pages.size(), 0, 1);
    into.structure.insert(into.structure.begin(), layout::StructElem{"Document", -1, {}, {}});
    into.structure[std::size_t(root) + 1].role = "Part";
    into.structure[std::size_t(root) + 1].parent = 0;
  }
  int document = structure_root(into.structure);
  int base = static_cast<int>(into.structure.size());
  std::size_t first_elem = into.structure.size();
  for (auto elem : next.structure) {
    if (elem.parent < 0) {
      elem.role = "Part";
      if (next.lang != into.lang) elem.lang = next.lang.empty() ? "en-US" : next.lang;
    }
    into.structure.push_back(std::move(elem));
  }
  shift_structure(into, into.pages.size() - next.pages.size(), into.pages.size(), first_elem, base);
  for (std::size_t i = first_elem; i < into.structure.size(); ++i)
    if (into.structure[i].parent < 0) into.structure[i].parent = document;
}

}  // namespace

void append_pages(layout::LaidOutDocument& into, layout::LaidOutDocument next) {
  std::vector<int> remap(next.fonts.size());
  for (std::size_t i = 0; i < next.fonts.size(); ++i) {
    auto found = std::find(into.fonts.begin(), into.fonts.end(), next.fonts[i]);
    remap[i] = static_cast<int>(found - into.fonts.begin());
    if (found == into.fonts.end()) into.fonts.push_back(next.fonts[i]);
  }
  // Anchors and internal links of each appended document get a prefix of their own, so equal ids
  // in two documents (a mail merge) still link within their document.
  std::size_t offset = into.pages.size();
  std::string prefix = "@" + std::to_string(offset) + "/";
  for (auto& entry : next.outline) {
    entry.page += static_cast<int>(into.pages.size());
    into.outline.push_back(std::move(entry));
  }
  for (auto& page : next.pages) {
    layout::for_each_item(page, [&](layout::Item& item) {
      if (auto* run = std::get_if<layout::GlyphRun>(&item)) run->face = remap[run->face];
      if (auto* anchor = std::get_if<layout::Anchor>(&item)) anchor->id = prefix + anchor->id;
      if (auto* link = std::get_if<layout::LinkArea>(&item); link && link->url.starts_with("#"))
        link->url = "#" + prefix + link->url.substr(1);
    });
    into.pages.push_back(std::move(page));
  }
  append_structure(into, next);
}

namespace {

// `pattern` with its {{fields}} filled from `doc` (expand_output_pattern). A file name takes no `/`
// from a value: a value names a file, never a directory.
std::string expand_fields(const std::string& pattern, int n, const model::Document& doc, bool file_name) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    auto open = pattern.find("{{", at);
    auto close = open == std::string::npos ? open : pattern.find("}}", open + 2);
    if (close == std::string::npos) break;
    out.append(pattern, at, open - at);
    std::string name = pattern.substr(open + 2, close - open - 2);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name == "n") {
      const model::MetaValue* record_n = merged_value(doc, "n");
      out += record_n && record_n->is_scalar() ? record_n->as_text() : std::to_string(n);
    } else {
      std::string path = name.starts_with("meta.") ? name.substr(5) : name;
      const auto* value = doc.meta.find_path(path);
      if (!value || !value->is_scalar()) value = merged_value(doc, path);
      if (!value || !value->is_scalar() || value->as_text().empty())
        throw Error(ErrorKind::Input, doc.pos,
                    std::string(file_name ? "output name" : "outline title") + " field '" + name +
                        "' has no value in document " + std::to_string(n));
      std::string text = value->as_text();
      for (char& c : text)
        if (c == '\0' || (file_name && c == '/')) c = '_';
      out += text;
    }
    at = close + 2;
  }
  out.append(pattern, at);
  return out;
}

// A metadata value as one line of text, or "" when there is none.
std::string scalar_text(const model::MetaValue* value) {
  if (!value || !value->is_scalar()) return "";
  std::string text = value->as_text();
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return text;
}

bool is_merged(const model::Document& doc) {
  const model::MetaValue* merge = doc.meta.find("merge");
  return merge && merge->kind == model::MetaValue::Kind::Map;
}

}  // namespace

std::string expand_output_pattern(const std::string& pattern, int n, const model::Document& doc) {
  return expand_fields(pattern, n, doc, true);
}

std::string document_outline_title(const std::string& pattern, int n, const model::Document& doc) {
  if (!pattern.empty()) return expand_fields(pattern, n, doc, false);
  for (std::string title : {scalar_text(doc.meta.find_path("to.name")), scalar_text(merged_value(doc, "name")),
                            scalar_text(doc.meta.find("title"))})
    if (!title.empty()) return title;
  return "Document " + expand_fields("{{n}}", n, doc, false);
}

void add_document_entry(layout::LaidOutDocument& pages, std::string title) {
  if (pages.pages.empty()) return;
  for (auto& entry : pages.outline) ++entry.level;
  pages.outline.insert(pages.outline.begin(), layout::OutlineEntry{1, std::move(title), 0, 0});
}

Renderer::Renderer(RenderOptions options) : options_(std::move(options)), fonts_(std::make_unique<FontCache>()) {
  if (!options_.pdf.date) options_.pdf.date = source_date_epoch();
  if (options_.emit == Emit::Pdf) check_pdf_options(options_.pdf);  // PDF/A with a password: exit 2 at once
  if (options_.emit == Emit::Pdf && options_.pdf.encrypted()) resolve_passwords(options_.pdf);  // fail early
  if (!options_.manifest.empty()) {
    if (options_.output == "-")
      throw Error(ErrorKind::Usage,
                  "--manifest describes output files: give -o FILE or a pattern, not standard output");
    if (options_.manifest == options_.output) throw Error(ErrorKind::Usage, "--manifest and -o name the same file");
    if (manifest_format(options_.manifest) == ManifestFormat::Json &&
        invalid_utf8_at(options_.output) != std::string_view::npos)
      throw Error(ErrorKind::Usage, "a JSON manifest cannot hold an output name that is not UTF-8; use a .csv one");
    manifest_ = std::make_unique<ManifestWriter>(options_.manifest);  // unwritable: stop before any rendering
  }
  int jobs = options_.jobs <= 0 ? default_jobs() : options_.jobs;
  if (jobs > 1) pipeline_ = std::make_unique<Pipeline>(*this, jobs);
}
Renderer::~Renderer() { pipeline_.reset(); }  // the threads stop before what they use goes

int default_jobs() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

bool Renderer::per_document() const { return options_.output.find("{{") != std::string::npos; }

// `pdf-standard:` in the front matter (`ua-1`, `a-2b`, `a-2b,ua-1`, or a list of them) asks for what
// --pdf-standard does: added to `options`.
namespace {

void add_document_standard(const model::Document& doc, PdfOptions& options) {
  const model::MetaValue* v = doc.meta.find("pdf-standard");
  if (!v) return;
  std::string value = v->is_scalar() ? v->as_text() : std::string();
  if (v->kind == model::MetaValue::Kind::List)
    for (const auto& item : v->list) value += (value.empty() ? "" : ",") + (item.is_scalar() ? item.as_text() : "?");
  std::string error = add_pdf_standard(options, value);
  if (!error.empty()) throw Error(ErrorKind::Input, v->pos, "pdf-standard: " + error);
}

// `asked` added to `options`.
PdfOptions with_standard(PdfOptions options, const PdfOptions& asked) {
  options.tagged = options.tagged || asked.tagged;
  options.archival = std::max(options.archival, asked.archival);
  return options;
}

}  // namespace

std::unique_ptr<io::OutputFile> Renderer::write_file(const layout::LaidOutDocument& pages, const std::string& path,
                                                     Diagnostics& diags, const PdfOptions& asked) const {
  {
    static std::mutex directories;  // threads of -j N making the same directory
    std::lock_guard lock(directories);
    prepare_directory(path, options_.make_dirs);
  }
  auto out = std::make_unique<io::OutputFile>(path);
  if (manifest_ && out->direct())
    throw Error(ErrorKind::Usage, "--manifest needs regular output files, and '" + path + "' is not one");
  if (options_.emit == Emit::Layout) {
    out->write(dump_layout(pages));
  } else if (asked.tagged || asked.archival != PdfOptions::Archival::None) {
    write_pdf(pages, with_standard(options_.pdf, asked), *out, diags);
  } else {
    write_pdf(pages, options_.pdf, *out, diags);
  }
  return out;
}

void Renderer::write(const layout::LaidOutDocument& pages, const std::string& path, Diagnostics& diags,
                     const PdfOptions& asked, const std::function<void(const std::string&)>& before_commit) {
  auto out = write_file(pages, path, diags, asked);
  if (before_commit) {
    std::fflush(out->file());  // the bytes on disk for whoever reads the temporary file; commit() checks errors
    before_commit(out->temp_path());
  }
  out->commit();
}

// The record's number and id; where the document is, the caller fills in.
ManifestRow Renderer::manifest_row(const model::Document& doc) const {
  ManifestRow row;
  const model::MetaValue* n = merged_value(doc, "n");
  row.n = n && n->is_scalar() ? std::atoll(n->as_text().c_str()) : count_;
  const std::string& column = options_.id_column.empty() ? "id" : options_.id_column;
  std::string id = scalar_text(merged_value(doc, column));
  if (!id.empty())
    row.id = id;
  else if (!options_.id_column.empty() && is_merged(doc))
    throw Error(ErrorKind::Input, doc.pos,
                "record " + std::to_string(row.n) + " has no value in the --id-column '" + column + "'");
  return row;
}

void Renderer::try_layout(const model::Document& doc, Diagnostics& diags) {
  try {
    lay_out_cached(doc, diags, *fonts_, io::Confinement(options_.root, options_.allow_outside_root), false);
  } catch (const InvalidInput&) {
    // reported in diags
  }
}

// One document on its way: prepared on the submitting thread, laid out (and with a pattern written)
// by work() on any thread, completed on the submitting thread in the order documents came.
struct Renderer::Job {
  model::Document doc;
  Diagnostics diags;  // submit(): the document's own; add() uses the caller's instead
  Renderer::Done done;
  std::exception_ptr error;  // what the document threw, at whichever step
  PdfOptions asked;          // what the document's own front matter asks for
  bool tagged = false;
  std::exception_ptr late;  // naming the file or its manifest row failed: thrown once layout went through
  std::string path;         // with a pattern: the document's file
  std::optional<ManifestRow> row;
  std::optional<layout::LaidOutDocument> pages;
  std::unique_ptr<io::OutputFile> file;  // with a pattern: written, not yet committed
  int n = 0;                             // the document's number in the run, from 1
  int page_count = 0;
  bool started = false, ready = false;  // a thread took it; work() has finished (the pipeline's mutex)
};

// The threads of -j N and the documents submitted and not yet completed, in order.
struct Renderer::Pipeline {
  Pipeline(Renderer& renderer, int jobs) : owner(renderer), window(std::size_t(jobs) * 2) {
    for (int i = 0; i < jobs; ++i) fonts.push_back(std::make_unique<FontCache>());
    for (int i = 0; i < jobs; ++i) threads.emplace_back([this, i] { run(i); });
  }
  ~Pipeline() {
    cancel();
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    wake.notify_all();
    for (auto& t : threads) t.join();
  }

  void run(int index) {
    std::unique_lock lock(mutex);
    while (true) {
      wake.wait(lock, [&] { return stop || !queue.empty(); });
      if (stop) return;
      Job* job = queue.front();
      queue.pop_front();
      job->started = true;
      lock.unlock();
      owner.work(*job, *fonts[std::size_t(index)], job->diags);
      lock.lock();
      job->ready = true;
      finished.notify_all();
    }
  }

  // The oldest document, once its work is done (taken out of `pending`).
  std::unique_ptr<Job> next_done() {
    std::unique_lock lock(mutex);
    finished.wait(lock, [&] { return pending.front()->ready; });
    auto job = std::move(pending.front());
    pending.pop_front();
    return job;
  }

  // Drops every document not completed: those not started at once, the others once their thread is
  // done with them (their files, not committed, are removed).
  void cancel() {
    std::unique_lock lock(mutex);
    queue.clear();
    finished.wait(lock, [&] {
      for (const auto& job : pending)
        if (job->started && !job->ready) return false;
      return true;
    });
    auto dropped = std::move(pending);
    pending.clear();
    lock.unlock();  // their uncommitted files are removed as they go
  }

  Renderer& owner;
  std::size_t window;                             // documents in flight at most: two per thread
  std::vector<std::unique_ptr<FontCache>> fonts;  // one set per thread: metrics cache as they measure
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::condition_variable wake, finished;
  std::deque<Job*> queue;                    // waiting for a thread
  std::deque<std::unique_ptr<Job>> pending;  // submitted, not completed, in order
  bool stop = false;
};

bool Renderer::parallel() const { return pipeline_ != nullptr; }

void Renderer::prepare(Job& job) {
  job.n = ++count_;
  // A stream of documents counts them on the progress line, unless a mail merge counts its records;
  // one document alone counts its pages.
  if (count_ == 2 && !progress().has_unit()) {
    progress().set_unit("documents");
    counts_documents_ = true;
    progress().add_item();
  }
  add_document_standard(job.doc, job.asked);
  if (options_.emit == Emit::Pdf) check_pdf_options(with_standard(options_.pdf, job.asked));  // before any work
  job.tagged = job.asked.tagged || (options_.pdf.tagged && options_.emit == Emit::Pdf);
  try {
    if (manifest_) job.row = manifest_row(job.doc);
    if (per_document()) job.path = expand_output_pattern(options_.output, job.n, job.doc);
  } catch (...) {
    job.late = std::current_exception();
  }
}

void Renderer::work(Job& job, FontCache& fonts, Diagnostics& diags) const {
  try {
    job.pages =
        lay_out_cached(job.doc, diags, fonts, io::Confinement(options_.root, options_.allow_outside_root), job.tagged);
    if (diags.has_errors()) throw InvalidInput();
    job.page_count = static_cast<int>(job.pages->pages.size());
    if (job.late) std::rethrow_exception(job.late);
    if (per_document()) {
      job.file = write_file(*job.pages, job.path, diags, job.asked);
      job.pages.reset();
    }
  } catch (...) {
    job.error = std::current_exception();
  }
}

void Renderer::complete(Job& job, Diagnostics& diags) {
  if (counts_documents_) progress().add_item();
  if (job.error) return;
  try {
    const model::Document& doc = job.doc;
    int page_count = job.page_count;
    auto& row = job.row;
    if (per_document()) {
      const std::string& path = job.path;
      // A second document with the same name would overwrite the first: a letter lost without a word
      // (and a manifest listing a letter whose file holds another's).
      if (!written_.insert(std::filesystem::path(path).lexically_normal().string()).second)
        throw Error(ErrorKind::Input, doc.pos,
                    "output file '" + path +
                        "' was already written in this run: every document needs a file of its own "
                        "(add {{n}} or an id column to -o)");
      job.file->commit();
      job.file.reset();
      if (row) {
        auto digest = digest_file(path);
        *row = ManifestRow{row->n, row->id, path, 1, page_count, digest.bytes, digest.sha256};
        manifest_->add(std::move(*row));
      }
      return;
    }
    auto& pages = *job.pages;
    // Each letter of a merge (or each document, given a title pattern) is one entry of the combined
    // outline, so a reader finds a recipient's letter among thousands.
    if (is_merged(doc) || !options_.outline_title.empty())
      add_document_entry(pages, document_outline_title(options_.outline_title, job.n, doc));
    // A full batch is drawn when the next document comes, so one document alone is always written whole.
    if (options_.emit == Emit::Pdf && combined_ && combined_->pages.size() >= kBatchPages) flush_batch(diags);
    PdfOptions before = with_standard(options_.pdf, combined_asked_);
    combined_asked_ = with_standard(combined_asked_, job.asked);
    // The joiner started with the options the first batches asked for: a later document cannot change them.
    if (joiner_ && (with_standard(options_.pdf, combined_asked_).tagged != before.tagged ||
                    with_standard(options_.pdf, combined_asked_).archival != before.archival))
      throw Error(ErrorKind::Input, doc.pos,
                  "pdf-standard: " + pdf_standard_name(job.asked) +
                      " comes too late: the combined PDF is being written without it (ask for it in the first "
                      "document, or with --pdf-standard)");
    if (!combined_)
      combined_ = std::move(pages);
    else
      append_pages(*combined_, std::move(pages));
    job.pages.reset();
    if (row) {
      *row = ManifestRow{row->n, row->id, options_.output, combined_pages_ + 1, page_count, 0, ""};
      manifest_->add(std::move(*row));  // the file's size and hash once it is written
    }
    combined_pages_ += page_count;
  } catch (...) {
    job.error = std::current_exception();
  }
}

void Renderer::add(const model::Document& doc, Diagnostics& diags) {
  drain();  // documents submitted before this one come first
  Job job;
  job.doc = doc;
  prepare(job);
  work(job, *fonts_, diags);
  complete(job, diags);
  if (job.error) std::rethrow_exception(job.error);
}

void Renderer::submit(model::Document doc, Diagnostics diags, Done done) {
  if (!pipeline_) {
    std::exception_ptr error;
    try {
      add(doc, diags);
    } catch (...) {
      error = std::current_exception();
    }
    done(diags, error);
    return;
  }
  auto job = std::make_unique<Job>();
  job->doc = std::move(doc);
  job->diags = std::move(diags);
  job->done = std::move(done);
  try {
    prepare(*job);
  } catch (...) {
    job->error = std::current_exception();
  }
  Job* raw = job.get();
  {
    std::lock_guard lock(pipeline_->mutex);
    if (raw->error) raw->ready = true;  // nothing to do but report it, in its turn
    pipeline_->pending.push_back(std::move(job));
    if (!raw->ready) pipeline_->queue.push_back(raw);
  }
  pipeline_->wake.notify_one();
  while (pipeline_->pending.size() > pipeline_->window) complete_next();
}

void Renderer::complete_next() {
  auto job = pipeline_->next_done();
  complete(*job, job->diags);
  job->done(job->diags, job->error);
}

void Renderer::drain() {
  if (!pipeline_) return;
  while (!pipeline_->pending.empty()) complete_next();
}

void Renderer::cancel() {
  if (pipeline_) pipeline_->cancel();
}

// Drawing documents in batches rather than one by one: libharu's fixed cost per file (loading and
// writing each font) is shared by the batch, and a batch holds only a few megabytes of pages.
// Only a stream longer than one batch is joined (PdfJoiner).
void Renderer::flush_batch(Diagnostics& diags) {
  if (!joiner_) {
    prepare_directory(options_.output, options_.make_dirs);
    output_ = std::make_unique<io::OutputFile>(options_.output);
    if (manifest_ && output_->direct())
      throw Error(ErrorKind::Usage, "--manifest needs regular output files, and '" + options_.output + "' is not one");
    joiner_ = std::make_unique<PdfJoiner>(with_standard(options_.pdf, combined_asked_), *output_);
  }
  if (combined_) joiner_->add(*combined_, diags);
  combined_.reset();
}

// The rows of a combined PDF get its size and hash, read from its temporary file, and the manifest is
// written before the PDF is renamed into place: a manifest that cannot be written leaves neither.
void Renderer::prepare_manifest(const std::string& combined_file) {
  auto digest = digest_file(combined_file);
  for (auto& row : manifest_->rows()) {
    row.bytes = digest.bytes;
    row.sha256 = digest.sha256;
  }
  manifest_->write();
}

void Renderer::finish(Diagnostics& diags) {
  drain();
  if (per_document()) {
    if (manifest_) manifest_->commit();
    return;
  }
  if (!combined_ && !joiner_) throw Error(ErrorKind::Input, "no document to render: the input stream is empty");
  std::function<void(const std::string&)> before_commit;
  if (manifest_) before_commit = [this](const std::string& file) { prepare_manifest(file); };
  // Less than a batch (one document, a short merge): written whole, as a pattern's file is.
  if (!joiner_) {
    write(*combined_, options_.output, diags, combined_asked_, before_commit);
    combined_.reset();
  } else {
    flush_batch(diags);
    joiner_->finish(diags);
    if (before_commit) {
      std::fflush(output_->file());
      before_commit(output_->temp_path());
    }
    output_->commit();
    joiner_.reset();
    output_.reset();
  }
  if (manifest_) manifest_->commit();
}

}  // namespace quire::render
