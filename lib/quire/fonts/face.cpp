#include "quire/fonts/face.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H

#include <cmath>
#include <list>

#include "quire/diag/diagnostic.hpp"
#include "quire/fonts/fonts.hpp"

namespace quire::fonts {

struct FaceInfo::Ft {
  FT_Library lib = nullptr;
  FT_Face face = nullptr;
  ~Ft() {
    if (face) FT_Done_Face(face);
    if (lib) FT_Done_FreeType(lib);
  }
};

namespace {

// PDF font flags (PDF 32000-1, 9.8.2).
constexpr int kFixedPitch = 1, kSerif = 2, kSymbolic = 4, kItalic = 64;

// OS/2 sFamilyClass: classes 1–5 and 7 are serif designs (oldstyle … slab, freeform).
bool serif_class(const TT_OS2* os2) {
  int family = (os2->sFamilyClass >> 8) & 0xFF;
  return (family >= 1 && family <= 5) || family == 7;
}

FaceDescriptor describe(FT_Face f) {
  double scale = 1000.0 / f->units_per_EM;
  FaceDescriptor d;
  d.bbox = {f->bbox.xMin * scale, f->bbox.yMin * scale, f->bbox.xMax * scale, f->bbox.yMax * scale};
  d.ascent = f->ascender * scale;
  d.descent = f->descender * scale;
  d.cap_height = d.ascent;
  int weight = 400;
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(f, FT_SFNT_OS2));
  if (os2 && os2->version != 0xFFFF) {
    if (os2->version >= 2 && os2->sCapHeight > 0) d.cap_height = os2->sCapHeight * scale;
    if (os2->usWeightClass >= 100 && os2->usWeightClass <= 900) weight = os2->usWeightClass;
    if (serif_class(os2)) d.flags |= kSerif;
  }
  // A common estimate (no TrueType table records stem widths): 400 → 88, 700 → 166.
  d.stem_v = std::round(50 + (weight / 65.0) * (weight / 65.0));
  const auto* post = static_cast<const TT_Postscript*>(FT_Get_Sfnt_Table(f, FT_SFNT_POST));
  if (post) {
    d.italic_angle = post->italicAngle / 65536.0;
    if (post->isFixedPitch) d.flags |= kFixedPitch;
  }
  // Symbolic: the glyphs are addressed by id, not through a standard Latin encoding.
  d.flags |= kSymbolic;
  if (d.italic_angle != 0 || (f->style_flags & FT_STYLE_FLAG_ITALIC)) d.flags |= kItalic;
  return d;
}

}  // namespace

FaceInfo::FaceInfo(const layout::FontFace& face) : ft_(std::make_unique<Ft>()), face_(face) {
  check_truetype(face);  // a glyf font whose tables lie inside the file
  if (FT_Init_FreeType(&ft_->lib) != 0) throw Error(ErrorKind::Io, "cannot initialise FreeType");
  if (FT_New_Face(ft_->lib, face.path.c_str(), face.index, &ft_->face) != 0)
    throw Error(ErrorKind::Input, SourcePos{face.path, 0, 0}, "not a TrueType font: FreeType cannot read it");
  FT_Face f = ft_->face;
  const auto* os2 = static_cast<const TT_OS2*>(FT_Get_Sfnt_Table(f, FT_SFNT_OS2));
  // fsType 2 alone: "restricted license embedding", the font must not leave the machine.
  if (os2 && os2->version != 0xFFFF && (os2->fsType & 0x000F) == 0x0002)
    throw Error(ErrorKind::Input, SourcePos{face.path, 0, 0}, "the font's licence forbids embedding it");
  const char* name = FT_Get_Postscript_Name(f);
  postscript_name_ = name && *name ? name : "Font";
  units_per_em_ = f->units_per_EM;
  glyph_count_ = static_cast<std::uint32_t>(f->num_glyphs);
  descriptor_ = describe(f);
}

FaceInfo::~FaceInfo() = default;

std::uint32_t FaceInfo::advance_units(std::uint32_t glyph) const {
  if (glyph >= glyph_count_) return 0;
  FT_Fixed units = 0;
  if (FT_Get_Advance(ft_->face, glyph, FT_LOAD_NO_SCALE, &units) != 0) return 0;
  return static_cast<std::uint32_t>(units);
}

std::uint32_t FaceInfo::glyph_of(char32_t c) const { return FT_Get_Char_Index(ft_->face, c); }

std::shared_ptr<const FaceInfo> face_info(const layout::FontFace& face) {
  thread_local std::list<std::shared_ptr<const FaceInfo>> kept;  // most recently used first
  for (auto it = kept.begin(); it != kept.end(); ++it) {
    if ((*it)->face() != face) continue;
    kept.splice(kept.begin(), kept, it);
    return kept.front();
  }
  auto made = std::make_shared<const FaceInfo>(face);
  kept.push_front(made);
  if (kept.size() > kKeptFaces) kept.pop_back();
  return made;
}

}  // namespace quire::fonts
