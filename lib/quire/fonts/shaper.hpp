#pragma once
// Shaping with HarfBuzz: the glyphs a face draws for a run of text, with their advances and offsets
// (kerning, ligatures, contextual forms, mark placement, reordering), behind layout's FontMetrics.
#include <memory>
#include <string_view>
#include <vector>

#include "quire/layout/metrics.hpp"

namespace quire::fonts {

class Shaper {
 public:
  explicit Shaper(std::vector<layout::FontFace> faces);
  ~Shaper();
  Shaper(const Shaper&) = delete;
  Shaper& operator=(const Shaper&) = delete;

  // `text` shaped in faces[face] as `request` says (FontMetrics::shape). Cached per (face, request,
  // text); a face is read on first use. A face HarfBuzz cannot read shapes to nothing. Not thread-safe.
  const std::vector<layout::ShapedGlyph>& shape(int face, std::string_view text,
                                                const layout::ShapeRequest& request) const;
  // Adds a face after the others (a fallback found while laying out).
  void add(const layout::FontFace& face);

 private:
  struct Face;
  Face& face(int index) const;

  std::vector<layout::FontFace> faces_;
  mutable std::vector<std::unique_ptr<Face>> loaded_;
  mutable std::string key_;  // the last lookup's cache key
};

}  // namespace quire::fonts
