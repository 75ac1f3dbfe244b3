#pragma once
// What layout needs to know about fonts and images, and nothing more: the seam that keeps layout
// independent of FreeType, libharu and image decoders (tests use FixedMetrics).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quire/layout/pages.hpp"
#include "quire/model/source_pos.hpp"

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
  // Faces named for one script (`fonts: {arabic: …}`): that script's text takes them before the
  // family's own face. -1 where none is named for a family.
  struct ScriptFaces {
    std::uint32_t script = 0;  // ISO 15924 tag packed like HB_TAG
    int primary[3][2][2] = {{{-1, -1}, {-1, -1}}, {{-1, -1}, {-1, -1}}, {{-1, -1}, {-1, -1}}};
  };
  std::vector<ScriptFaces> script_faces;

  int face(Family family, bool bold, bool italic) const {
    return primary[static_cast<int>(family)][bold ? 1 : 0][italic ? 1 : 0];
  }
  // The face for text of `script` in that family and style: the one named for the script, else face().
  int face(Family family, bool bold, bool italic, std::uint32_t script) const {
    for (const ScriptFaces& s : script_faces) {
      int f = s.primary[static_cast<int>(family)][bold ? 1 : 0][italic ? 1 : 0];
      if (s.script == script && f >= 0) return f;
    }
    return face(family, bold, italic);
  }
  const std::vector<int>& fallbacks_for(int face_index) const {
    auto i = static_cast<std::size_t>(face_index);
    return i < face_fallbacks.size() && !face_fallbacks[i].empty() ? face_fallbacks[i] : fallbacks;
  }
};

// How a run of text is to be shaped: one script, one direction, one language.
struct ShapeRequest {
  std::uint32_t script = 0;  // ISO 15924 tag packed like HB_TAG ('Arab'), 0: guessed from the text
  bool rtl = false;
  std::string_view lang;      // BCP 47 ("fa", "ja"), empty: none
  bool kerning = true;        // the face's pair adjustments (kern / GPOS)
  bool substitutions = true;  // ligatures, contextual and positional forms; off: each character's own glyph
  bool operator==(const ShapeRequest&) const = default;
};

// One glyph as the shaper placed it; lengths in em (multiply by the font size).
struct ShapedGlyph {
  std::uint32_t id = 0;
  std::uint32_t cluster = 0;  // byte offset into the shaped text where this glyph's cluster starts
  double advance = 0, dx = 0, dy = 0;
  bool unsafe_to_break = false;  // cutting the text at this glyph's cluster would change the shaping
  bool operator==(const ShapedGlyph&) const = default;
};

class FontMetrics {
 public:
  virtual ~FontMetrics() = default;
  virtual bool has_glyph(int face, char32_t c) const = 0;
  virtual double advance(int face, char32_t c) const = 0;  // in em: multiply by the font size
  virtual double ascent(int face) const = 0;               // em, above the baseline
  virtual double descent(int face) const = 0;              // em, below the baseline (positive)
  // `text` shaped in one face: glyphs in visual order (left to right; for `rtl`, clusters decrease).
  // By default each character is its own glyph (id = the code point) at advance().
  virtual std::vector<ShapedGlyph> shape(int face, std::string_view text, const ShapeRequest& request) const;
  // A face beyond the font set that has `c`: the system's choice for text in `lang`, in the style of
  // face `like`, added for good (its index follows the set's faces and those found before); -1 when no
  // usable font has `c`. None by default.
  virtual int find_face(char32_t, std::string_view /*lang*/, int /*like*/) const { return -1; }
  // The faces find_face() added, in the order of their indices.
  virtual std::vector<FontFace> found_faces() const { return {}; }
  // The indices of the faces find_face() returned for text in `lang`, in the order found.
  virtual std::vector<int> faces_found_for(std::string_view /*lang*/) const { return {}; }
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
  double width = 0, height = 0;  // pixels (a vector figure: points, at 72 dpi)
  double dpi = 72;               // from the file, 72 when it says nothing
  int page = 0;                  // a vector figure's page (1-based, image/figure.hpp); 0 for raster images

  // The natural size in points (a dpi of 0 counts as 72).
  double width_pt() const { return width * 72 / (dpi > 0 ? dpi : 72); }
  double height_pt() const { return height * 72 / (dpi > 0 ? dpi : 72); }
};

// Finds and checks images before layout sizes them. Returns nullopt (after reporting why, at `at`) for
// an image that is missing or cannot be decoded safely; layout then leaves it out with its caption.
class ImageProbe {
 public:
  virtual ~ImageProbe() = default;
  // `url` as written in the document, resolved relative to the directory of `source_file`
  // (the file the image was written in; empty: the current directory); `at` is where it was written.
  virtual std::optional<ImageSize> probe(const std::string& url, const std::string& source_file,
                                         const model::SourcePos& at) const = 0;
};

}  // namespace quire::layout
