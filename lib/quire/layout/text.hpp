#pragma once
// Characters and faces: the per-character choice of a face (with fallbacks).
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
  // Width in points of `text` set in one face, kerned.
  double width(int face, double size, std::string_view text) const;
  // The kerning of `text` in points (none when kerning is off).
  std::vector<Kern> kerns(int face, double size, std::string_view text) const;
};

}  // namespace quire::layout
