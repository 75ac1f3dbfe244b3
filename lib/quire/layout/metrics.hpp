#pragma once
// What layout needs to know about fonts and images, and nothing more: the seam that keeps layout
// independent of FreeType, libharu and image decoders (tests use FixedMetrics).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quire/layout/pages.hpp"

namespace quire::layout {

enum class Family { Serif, Sans, Mono };

// The faces a document may use: one per (family, bold, italic), plus fallbacks tried in order for
// characters the chosen face lacks (e.g. Hangul). Indices refer to `faces`.
struct FontSet {
  std::vector<FontFace> faces;
  int primary[3][2][2] = {};  // [family][bold][italic] -> face index
  std::vector<int> fallbacks;
  // Optional per-face chains (indexed like `faces`), so serif text falls back to a serif Hangul face
  // and sans text to a sans one; an empty or missing entry means `fallbacks`.
  std::vector<std::vector<int>> face_fallbacks;

  int face(Family family, bool bold, bool italic) const {
    return primary[static_cast<int>(family)][bold ? 1 : 0][italic ? 1 : 0];
  }
  const std::vector<int>& fallbacks_for(int face_index) const {
    auto i = static_cast<std::size_t>(face_index);
    return i < face_fallbacks.size() && !face_fallbacks[i].empty() ? face_fallbacks[i] : fallbacks;
  }
};

class FontMetrics {
 public:
  virtual ~FontMetrics() = default;
  virtual bool has_glyph(int face, char32_t c) const = 0;
  virtual double advance(int face, char32_t c) const = 0;  // in em: multiply by the font size
  virtual double ascent(int face) const = 0;               // em, above the baseline
  virtual double descent(int face) const = 0;              // em, below the baseline (positive)
  // The kerning of `text` set in one face (em), where the face's tables have pairs for it; none by default.
  virtual std::vector<Kern> kerning(int, std::string_view) const { return {}; }
};

// Every glyph 0.5 em wide, ascent 0.8, descent 0.2, every character covered: deterministic layout tests.
class FixedMetrics : public FontMetrics {
 public:
  bool has_glyph(int, char32_t) const override { return true; }
  double advance(int, char32_t) const override { return 0.5; }
  double ascent(int) const override { return 0.8; }
  double descent(int) const override { return 0.2; }
};

struct ImageSize {
  std::string path;              // the resolved file the backend embeds
  double width = 0, height = 0;  // pixels
  double dpi = 72;               // from the file, 72 when it says nothing

  // The natural size in points (a dpi of 0 counts as 72).
  double width_pt() const { return width * 72 / (dpi > 0 ? dpi : 72); }
  double height_pt() const { return height * 72 / (dpi > 0 ? dpi : 72); }
};

// Finds and checks images before layout sizes them. Returns nullopt (after reporting why) for an image
// that is missing or cannot be decoded safely; layout then leaves it out with its caption.
class ImageProbe {
 public:
  virtual ~ImageProbe() = default;
  // `url` as written in the document, resolved relative to the directory of `source_file`
  // (the file the image was written in; empty: the current directory).
  virtual std::optional<ImageSize> probe(const std::string& url, const std::string& source_file) const = 0;
};

}  // namespace quire::layout
