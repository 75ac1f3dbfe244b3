#pragma once
// The PDF backend: draws laid-out pages with libharu, text as glyph ids (glyph_text.hpp). Only this
// folder includes hpdf.h.
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/file.hpp"
#include "quire/layout/pages.hpp"

namespace quire::render {

struct PdfOptions {
  // Creation/modification date; from SOURCE_DATE_EPOCH when set so output is reproducible.
  std::optional<std::time_t> date;

  // Confidential output: AES-256 encryption (PDF 2.0 security handler, R6) when a password is set or
  // a permission withheld. Encrypted files are never byte-reproducible (a random key and /ID).
  std::string user_password;   // needed to open the file; empty: anyone may open it
  std::string owner_password;  // full rights; needed when a permission is withheld
  std::string password_file;   // line 1: user password, line 2: owner password (see resolve_passwords)
  bool allow_print = true, allow_copy = true, allow_modify = true;

  // Tagged PDF for PDF/UA-1 (`--pdf-standard ua-1`): marked content, the structure tree from the
  // layout's StructElems, /Lang, DisplayDocTitle and XMP metadata. docs/accessibility.md.
  bool tagged = false;

  // PDF/A-2 (ISO 19005-2) for archives (`--pdf-standard a-2b` or `a-2u`): XMP metadata with pdfaid and the
  // document information, an sRGB output intent, printable annotations, uncompressed metadata. Never
  // encrypted (check_pdf_options). docs/accessibility.md.
  enum class Archival { None, A2b, A2u };
  Archival archival = Archival::None;

  bool encrypted() const {
    return !user_password.empty() || !owner_password.empty() || !password_file.empty() || !allow_print || !allow_copy ||
           !allow_modify;
  }
};

// Reads `password_file` (if set) into the passwords and clears it, then checks the combination:
// a withheld permission needs an owner password that differs from the user password, and
// passwords are at most 127 bytes of UTF-8 (AES-256's limit). Throws Error(Usage) or Error(Io);
// messages never contain a password.
void resolve_passwords(PdfOptions& options);

// Reads a --pdf-standard value (or `pdf-standard:` front matter) into `options`, adding to what it asks
// already: "none", "ua-1", "a-2b", "a-2u", or a comma-separated list of them ("a-2b,ua-1", either order;
// a-2b and a-2u together are a-2u). Returns an error message for anything else, "" when it was understood.
std::string add_pdf_standard(PdfOptions& options, std::string_view value);

// The standards `options` asks for as add_pdf_standard reads them ("none" for none): "a-2b,ua-1".
std::string pdf_standard_name(const PdfOptions& options);

// Refuses (Error(Usage)) a combination the standards forbid: PDF/A with encryption.
void check_pdf_options(const PdfOptions& options);

// SOURCE_DATE_EPOCH if set and valid, else nullopt (no date written).
std::optional<std::time_t> source_date_epoch();

// Writes the document as PDF into `out` (not committed: the caller commits): pages, internal and
// external links, the outline, fonts subset to the glyphs drawn. Throws quire::Error(Io) when a
// font or image cannot be embedded or the file cannot be written. Links to unknown anchors and
// outline entries off the pages are warnings in `diags`.
void write_pdf(const layout::LaidOutDocument& doc, const PdfOptions& options, io::OutputFile& out, Diagnostics& diags);
// The same, with warnings dropped.
void write_pdf(const layout::LaidOutDocument& doc, const PdfOptions& options, io::OutputFile& out);

// Many laid-out documents into one PDF, written as they come (a mail merge of any size): each add()
// is drawn on its own and its objects appended to `out` at once, so memory does not grow with the
// number of documents. Fonts are embedded once, by finish(), each subset over every glyph drawn
// with it. Encrypted output is first written unencrypted to a temporary file beside `out` (removed
// in every case), which finish() rewrites encrypted into `out`. docs/pdf.md.
class PdfJoiner {
 public:
  PdfJoiner(const PdfOptions& options, io::OutputFile& out);
  ~PdfJoiner();
  PdfJoiner(const PdfJoiner&) = delete;
  PdfJoiner& operator=(const PdfJoiner&) = delete;

  // Appends `doc`'s pages (its first on a new page) and outline. Throws as write_pdf does.
  void add(const layout::LaidOutDocument& doc, Diagnostics& diags);
  // Writes the fonts, page tree, outline and trailer (then encrypts); the caller commits `out`.
  void finish(Diagnostics& diags);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace quire::render
