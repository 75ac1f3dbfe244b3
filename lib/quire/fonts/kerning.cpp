#include "quire/fonts/kerning.hpp"

#include <string>
#include <unordered_map>

#include "quire/fonts/hb.hpp"

namespace quire::fonts {

namespace {

// Distinct words kept per face: a document's vocabulary fits easily; a hostile one (millions of
// distinct words) only costs shaping again after the cache is emptied.
constexpr std::size_t kMaxCached = 200'000;

// Kerning on; everything that swaps glyphs off, since libharu draws each character's nominal glyph.
const std::vector<hb_feature_t>& features() {
  static const std::vector<hb_feature_t> list = [] {
    std::vector<hb_feature_t> out;
    for (const char* name : {"kern", "-liga", "-clig", "-calt", "-dlig", "-rlig", "-ccmp", "-locl"}) {
      hb_feature_t f;
      if (hb_feature_from_string(name, -1, &f)) out.push_back(f);
    }
    return out;
  }();
  return list;
}

bool has_table(hb_face_t* face, hb_tag_t tag) {
  hb::Blob table(hb_face_reference_table(face, tag));
  return hb_blob_get_length(table.get()) > 0;
}

}  // namespace

struct Kerning::Shaper {
  hb::Font font;
  hb::Buffer buffer;
  double upem = 1000;
  bool kerns = false;  // the face has GPOS or kern at all
  std::unordered_map<std::string, std::vector<layout::Kern>> cache;

  explicit Shaper(const layout::FontFace& f) {
    hb::Blob blob(hb_blob_create_from_file_or_fail(f.path.c_str()));
    if (!blob || f.index < 0 || unsigned(f.index) >= hb_face_count(blob.get())) return;  // metrics checked the file
    hb::Face face(hb_face_create(blob.get(), unsigned(f.index)));
    upem = hb_face_get_upem(face.get());
    kerns = has_table(face.get(), HB_TAG('G', 'P', 'O', 'S')) || has_table(face.get(), HB_TAG('k', 'e', 'r', 'n'));
    font.reset(hb_font_create(face.get()));
    hb_font_set_scale(font.get(), int(upem), int(upem));  // positions in font units
    buffer.reset(hb_buffer_create());
  }

  std::vector<layout::Kern> shape(std::string_view text) {
    hb_buffer_t* buf = buffer.get();
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, text.data(), int(text.size()), 0, int(text.size()));
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_guess_segment_properties(buf);
    unsigned count = 0;
    const hb_glyph_info_t* chars = hb_buffer_get_glyph_infos(buf, &count);  // before shaping: characters
    std::vector<hb_glyph_info_t> before(chars, chars + count);
    hb_shape(font.get(), buf, features().data(), unsigned(features().size()));
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
    if (count != before.size()) return {};
    std::vector<layout::Kern> out;
    for (unsigned g = 0; g < count; ++g) {
      // One glyph per character, each its character's own: otherwise the text is not kerned.
      hb_codepoint_t nominal = 0;
      if (info[g].cluster != before[g].cluster ||
          !hb_font_get_nominal_glyph(font.get(), before[g].codepoint, &nominal) || nominal != info[g].codepoint)
        return {};
      int dx = pos[g].x_advance - hb_font_get_glyph_h_advance(font.get(), info[g].codepoint);
      if (dx != 0 && g + 1 < count) out.push_back({before[g + 1].cluster, dx / upem});  // before the next character
    }
    return out;
  }
};

Kerning::Kerning(std::vector<layout::FontFace> faces) : faces_(std::move(faces)), shapers_(faces_.size()) {}
Kerning::~Kerning() = default;

Kerning::Shaper& Kerning::shaper(int face) const {
  auto& s = shapers_.at(std::size_t(face));
  if (!s) s = std::make_unique<Shaper>(faces_[std::size_t(face)]);
  return *s;
}

std::vector<layout::Kern> Kerning::of(int face, std::string_view text) const {
  Shaper& s = shaper(face);
  if (!s.kerns || !s.font) return {};
  std::string key(text);
  auto it = s.cache.find(key);
  if (it != s.cache.end()) return it->second;
  if (s.cache.size() >= kMaxCached) s.cache.clear();
  return s.cache.emplace(std::move(key), s.shape(text)).first->second;
}

}  // namespace quire::fonts
