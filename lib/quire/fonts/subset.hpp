#pragma once
// Real font subsetting for the PDF backend (harfbuzz-subset): libharu's own "subset" keeps every
// glyph slot, so a one-line page would carry most of a multi-megabyte CJK font.
#include <set>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/pages.hpp"

namespace quire::fonts {

// `face` cut down to the glyphs of `code_points` (plus .notdef), without hinting, as the bytes of a
// standalone TrueType file (a face of a .ttc comes out alone). Glyph ids are renumbered; the cmap,
// advances and every table libharu reads stay. Code points the face lacks are ignored.
// Throws Error(Io) naming the file when HarfBuzz cannot read or cut it.
std::string subset_font(const layout::FontFace& face, const std::set<char32_t>& code_points);

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

// Appends the code points of UTF-8 `text` to `out`; invalid bytes are skipped.
void collect_code_points(const std::string& text, std::set<char32_t>& out);

}  // namespace quire::fonts
