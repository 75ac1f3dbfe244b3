#include "quire/layout/text.hpp"

namespace quire::layout {

char32_t next_char(std::string_view s, std::size_t& i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xE ? 2 : (b >> 3) == 0x1E ? 3 : -1;
  ++i;
  if (extra == 0) return b;
  if (extra < 0 || i + extra > s.size()) return U'\uFFFD';
  --i;
  char32_t c = b & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return U'\uFFFD';
    }
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  i += extra + 1;
  return c;
}

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
  return em * size;
}

}  // namespace quire::layout
