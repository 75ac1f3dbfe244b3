#pragma once
// Text drawn by glyph id: which glyphs each face of the output draws (and what text each stands for),
// and the text operators for a GlyphRun. Plain strings: no libharu, no libqpdf. docs/pdf.md "Text".
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quire/fonts/face.hpp"
#include "quire/layout/pages.hpp"

namespace quire::render::detail {

// One face of the output: the glyphs drawn with it and, for each, the text of the cluster where it was
// first drawn, which becomes its ToUnicode entry (empty: the glyph maps to no text).
struct FaceUse {
  explicit FaceUse(const layout::FontFace& face) : opened(fonts::face_info(face)), info(*opened) {}
  std::shared_ptr<const fonts::FaceInfo> opened;  // kept for the run (fonts::face_info)
  const fonts::FaceInfo& info;
  std::map<std::uint32_t, std::string> text;  // glyph id → UTF-8

  // The glyph's width as /W writes it, in thousandths of an em rounded to 3 decimals: text operators
  // adjust every glyph by the difference between its advance and exactly this number.
  double width(std::uint32_t glyph) const;
  // The face's nominal glyph for `c` (FaceInfo::glyph_of), cached.
  std::uint32_t glyph_of(char32_t c);

 private:
  mutable std::vector<double> widths_;  // by glyph id, filled as glyphs are drawn (-1: not yet)
  std::unordered_map<char32_t, std::uint32_t> glyphs_;
};

// The faces of one output file, numbered in order of first use: face k is the resource font /F<k> and
// the k-th Type 0 font. Shared by every document of a joined PDF, so each face is embedded once.
class FontRegistry {
 public:
  // The face's number, opening it (fonts::FaceInfo) on first use; throws as FaceInfo does.
  int index(const layout::FontFace& face);
  FaceUse& use(int index) { return *faces_.at(static_cast<std::size_t>(index)); }
  const FaceUse& use(int index) const { return *faces_.at(static_cast<std::size_t>(index)); }
  std::size_t size() const { return faces_.size(); }

 private:
  std::vector<std::unique_ptr<FaceUse>> faces_;
};

// A TJ array being built (or, for one glyph, a Tj): glyph ids gathered into hex strings between
// adjustments in thousandths of an em. It stays open across the runs of one baseline, so a line of
// words is one TJ with the spaces between them as adjustments.
class Shower {
 public:
  // Moves the pen by `thousandths` (positive: to the left, as TJ numbers do) before the next glyph.
  void move(double thousandths) { pending_ += thousandths; }
  void glyph(std::uint32_t id);
  // Appends what was gathered to `out`; a pending move carries over to the next glyph.
  void flush(std::string& out);
  // Drops a pending move: the next glyph is placed by a new text matrix.
  void forget_move() { pending_ = 0; }

 private:
  void close_hex();

  std::string items_;
  bool in_hex_ = false, numbers_ = false;
  int glyphs_ = 0;
  double pending_ = 0;
};

// The state of the current text object (BT … ET) between runs.
struct TextState {
  int font = -1;  // set with Tf
  double size = 0;
  bool line = false;            // the last run was upright: a run on its baseline continues its TJ
  double pen_x = 0, pen_y = 0;  // PDF coordinates where its last glyph's advance ends
  Shower shower;
  // Tagged PDF: the spaces between words and lines are drawn as the face's space glyph (advance
  // compensated), so that the structure's text has its words apart. `words` is false at the start of a
  // marked-content sequence: no space before its first run.
  bool spaces = false;
  bool words = false;
  bool hyphen = false;  // the last run ended with a hyphen: the next line continues its word
  // PDF/A-2u: every glyph maps to Unicode, also the second and later glyphs of a cluster (marks, split
  // vowels), which otherwise map to nothing and leave their text to the cluster's /ActualText.
  bool every_glyph = false;
};

// Writes the open TJ (before any other operator: a colour, ET). The line may still continue after it.
void close_show(std::string& out, TextState& state);

// Appends the operators drawing `run` with resource font /F<font>, its baseline starting at (x, y) in
// PDF coordinates: Tf when the font or size changed, an absolute Tm (turned by the run's angle) unless
// the run continues the upright line before it in the same font (then the gap is a TJ adjustment), TJ
// arrays of 2-byte glyph ids with adjustments in thousandths of an em wherever a glyph's advance or
// offset differs from its /W width, Ts for raised glyphs (marks), and /ActualText spans wherever the
// glyphs do not spell their text (several glyphs for one cluster, a glyph first drawn for other text,
// a run the shaper reordered), and with `state.spaces` a space glyph before a run that starts a new word
// or line. Right-to-left runs keep single characters to their ToUnicode entries,
// in visual order, as extractors expect (glyph_text.cpp, plan). Records first uses in `use`. Must be
// inside BT … ET.
void append_run(std::string& out, const layout::GlyphRun& run, double x, double y, int font, FaceUse& use,
                TextState& state);

// The glyphs of a run that layout did not shape: each character's nominal glyph (the face's cmap, any
// plane), advanced by its width.
std::vector<layout::Glyph> nominal_glyphs(const layout::GlyphRun& run, FaceUse& use);

// `v` with at most `decimals` decimals, trailing zeros dropped, never "-0", "nan" or "inf" (0 instead).
std::string pdf_number(double v, int decimals);

// `utf8` as UTF-16BE hex digits (surrogate pairs beyond the BMP), with the byte order mark when asked:
// the form of ToUnicode values and of /ActualText strings. Malformed bytes read as U+FFFD.
std::string utf16_hex(std::string_view utf8, bool bom);

}  // namespace quire::render::detail
