#include "quire/layout/text.hpp"

#include <algorithm>
#include <cmath>

namespace quire::layout {

int Fonts::face_for(int preferred, char32_t c) const {
  if (metrics.has_glyph(preferred, c)) return preferred;
  for (int f : set.fallbacks_for(preferred))
    if (metrics.has_glyph(f, c)) return f;
  return preferred;
}

bool Fonts::covers(int preferred, char32_t c) const { return metrics.has_glyph(face_for(preferred, c), c); }

namespace {

bool has_all(const FontMetrics& metrics, int face, std::string_view cluster) {
  for (std::size_t i = 0; i < cluster.size();) {
    char32_t c = next_char(cluster, i);
    if (!is_invisible_format(c) && !metrics.has_glyph(face, c)) return false;
  }
  return true;
}

// Chinese and Japanese share most of their characters with each other and with Korean Hanja, in other
// shapes: text in those languages takes the faces found for its language, never the Hangul fallback.
bool han_language(std::string_view lang) { return lang.substr(0, 2) == "zh" || lang.substr(0, 2) == "ja"; }

}  // namespace

int Fonts::face_for_cluster(int preferred, std::string_view cluster, std::string_view lang) const {
  if (has_all(metrics, preferred, cluster)) return preferred;
  if (han_language(lang)) {
    for (int f : metrics.faces_found_for(lang))
      if (has_all(metrics, f, cluster)) return f;
  } else {
    for (int f : set.fallbacks_for(preferred))
      if (has_all(metrics, f, cluster)) return f;
  }
  int found = han_language(lang) ? 0 : int(set.faces.size() + metrics.found_faces().size());
  for (int f = int(set.faces.size()); f < found; ++f)
    if (has_all(metrics, f, cluster)) return f;
  for (std::size_t i = 0; i < cluster.size();) {
    char32_t c = next_char(cluster, i);
    if (is_invisible_format(c)) continue;
    int f = metrics.find_face(c, lang, preferred);
    return f >= 0 && has_all(metrics, f, cluster) ? f : -1;
  }
  return preferred;  // nothing visible
}

std::vector<FontFace> Fonts::faces() const {
  std::vector<FontFace> all = set.faces;
  auto found = metrics.found_faces();
  all.insert(all.end(), found.begin(), found.end());
  return all;
}

std::vector<Glyph> Fonts::shape(int face, double size, std::string_view text, std::uint32_t script, bool rtl,
                                std::string_view lang) const {
  ShapeRequest request;
  request.script = script;
  request.rtl = rtl;
  request.lang = lang;
  request.kerning = kerning;
  std::vector<Glyph> out;
  auto shaped = metrics.shape(face, text, request);
  out.reserve(shaped.size());
  for (const ShapedGlyph& g : shaped)
    out.push_back({g.id, g.cluster, float(g.advance * size), float(g.dx * size), float(g.dy * size)});
  return out;
}

double Fonts::width(int face, double size, std::string_view text) const { return advance_of(shape(face, size, text)); }

GlyphRun Fonts::run(double x, double y, int face, double size, std::string text, Color color) const {
  auto glyphs = shape(face, size, text);
  return run(x, y, face, size, std::move(text), color, std::move(glyphs));
}

GlyphRun Fonts::run(double x, double y, int face, double size, std::string text, Color color,
                    std::vector<Glyph> glyphs) const {
  GlyphRun r;
  r.x = x;
  r.y = y;
  r.face = face;
  r.size = size;
  r.text = std::move(text);
  r.color = color;
  r.glyphs = std::move(glyphs);
  return r;
}

double advance_of(const std::vector<Glyph>& glyphs) {
  double sum = 0;
  for (const Glyph& g : glyphs) sum += g.advance;
  return sum;
}

}  // namespace quire::layout

namespace quire::layout {

std::vector<ShapedGlyph> FontMetrics::shape(int face, std::string_view text, const ShapeRequest& request) const {
  std::vector<ShapedGlyph> out;
  for (std::size_t i = 0; i < text.size();) {
    auto at = static_cast<std::uint32_t>(i);
    char32_t c = next_char(text, i);
    out.push_back({static_cast<std::uint32_t>(c), at, advance(face, c)});
  }
  if (request.rtl) std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace quire::layout
