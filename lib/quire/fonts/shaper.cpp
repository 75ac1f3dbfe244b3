#include "quire/fonts/shaper.hpp"

#include <string>
#include <unordered_map>

#include "quire/fonts/hb.hpp"

namespace quire::fonts {

namespace {

// Distinct texts kept per face: a document's vocabulary fits easily; a hostile one (millions of
// distinct words) only costs shaping again after the cache is emptied.
constexpr std::size_t kMaxCached = 200'000;

hb_feature_t feature(const char* name) {
  hb_feature_t f{};
  hb_feature_from_string(name, -1, &f);
  return f;
}

// The features that differ from HarfBuzz's defaults for a request.
std::vector<hb_feature_t> features(const layout::ShapeRequest& r) {
  std::vector<hb_feature_t> out;
  if (!r.kerning) out.push_back(feature("-kern"));
  if (!r.substitutions)
    for (const char* name : {"-liga", "-clig", "-calt", "-rlig", "-ccmp", "-locl", "-init", "-medi", "-fina", "-isol"})
      out.push_back(feature(name));
  return out;
}

// The cache key: the request's flags, script, language and the text, written into `k` (reused, so
// that a lookup costs no allocation).
void key(std::string& k, std::string_view text, const layout::ShapeRequest& r) {
  k.clear();
  k += char('0' + (r.rtl ? 1 : 0) + (r.kerning ? 2 : 0) + (r.substitutions ? 4 : 0));
  for (int shift = 24; shift >= 0; shift -= 8) k += char((r.script >> shift) & 0xFF);
  k += r.lang;
  k += '\0';
  k += text;
}

}  // namespace

struct Shaper::Face {
  hb::Font font;
  hb::Buffer buffer;
  double upem = 1000;
  std::unordered_map<std::string, std::vector<layout::ShapedGlyph>> cache;

  explicit Face(const layout::FontFace& f) {
    buffer.reset(hb_buffer_create());
    hb::Blob blob(hb_blob_create_from_file_or_fail(f.path.c_str()));
    if (!blob || f.index < 0 || unsigned(f.index) >= hb_face_count(blob.get())) return;  // metrics checked the file
    hb::Face face(hb_face_create(blob.get(), unsigned(f.index)));
    upem = hb_face_get_upem(face.get());
    font.reset(hb_font_create(face.get()));
    hb_font_set_scale(font.get(), int(upem), int(upem));  // positions in font units
  }

  std::vector<layout::ShapedGlyph> shape(std::string_view text, const layout::ShapeRequest& r) {
    std::vector<layout::ShapedGlyph> out;
    if (!font || text.empty()) return out;
    hb_buffer_t* buf = buffer.get();
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, text.data(), int(text.size()), 0, int(text.size()));
    hb_buffer_set_direction(buf, r.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    if (r.script != 0) hb_buffer_set_script(buf, hb_script_from_iso15924_tag(r.script));
    if (!r.lang.empty()) hb_buffer_set_language(buf, hb_language_from_string(r.lang.data(), int(r.lang.size())));
    hb_buffer_guess_segment_properties(buf);
    auto list = features(r);
    hb_shape(font.get(), buf, list.data(), unsigned(list.size()));
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &count);
    out.reserve(count);
    for (unsigned g = 0; g < count; ++g) {
      layout::ShapedGlyph s;
      s.id = info[g].codepoint;
      s.cluster = info[g].cluster;
      s.advance = pos[g].x_advance / upem;
      s.dx = pos[g].x_offset / upem;
      s.dy = pos[g].y_offset / upem;
      s.unsafe_to_break = (hb_glyph_info_get_glyph_flags(&info[g]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0;
      out.push_back(s);
    }
    return out;
  }
};

Shaper::Shaper(std::vector<layout::FontFace> faces) : faces_(std::move(faces)), loaded_(faces_.size()) {}
Shaper::~Shaper() = default;

void Shaper::add(const layout::FontFace& face) {
  faces_.push_back(face);
  loaded_.emplace_back();
}

Shaper::Face& Shaper::face(int index) const {
  auto& f = loaded_.at(std::size_t(index));
  if (!f) f = std::make_unique<Face>(faces_[std::size_t(index)]);
  return *f;
}

const std::vector<layout::ShapedGlyph>& Shaper::shape(int index, std::string_view text,
                                                      const layout::ShapeRequest& request) const {
  Face& f = face(index);
  key(key_, text, request);
  auto it = f.cache.find(key_);
  if (it != f.cache.end()) return it->second;
  if (f.cache.size() >= kMaxCached) f.cache.clear();
  return f.cache.emplace(key_, f.shape(text, request)).first->second;
}

}  // namespace quire::fonts
