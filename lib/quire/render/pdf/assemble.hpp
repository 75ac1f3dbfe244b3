#pragma once
// Joins whole PDFs into one file as they come: each piece is parsed with libqpdf, its objects get new
// numbers and are written once, at once (dictionaries a few hundred at a time, in object streams).
// Only their places, the pages' numbers and the outline entries stay in memory, so a 10,000-letter
// PDF costs no more memory than a 100-letter one.
// Internal to the PDF backend (quire_pdf alone links libqpdf); PdfJoiner (pdf_writer.hpp) drives it.
#include <cstddef>
#include <memory>
#include <string>

#include "quire/io/file.hpp"
#include "quire/render/pdf/finish.hpp"

namespace quire::render::detail {

class Assembler {
 public:
  // Writes the file's header to `out` (not committed: the caller commits).
  explicit Assembler(io::OutputFile& out);
  ~Assembler();
  Assembler(const Assembler&) = delete;
  Assembler& operator=(const Assembler&) = delete;

  // Appends the pages of `pdf` (a whole file from libharu or finish_pdf) after the pages so far,
  // with its outline entries; the first piece's information dictionary becomes the file's.
  // `fonts` are the characters drawn with each font (its ToUnicode maps are written from them).
  // With `share_fonts`, the Type0 fonts `fonts` names are not copied: every page that uses a font
  // of that name points at one object, written by finish(). Throws Error(Io) when qpdf rejects `pdf`.
  void add(const std::string& pdf, const FontCodePoints& fonts, bool share_fonts);

  // Writes the shared fonts, taken from `fonts_pdf` (a file holding a Type0 font of every shared
  // name, drawing the characters of `fonts`), then the page tree, outline, catalog and a
  // cross-reference stream whose /ID is derived from every byte before it.
  void finish(const std::string& fonts_pdf = {}, const FontCodePoints& fonts = {});

  std::size_t pages() const;

  struct Impl;  // the file being written (assemble.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace quire::render::detail
