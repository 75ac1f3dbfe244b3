#include "quire/render/pdf/join.hpp"

#include <qpdf/ClosedFileInputSource.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFOutlineDocumentHelper.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageLabelDocumentHelper.hh>
#include <qpdf/QPDFWriter.hh>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

namespace quire::render {

namespace {

SourcePos at_file(const std::string& path) { return SourcePos{io::display_name(path), 0, 0}; }

// A destination as an explicit array: a named one (a name or a string) looked up in the file's /Dests
// or /Names /Dests, a dictionary's /D taken out. Null when it names nothing.
QPDFObjectHandle explicit_dest(QPDFOutlineDocumentHelper& outlines, QPDFObjectHandle dest) {
  if (dest.isName() || dest.isString()) dest = outlines.resolveNamedDest(dest);
  if (dest.isDictionary()) dest = dest.getKey("/D");
  return dest.isArray() ? dest : QPDFObjectHandle::newNull();
}

// Named destinations resolved in place in `item` (an outline item or a link annotation: /Dest, or a
// GoTo action's /D), so that they still point at their page once copied into a file without the names.
void resolve_named(QPDFOutlineDocumentHelper& outlines, QPDFObjectHandle item) {
  if (!item.isDictionary()) return;
  if (item.hasKey("/Dest")) {
    auto dest = item.getKey("/Dest");
    if (!dest.isArray()) item.replaceKey("/Dest", explicit_dest(outlines, dest));
  }
  auto action = item.getKey("/A");
  if (action.isDictionary() && action.getKey("/S").isName() && action.getKey("/S").getName() == "/GoTo") {
    auto dest = action.getKey("/D");
    if (!dest.isArray()) action.replaceKey("/D", explicit_dest(outlines, dest));
  }
}

// Every outline item of `first`'s sibling list and below (bounded: a looping outline stops).
void resolve_outline(QPDFOutlineDocumentHelper& outlines, QPDFObjectHandle first, int depth, int& budget) {
  for (auto item = first; item.isDictionary() && depth < 64 && budget-- > 0; item = item.getKey("/Next")) {
    resolve_named(outlines, item);
    resolve_outline(outlines, item.getKey("/First"), depth + 1, budget);
  }
}

// The number of items a reader shows under `first`'s list when its parent is open.
long long visible_items(QPDFObjectHandle first, int depth, int& budget) {
  long long n = 0;
  for (auto item = first; item.isDictionary() && depth < 64 && budget-- > 0; item = item.getKey("/Next")) {
    ++n;
    auto count = item.getKey("/Count");
    if (count.isInteger() && count.getIntValue() > 0) n += visible_items(item.getKey("/First"), depth + 1, budget);
  }
  return n;
}

// The file's /Title from its information dictionary, or "".
std::string info_title(QPDF& pdf) {
  auto info = pdf.getTrailer().getKey("/Info");
  if (!info.isDictionary()) return "";
  auto title = info.getKey("/Title");
  return title.isString() ? title.getUTF8Value() : "";
}

// The file name without its directory and ".pdf".
std::string file_stem(const std::string& path) {
  std::filesystem::path p(path);
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".pdf" ? p.stem().string() : p.filename().string();
}

struct Source {
  std::unique_ptr<QPDF> pdf;
  std::string path;
};

// Opens one input: a missing or unreadable file is Error(Io); anything qpdf cannot read without
// repairing it, or an encrypted file, is Error(Input) naming it.
std::unique_ptr<QPDF> open_input(const std::string& path) {
  {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(ErrorKind::Io, at_file(path), "is a directory");
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw Error(ErrorKind::Io, at_file(path), std::string("cannot open: ") + std::strerror(errno));
  }
  io::note_input(path);
  auto pdf = std::make_unique<QPDF>();
  pdf->setSuppressWarnings(true);
  pdf->setAttemptRecovery(false);
  try {
    // The file is opened only while qpdf reads from it: joining thousands of letters stays far below
    // the limit on open files.
    pdf->processInputSource(std::make_shared<ClosedFileInputSource>(path.c_str()));
  } catch (const QPDFExc& e) {
    if (e.getErrorCode() == qpdf_e_password)
      throw Error(ErrorKind::Input, at_file(path), "is encrypted: decrypt it first (qpdf --decrypt)");
    throw Error(ErrorKind::Input, at_file(path), "not a PDF, or a damaged one: " + e.getMessageDetail());
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Input, at_file(path), std::string("not a PDF, or a damaged one: ") + e.what());
  }
  if (pdf->isEncrypted())
    throw Error(ErrorKind::Input, at_file(path), "is encrypted: decrypt it first (qpdf --decrypt)");
  return pdf;
}

// Whether qpdf found something to repair while the file was read (it read on after a warning).
void check_warnings(const Source& source) {
  if (!source.pdf->anyWarnings()) return;
  auto warnings = source.pdf->getWarnings();
  std::string what = warnings.empty() ? "" : ": " + warnings.front().getMessageDetail();
  throw Error(ErrorKind::Input, at_file(source.path), "damaged PDF" + what);
}

}  // namespace

