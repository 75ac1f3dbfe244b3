#include "quire/layout/text.hpp"

namespace quire::layout {

int Fonts::face_for(int preferred, char32_t c) const {
  if (metrics.has_glyph(preferred, c)) return preferred;
  for (int f : set.fallbacks_for(preferred))
    if (metrics.has_glyph(f, c)) return f;
  return preferred;
}

bool Fonts::covers(int preferred, char32_t c) const { return metrics.has_glyph(face_for(preferred, c), c); }

double Fonts::width(int face, double size, std::string_view text) const {
  double em = 0;
  for (std::size_t i = 0; i < text.size();) em += metrics.advance(face, next_char(text, i));
  double kerned = em * size;
  for (const Kern& k : kerns(face, size, text)) kerned += k.dx;
  return kerned;
}

std::vector<Kern> Fonts::kerns(int face, double size, std::string_view text) const {
  if (!kerning || text.size() < 2) return {};
  auto out = metrics.kerning(face, text);
  for (Kern& k : out) k.dx *= size;
  return out;
}

}  // namespace quire::layout
