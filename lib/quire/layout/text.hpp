#pragma once
// Characters and faces: the per-character choice of a face (with fallbacks), and shaping in a face.
#include <string>
#include <string_view>
#include <vector>

#include "quire/layout/metrics.hpp"
#include "quire/model/utf8.hpp"  // next_char

namespace quire::layout {

// The font set and its metrics together, as every layout step needs both.
struct Fonts {
  const FontSet& set;
  const FontMetrics& metrics;
  bool kerning = true;  // `style: {kerning: false}` turns it off

  // The preferred face if it has `c`, else the first fallback that has it, else the preferred face.
  int face_for(int preferred, char32_t c) const;
  // True when the preferred face or one of its fallbacks has `c`.
  bool covers(int preferred, char32_t c) const;
  // The face for a grapheme cluster, never split between faces: the first of the preferred face, its
  // fallbacks and the faces found before that has every character of it (invisible format characters
  // aside), else a system font found for it now (FontMetrics::find_face); -1 when no font has it.
  int face_for_cluster(int preferred, std::string_view cluster, std::string_view lang) const;
  // Every face the text may use: the set's own, then those found for it.
  std::vector<FontFace> faces() const;
  // `text` shaped in one face at `size`: advances and offsets in points, clusters into `text`.
  std::vector<Glyph> shape(int face, double size, std::string_view text, std::uint32_t script = 0, bool rtl = false,
                           std::string_view lang = {}) const;
  // Width in points of `text` set in one face, shaped.
  double width(int face, double size, std::string_view text) const;
  // A glyph run of `text` in one face, shaped (or with `glyphs` already shaped for it).
  GlyphRun run(double x, double y, int face, double size, std::string text, Color color) const;
  GlyphRun run(double x, double y, int face, double size, std::string text, Color color,
               std::vector<Glyph> glyphs) const;
};

// The sum of the glyphs' advances.
double advance_of(const std::vector<Glyph>& glyphs);

}  // namespace quire::layout
