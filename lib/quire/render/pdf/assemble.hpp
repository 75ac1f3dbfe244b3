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
  // With `share_fonts`, the font placeholders of `pdf` (hpdf_raw.hpp) are not copied: every page that
  // uses face k points at one object, written by finish(). Its image placeholders become `images`'
  // stored streams (finish.hpp, tidy). With `figures`, the figure placeholders (figures.hpp) become
  // one Form XObject per figure for the whole file, written the first time a piece draws it. Throws
  // Error(Io) when qpdf rejects `pdf`.
  // With `options` asking for a tagged file, `tagging` is what the piece's writer drew: its structure
  // elements are written with the piece, their top ones (a Part per document) under one Document; for
  // PDF/A, its annotations print. Only numbers stay in memory (a Part's object, a parent tree entry's).
  void add(const std::string& pdf, bool share_fonts, const ImageRegistry& images = {},
           const FigureRegistry* figures = nullptr, const Tagging* tagging = nullptr,
           const PdfOptions* options = nullptr);

  // Writes the shared fonts (each face's Type 0 font made from `fonts`, over every glyph drawn with it
  // in any piece), then the page tree, outline, catalog (with the structure tree's root, the XMP metadata
  // and PDF/A's output intent, as the pieces asked) and a cross-reference stream whose /ID is derived
  // from every byte before it.
  void finish(const FontRegistry* fonts = nullptr);

  std::size_t pages() const;

  struct Impl;  // the file being written (assemble.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace quire::render::detail
