#pragma once
// Font subsetting for the PDF backend (harfbuzz-subset): a face cut down to the glyphs drawn.
#include <cstdint>
#include <set>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/pages.hpp"

namespace quire::fonts {

// `face` cut down to `glyphs` (plus .notdef), without hinting, as the bytes of a standalone TrueType
// file (a face of a .ttc comes out alone). Glyph ids are kept (HB_SUBSET_FLAGS_RETAIN_GIDS: the glyphs
// not asked for become empty), so text drawn by glyph id before the subset exists stays right, and one
// subset over the union of several documents' glyphs serves them all. Tables a PDF reader never uses
// (layout, kerning, cmap entries) are left out. Glyph ids past the face's glyphs are ignored.
// Throws Error(Io) naming the file when HarfBuzz cannot read or cut it.
std::string subset_glyphs(const layout::FontFace& face, const std::set<std::uint32_t>& glyphs);

// A private temporary file (mkstemp under $TMPDIR or /tmp, mode 0600) holding `bytes`; the
// destructor removes it (remove() may be called earlier: an open descriptor keeps the data).
class TempFile {
 public:
  TempFile(const std::string& bytes, const std::string& suffix);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  void remove();

 private:
  std::string path_;
  bool removed_ = false;
};

}  // namespace quire::fonts
