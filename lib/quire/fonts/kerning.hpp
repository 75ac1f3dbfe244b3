#pragma once
// Kerning from a face's own tables (GPOS pair positioning, or the old `kern` table), found by shaping
// with HarfBuzz: libharu neither kerns nor shapes, so layout places kerned pieces itself.
#include <memory>
#include <string_view>
#include <vector>

#include "quire/layout/pages.hpp"

namespace quire::fonts {

class Kerning {
 public:
  explicit Kerning(std::vector<layout::FontFace> faces);
  ~Kerning();
  Kerning(const Kerning&) = delete;
  Kerning& operator=(const Kerning&) = delete;

  // The kerning of `text` set in faces[face], in em. Empty when the face has no kerning tables or no
  // pair in the text, and when shaping would change glyphs (ligatures and contextual forms are off;
  // a text whose shaped glyphs are not its characters' own is set unkerned). Cached per (face, text);
  // a face is read on first use. Not thread-safe.
  std::vector<layout::Kern> of(int face, std::string_view text) const;

 private:
  struct Shaper;
  Shaper& shaper(int face) const;

  std::vector<layout::FontFace> faces_;
  mutable std::vector<std::unique_ptr<Shaper>> shapers_;
};

}  // namespace quire::fonts