void join_pdfs(const std::vector<JoinInput>& inputs, io::OutputFile& out, Diagnostics&) {
  if (inputs.empty()) throw Error(ErrorKind::Usage, "quire join needs at least one PDF");
  // The inputs outlive the joined file, which refers to their objects until it is written.
  std::vector<Source> sources;
  QPDF joined;
  joined.emptyPDF();
  joined.setSuppressWarnings(true);
  QPDFPageDocumentHelper pages(joined);
  std::vector<QPDFObjectHandle> labels;   // the /PageLabels number tree's /Nums
  std::vector<QPDFObjectHandle> entries;  // the outline entry of each file
  auto root = joined.makeIndirectObject(QPDFObjectHandle::parse("<< /Type /Outlines >>"));
  long long page_count = 0;
  for (const auto& input : inputs) {
    Source source{open_input(input.path), input.path};
    QPDF& pdf = *source.pdf;
    try {
      QPDFOutlineDocumentHelper outlines(pdf);
      QPDFPageDocumentHelper their_pages(pdf);
      auto list = their_pages.getAllPages();
      if (list.empty()) throw Error(ErrorKind::Input, at_file(input.path), "has no pages");
      int budget = 100000;
      for (auto& page : list) {
        auto annots = page.getObjectHandle().getKey("/Annots");
        if (annots.isArray())
          for (int i = 0; i < annots.getArrayNItems() && budget-- > 0; ++i)
            resolve_named(outlines, annots.getArrayItem(i));
      }
      auto their_root = pdf.getRoot().getKey("/Outlines");
      auto first_item = their_root.isDictionary() ? their_root.getKey("/First") : QPDFObjectHandle::newNull();
      resolve_outline(outlines, first_item, 0, budget);

      QPDFPageLabelDocumentHelper their_labels(pdf);
      auto n = static_cast<long long>(list.size());
      if (their_labels.hasPageLabels()) {
        their_labels.getLabelsForPageRange(0, n - 1, page_count, labels);
      } else {  // each file's pages numbered from 1
        labels.push_back(QPDFObjectHandle::newInteger(page_count));
        labels.push_back(QPDFObjectHandle::parse("<< /S /D >>"));
      }
      for (auto& page : list) pages.addPage(page, false);
      QPDFObjectHandle first_page = joined.getAllPages().at(static_cast<std::size_t>(page_count));

      // The file's entry: its title, pointing at its first page, with its own outline below it (copied
      // after its pages, so that its destinations point at the copies), closed.
      std::string title = !input.title.empty() ? input.title : info_title(pdf);
      if (title.empty()) title = file_stem(input.path);
      auto entry = joined.makeIndirectObject(QPDFObjectHandle::newDictionary());
      entry.replaceKey("/Title", QPDFObjectHandle::newUnicodeString(title));
      entry.replaceKey("/Parent", root);
      auto dest = QPDFObjectHandle::newArray();
      dest.appendItem(first_page);
      dest.appendItem(QPDFObjectHandle::newName("/Fit"));
      entry.replaceKey("/Dest", dest);
      if (first_item.isDictionary()) {
        auto copied_first = joined.copyForeignObject(first_item);
        QPDFObjectHandle last;
        int guard = 100000;
        for (auto item = copied_first; item.isDictionary() && guard-- > 0; item = item.getKey("/Next")) {
          item.replaceKey("/Parent", entry);
          last = item;
        }
        int count_budget = 100000;
        long long visible = visible_items(copied_first, 0, count_budget);
        entry.replaceKey("/First", copied_first);
        entry.replaceKey("/Last", last);
        entry.replaceKey("/Count", QPDFObjectHandle::newInteger(-visible));
      }
      entries.push_back(entry);
      page_count += n;
      check_warnings(source);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw Error(ErrorKind::Input, at_file(input.path), std::string("damaged PDF: ") + e.what());
    }
    sources.push_back(std::move(source));
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) entries[i].replaceKey("/Prev", entries[i - 1]);
    if (i + 1 < entries.size()) entries[i].replaceKey("/Next", entries[i + 1]);
  }
  root.replaceKey("/First", entries.front());
  root.replaceKey("/Last", entries.back());
  root.replaceKey("/Count", QPDFObjectHandle::newInteger(static_cast<long long>(entries.size())));
  auto catalog = joined.getRoot();
  catalog.replaceKey("/Outlines", root);
  catalog.replaceKey("/PageMode", QPDFObjectHandle::newName("/UseOutlines"));
  auto nums = QPDFObjectHandle::newArray(labels);
  catalog.replaceKey("/PageLabels", joined.makeIndirectObject(QPDFObjectHandle::parse("<< >>")));
  catalog.getKey("/PageLabels").replaceKey("/Nums", nums);

  std::string step = "cannot write the joined PDF";
  try {
    QPDFWriter writer(joined);
    writer.setOutputFile(out.temp_path().c_str(), out.file(), false);
    writer.setDecodeLevel(qpdf_dl_none);  // the inputs' streams are copied as they are
    writer.setCompressStreams(true);
    writer.setObjectStreamMode(qpdf_o_generate);
    writer.setDeterministicID(true);  // /ID from the content: same inputs, same bytes
    writer.write();
  } catch (const std::exception& e) {
    // Stream data is read from the inputs as it is written: a damaged stream shows up here.
    for (const auto& source : sources)
      if (source.pdf->anyWarnings()) check_warnings(source);
    throw Error(ErrorKind::Io, step + ": " + e.what());
  }
  for (const auto& source : sources) check_warnings(source);
}

}  // namespace quire::render
