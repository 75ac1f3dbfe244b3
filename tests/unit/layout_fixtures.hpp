#pragma once
// Shared by the layout, pagination and letter tests.
#include <string>

#include "quire/layout/metrics.hpp"

namespace quire::test {

// Thirteen made-up faces: 0–3 serif (regular, bold, italic, bold italic), 4–7 sans, 8–11 mono, and
// 12 the fallback for every family. With FixedMetrics, positions can be computed by hand.
inline layout::FontSet thirteen_faces() {
  layout::FontSet set;
  for (int i = 0; i < 13; ++i) set.faces.push_back(layout::FontFace{"face" + std::to_string(i) + ".ttf", 0});
  for (int family = 0; family < 3; ++family)
    for (int bold = 0; bold < 2; ++bold)
      for (int italic = 0; italic < 2; ++italic) set.primary[family][bold][italic] = family * 4 + bold + italic * 2;
  set.fallbacks = {12};
  return set;
}

}  // namespace quire::test
