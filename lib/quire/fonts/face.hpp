#pragma once
// One TrueType face as the PDF backend embeds it: the numbers of its font descriptor, its glyphs'
// advances (hmtx) and its cmap, read with FreeType. The PDF's /W widths and the text operators'
// adjustments are computed from these advances, so both agree by construction.
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "quire/layout/pages.hpp"

namespace quire::fonts {

// What a PDF FontDescriptor says about a face, in thousandths of an em (PDF glyph space).
struct FaceDescriptor {
  std::array<double, 4> bbox{};    // xMin yMin xMax yMax (head)
  double ascent = 0, descent = 0;  // hhea (descent negative)
  double cap_height = 0;           // OS/2 sCapHeight, else the ascent
  double italic_angle = 0;         // degrees (post)
  double stem_v = 0;               // estimated from the OS/2 weight class: TrueType does not record it
  int flags = 0;                   // PDF font flags: FixedPitch, Serif, Symbolic, Italic
};

class FaceInfo {
 public:
  // Opens `face` (checked with check_truetype first). Throws Error(Input) naming the file when it is
  // not a TrueType font or its licence forbids embedding (OS/2 fsType "restricted").
  explicit FaceInfo(const layout::FontFace& face);
  ~FaceInfo();
  FaceInfo(const FaceInfo&) = delete;
  FaceInfo& operator=(const FaceInfo&) = delete;

  const layout::FontFace& face() const { return face_; }
  // The PostScript name ("LiberationSerif"); "Font" when the face has none.
  const std::string& postscript_name() const { return postscript_name_; }
  unsigned units_per_em() const { return units_per_em_; }
  std::uint32_t glyph_count() const { return glyph_count_; }
  const FaceDescriptor& descriptor() const { return descriptor_; }

  // The glyph's advance in font units (0 for a glyph id past the face's glyphs).
  std::uint32_t advance_units(std::uint32_t glyph) const;
  // The glyph's advance in em.
  double advance(std::uint32_t glyph) const { return advance_units(glyph) / double(units_per_em_); }
  // The glyph the cmap gives for `c` (0, .notdef, when the face lacks it). Any plane, not just the BMP.
  std::uint32_t glyph_of(char32_t c) const;

 private:
  struct Ft;
  std::unique_ptr<Ft> ft_;
  layout::FontFace face_;
  std::string postscript_name_;
  unsigned units_per_em_ = 1000;
  std::uint32_t glyph_count_ = 0;
  FaceDescriptor descriptor_;
};

// The face opened as FaceInfo does, kept for the run: a mail merge written one file per letter opens
// each face once, not once per letter. The kKeptFaces used last are kept. Per thread (FreeType faces
// are not shared between threads); throws as FaceInfo does.
std::shared_ptr<const FaceInfo> face_info(const layout::FontFace& face);
inline constexpr std::size_t kKeptFaces = 16;

}  // namespace quire::fonts
