#include "quire/fonts/fonts.hpp"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_ADVANCES_H
#include FT_TRUETYPE_TABLES_H
#include FT_TRUETYPE_TAGS_H

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <tuple>
#include <unordered_map>

#include "quire/fonts/shaper.hpp"
#include "quire/io/file.hpp"
#include "quire/text/script.hpp"

namespace quire::fonts {

using layout::Family;
using layout::FontFace;
using layout::FontSet;

namespace {

// ---- FreeType ------------------------------------------------------------------------------------

struct FtLibrary {
  FT_Library lib = nullptr;
  FtLibrary() {
    if (FT_Init_FreeType(&lib) != 0) throw Error(ErrorKind::Io, "cannot initialise FreeType");
  }
  ~FtLibrary() { FT_Done_FreeType(lib); }
  FtLibrary(const FtLibrary&) = delete;
  FtLibrary& operator=(const FtLibrary&) = delete;
};

struct FtFace {
  FT_Face face = nullptr;
  FtFace() = default;
  FtFace(FtFace&& o) noexcept : face(o.face) { o.face = nullptr; }
  FtFace(const FtFace&) = delete;
  ~FtFace() {
    if (face) FT_Done_Face(face);
  }
};

[[noreturn]] void not_truetype(const FontFace& f, const std::string& why) {
  throw Error(ErrorKind::Input, SourcePos{f.path, 0, 0}, "not a TrueType font: " + why);
}

std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Readers of the font (FreeType, HarfBuzz's subsetter, PDF viewers of the embedded subset) trust the
// table directory (libharu, which once read the fonts itself, crashed on short files): every table of
// the face must lie inside the file.
void check_table_bounds(const FontFace& f) {
  std::ifstream in(f.path, std::ios::binary);
  std::error_code ec;
  auto size = std::filesystem::file_size(f.path, ec);
  unsigned char head[12] = {};
  auto read_at = [&](std::uint64_t at, unsigned char* buf, std::size_t n) {
    in.seekg(static_cast<std::streamoff>(at));
    if (ec || at + n > size || !in.read(reinterpret_cast<char*>(buf), static_cast<std::streamsize>(n)))
      not_truetype(f, "the file is truncated or corrupt");
  };
  std::uint64_t dir = 0;
  read_at(0, head, 12);
  if (std::memcmp(head, "ttcf", 4) == 0) {
    if (f.index < 0 || std::uint32_t(f.index) >= be32(head + 8)) not_truetype(f, "no such face in the collection");
    unsigned char off[4];
    read_at(12 + 4 * std::uint64_t(f.index), off, 4);
    dir = be32(off);
    read_at(dir, head, 12);
  }
  unsigned tables = (unsigned(head[4]) << 8) | head[5];
  std::vector<unsigned char> records(16 * std::size_t(tables));
  read_at(dir + 12, records.data(), records.size());
  for (unsigned i = 0; i < tables; ++i) {
    const unsigned char* r = records.data() + 16 * i;
    if (std::uint64_t(be32(r + 8)) + be32(r + 12) > size) not_truetype(f, "the file is truncated or corrupt");
  }
}

// Opens `f` and checks what the PDF backend embeds: a face FreeType reads, with glyf outlines, inside the file.
FtFace open_checked(FT_Library lib, const FontFace& f) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(f.path, ec))
    throw Error(ErrorKind::Io, SourcePos{f.path, 0, 0}, "font file does not exist");
  FtFace face;
  if (FT_New_Face(lib, f.path.c_str(), f.index, &face.face) != 0)
    not_truetype(f, "FreeType cannot read it (truncated or not a font)");
  if (!FT_IS_SFNT(face.face)) not_truetype(f, "it is not an sfnt (TrueType/OpenType) font");
  FT_ULong length = 0;
  if (FT_Load_Sfnt_Table(face.face, TTAG_glyf, 0, nullptr, &length) != 0 || length == 0)
    not_truetype(f, "it has no 'glyf' table (CFF/OpenType outlines cannot be embedded yet)");
  if (face.face->units_per_EM == 0) not_truetype(f, "its units per em is 0");
  check_table_bounds(f);
  return face;
}

// ---- fontconfig ----------------------------------------------------------------------------------

// Family names compare as fontconfig does: case and spaces do not matter.
std::string fold(const std::string& s) {
  std::string out;
  for (unsigned char c : s)
    if (c != ' ') out += static_cast<char>(std::tolower(c));
  return out;
}

FcConfig* fc_config() {
  // Loaded once per process: scanning the font directories is the slow part.
  static FcConfig* config = FcInitLoadConfigAndFonts();
  if (!config) throw Error(ErrorKind::Io, "cannot load the fontconfig configuration");
  return config;
}

struct FcPatternPtr {
  FcPattern* p = nullptr;
  ~FcPatternPtr() {
    if (p) FcPatternDestroy(p);
  }
};

bool looks_like_path(const std::string& s) {
  if (s.find('/') != std::string::npos) return true;
  auto ext = std::filesystem::path(s).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".ttf" || ext == ".ttc" || ext == ".otf" || ext == ".otc";
}

// The fonts fontconfig ranks for `c` in `lang`, nearest to `family` first (FcFontSort: the fonts that
// cover the character come first), as TrueType files that claim to have `c`.
std::vector<FontFace> system_fallbacks(char32_t c, std::string_view lang, const char* family, bool bold) {
  FcConfig* config = fc_config();
  FcPatternPtr pattern{FcPatternCreate()};
  if (family) FcPatternAddString(pattern.p, FC_FAMILY, reinterpret_cast<const FcChar8*>(family));
  FcCharSet* chars = FcCharSetCreate();
  FcCharSetAddChar(chars, c);
  FcPatternAddCharSet(pattern.p, FC_CHARSET, chars);
  FcCharSetDestroy(chars);
  std::string tag(lang);
  if (!tag.empty()) FcPatternAddString(pattern.p, FC_LANG, reinterpret_cast<const FcChar8*>(tag.c_str()));
  FcPatternAddInteger(pattern.p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddString(pattern.p, FC_FONTFORMAT, reinterpret_cast<const FcChar8*>("TrueType"));
  FcConfigSubstitute(config, pattern.p, FcMatchPattern);
  FcDefaultSubstitute(pattern.p);
  FcResult result = FcResultNoMatch;
  FcFontSet* sorted = FcFontSort(config, pattern.p, FcFalse, nullptr, &result);
  std::vector<FontFace> out;
  std::size_t made = 0;  // how many of `out` are made for `lang`
  for (int i = 0; sorted && i < sorted->nfont && out.size() < 8; ++i) {
    FcPattern* font = sorted->fonts[i];
    FcCharSet* has = nullptr;
    FcChar8 *file = nullptr, *format = nullptr;
    int index = 0;
    if (FcPatternGetCharSet(font, FC_CHARSET, 0, &has) != FcResultMatch || !FcCharSetHasChar(has, c)) continue;
    if (FcPatternGetString(font, FC_FONTFORMAT, 0, &format) != FcResultMatch ||
        std::strcmp(reinterpret_cast<const char*>(format), "TrueType") != 0)
      continue;
    if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch) continue;
    FcPatternGetInteger(font, FC_INDEX, 0, &index);
    // A font made for the language comes first: fontconfig ranks the family before the language,
    // so Japanese fonts would otherwise serve Chinese text (and mix shapes within a line).
    FcLangSet* langs = nullptr;
    bool made_for = !tag.empty() && FcPatternGetLangSet(font, FC_LANG, 0, &langs) == FcResultMatch &&
                    FcLangSetHasLang(langs, reinterpret_cast<const FcChar8*>(tag.c_str())) != FcLangDifferentLang;
    FontFace face{reinterpret_cast<const char*>(file), index};
    if (made_for)
      out.insert(out.begin() + std::ptrdiff_t(made), face), ++made;
    else
      out.push_back(face);
  }
  if (sorted) FcFontSetDestroy(sorted);
  return out;
}

// ---- building the set ----------------------------------------------------------------------------

struct Builder {
  FontSet set;
  std::map<std::pair<std::string, int>, int> index;

  int add(const FontFace& f) {
    auto [it, inserted] = index.emplace(std::make_pair(f.path, f.index), static_cast<int>(set.faces.size()));
    if (inserted) set.faces.push_back(f);
    return it->second;
  }
};

// A family from metadata (name or file) or the default name.
struct FamilyChoice {
  std::string value;
  SourcePos pos;
  bool from_meta = false;
};

FamilyChoice choose(const model::MetaValue& meta, const char* key, const char* fallback) {
  const model::MetaValue* v = meta.find(key);
  if (!v || !v->is_scalar() || v->as_text().empty()) return {fallback, {}, false};
  return {v->as_text(), v->pos, true};
}

FontFace resolve(const FamilyChoice& choice, const char* key, bool bold, bool italic, const io::Confinement& confine) {
  if (looks_like_path(choice.value)) {
    // A path is taken from the directory of the file that names it, and must stay inside the root.
    std::string path = io::resolve_relative(choice.value, choice.pos.file);
    confine.check(path, choice.pos, std::string(key) + ": font file");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      throw Error(ErrorKind::Io, choice.pos, std::string(key) + ": font file \"" + choice.value + "\" does not exist");
    return FontFace{path, 0};  // one file: used for every style
  }
  try {
    return find_font(choice.value, bold, italic);
  } catch (const Error& e) {
    if (choice.from_meta) throw Error(e.kind(), choice.pos, std::string(key) + ": " + e.what());
    throw;
  }
}

const char* const kFamilyKeys[] = {"main", "sans", "mono"};  // in Family's order

// `fonts: {arabic: "Noto Naskh Arabic", han: {main: "AR PL UMing TW", sans: …}}`: faces named for a
// script, for every family or for `main`, `sans` and `mono` apart. Each falls back to the family's face.
void add_script_fonts(Builder& b, std::vector<std::vector<int>>& chains, const model::MetaValue& meta,
                      const io::Confinement& confine) {
  const model::MetaValue* fonts = meta.find("fonts");
  if (!fonts || fonts->kind == model::MetaValue::Kind::Null) return;
  if (fonts->kind != model::MetaValue::Kind::Map)
    throw Error(ErrorKind::Input, fonts->pos,
                "fonts: want a map of script names to fonts, e.g. {arabic: \"Noto Naskh Arabic\"}");
  for (const auto& [name, value] : fonts->map) {
    std::uint32_t script = text::script_by_name(name);
    if (script == 0)
      throw Error(ErrorKind::Input, value.pos,
                  "fonts: \"" + name + "\" is not the name of a script (Arabic, Devanagari, Han, Hebrew, …)");
    layout::FontSet::ScriptFaces named;
    named.script = script;
    for (int fam = 0; fam < 3; ++fam) {
      const model::MetaValue* v = value.is_scalar() ? &value : value.find(kFamilyKeys[fam]);
      if (!v || !v->is_scalar() || v->as_text().empty()) continue;
      FamilyChoice choice{v->as_text(), v->pos, true};
      std::string key = "fonts." + name;
      for (int bold = 0; bold < 2; ++bold) {
        for (int italic = 0; italic < 2; ++italic) {
          int face = b.add(resolve(choice, key.c_str(), bold, italic, confine));
          int family_face = b.set.primary[fam][bold][italic];
          named.primary[fam][bold][italic] = face;
          chains.resize(b.set.faces.size());
          if (chains[face].empty() && face != family_face) {
            chains[face] = {family_face};
            chains[face].insert(chains[face].end(), chains[family_face].begin(), chains[family_face].end());
          }
        }
      }
    }
    for (const auto& [key, v] : value.map)
      if (std::find(std::begin(kFamilyKeys), std::end(kFamilyKeys), key) == std::end(kFamilyKeys))
        throw Error(ErrorKind::Input, v.pos, "fonts." + name + ": \"" + key + "\" is not main, sans or mono");
    b.set.script_faces.push_back(named);
  }
}

}  // namespace

FontFace find_font(const std::string& family, bool bold, bool italic) {
  FcConfig* config = fc_config();
  FcPatternPtr pattern{FcPatternCreate()};
  FcPatternAddString(pattern.p, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
  FcPatternAddInteger(pattern.p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
  FcPatternAddInteger(pattern.p, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  // The style name too: some fonts' files claim the same weight for Regular and Bold (Debian 12's
  // NotoSerifMyanmar-Bold.ttf says 80), and fontconfig would then pick either.
  const char* style = bold ? (italic ? "Bold Italic" : "Bold") : (italic ? "Italic" : "Regular");
  FcPatternAddString(pattern.p, FC_STYLE, reinterpret_cast<const FcChar8*>(style));
  FcPatternAddString(pattern.p, FC_FONTFORMAT, reinterpret_cast<const FcChar8*>("TrueType"));
  FcConfigSubstitute(config, pattern.p, FcMatchPattern);
  FcDefaultSubstitute(pattern.p);
  FcResult result = FcResultNoMatch;
  FcPatternPtr match{FcFontMatch(config, pattern.p, &result)};
  std::string got;
  bool same_family = false;
  FcChar8* value = nullptr;
  for (int i = 0; match.p && FcPatternGetString(match.p, FC_FAMILY, i, &value) == FcResultMatch; ++i) {
    std::string name = reinterpret_cast<const char*>(value);
    if (i == 0) got = name;
    if (fold(name) == fold(family)) same_family = true;
  }
  if (!same_family)
    throw Error(ErrorKind::Io,
                "font \"" + family + "\" not found: fontconfig was asked for it" +
                    (got.empty() ? std::string(" and found nothing") : " and offered \"" + got + "\" instead"));
  FcChar8* file = nullptr;
  int index = 0;
  if (FcPatternGetString(match.p, FC_FILE, 0, &file) != FcResultMatch)
    throw Error(ErrorKind::Io, "font \"" + family + "\": fontconfig gave no file for it");
  FcPatternGetInteger(match.p, FC_INDEX, 0, &index);
  return FontFace{reinterpret_cast<const char*>(file), index};
}

void check_truetype(const FontFace& face) {
  io::note_input(face.path);  // validate's checks and the faces a PDF embeds: fonts a run uses
  FtLibrary ft;
  open_checked(ft.lib, face);
}

FontSet default_font_set(const model::MetaValue& meta, const io::Confinement& confine) {
  struct FamilyDefault {
    Family family;
    const char* key;
    const char* name;
    const char* hangul;
  };
  const FamilyDefault families[] = {
      {Family::Serif, "mainfont", "Liberation Serif", "NanumMyeongjo"},
      {Family::Sans, "sansfont", "Liberation Sans", "NanumGothic"},
      {Family::Mono, "monofont", "Liberation Mono", "NanumGothicCoding"},
  };
  Builder b;
  std::vector<std::vector<int>> chains;  // per face, filled below
  for (const auto& fam : families) {
    FamilyChoice choice = choose(meta, fam.key, fam.name);
    for (int bold = 0; bold < 2; ++bold) {
      for (int italic = 0; italic < 2; ++italic) {
        int face = b.add(resolve(choice, fam.key, bold, italic, confine));
        b.set.primary[static_cast<int>(fam.family)][bold][italic] = face;
        // Nanum has no italics and DejaVu's obliques add nothing for symbols: upright fallbacks.
        int hangul = b.add(find_font(fam.hangul, bold, false));
        int symbols = b.add(find_font("DejaVu Sans", bold, false));
        if (chains.size() < b.set.faces.size()) chains.resize(b.set.faces.size());
        chains[face] = {hangul, symbols};
      }
    }
  }
  add_script_fonts(b, chains, meta, confine);
  chains.resize(b.set.faces.size());
  b.set.face_fallbacks = std::move(chains);
  b.set.fallbacks = b.set.face_fallbacks[b.set.face(Family::Serif, false, false)];
  FtLibrary ft;
  for (const auto& f : b.set.faces) open_checked(ft.lib, f);
  return std::move(b.set);
}

// ---- metrics -------------------------------------------------------------------------------------

namespace {

class FreeTypeMetrics : public layout::FontMetrics {
 public:
  explicit FreeTypeMetrics(const FontSet& fonts) : set_size_(fonts.faces.size()), shaper_(fonts.faces) {
    for (const auto& f : fonts.faces) open(f);
  }

  int find_face(char32_t c, std::string_view lang, int like) const override {
    auto key = std::make_tuple(c, std::string(lang), like);
    if (auto it = found_for_.find(key); it != found_for_.end()) return it->second;
    int found = -1;
    FT_Face model = faces_.at(static_cast<std::size_t>(like)).face;
    for (const FontFace& candidate :
         system_fallbacks(c, lang, model->family_name, (model->style_flags & FT_STYLE_FLAG_BOLD) != 0)) {
      auto known = std::find(found_.begin(), found_.end(), candidate);
      if (known != found_.end()) {
        found = int(set_size_ + std::size_t(known - found_.begin()));
        break;
      }
      try {
        open(candidate);
      } catch (const Error&) {
        continue;  // not a glyf TrueType font (CFF, bitmap colour emoji): cannot be embedded
      }
      if (FT_Get_Char_Index(faces_.back().face, c) == 0) {
        drop_last();
        continue;
      }
      shaper_.add(candidate);
      found_.push_back(candidate);
      found = int(faces_.size()) - 1;
      break;
    }
    found_for_.emplace(std::move(key), found);
    auto& for_lang = found_by_lang_[std::string(lang)];
    if (found >= 0 && std::find(for_lang.begin(), for_lang.end(), found) == for_lang.end()) for_lang.push_back(found);
    return found;
  }

  std::vector<int> faces_found_for(std::string_view lang) const override {
    auto it = found_by_lang_.find(std::string(lang));
    return it == found_by_lang_.end() ? std::vector<int>{} : it->second;
  }

  std::vector<FontFace> found_faces() const override { return found_; }

  bool has_glyph(int face, char32_t c) const override { return lookup(face, c).glyph != 0; }
  std::vector<layout::ShapedGlyph> shape(int face, std::string_view text,
                                         const layout::ShapeRequest& request) const override {
    return shaper_.shape(face, text, request);
  }
  double advance(int face, char32_t c) const override { return lookup(face, c).advance; }
  double ascent(int face) const override { return ascent_.at(static_cast<std::size_t>(face)); }
  double descent(int face) const override { return descent_.at(static_cast<std::size_t>(face)); }

 private:
  struct Glyph {
    FT_UInt glyph = 0;
    double advance = 0;
  };

  const Glyph& lookup(int face, char32_t c) const {
    if (c < 128) {  // most text: a table per face instead of hashing
      auto f = static_cast<std::size_t>(face);
      if (f >= ascii_.size()) ascii_.resize(f + 1);
      if (!ascii_[f]) {
        ascii_[f] = std::make_unique<std::array<Glyph, 128>>();
        for (char32_t a = 0; a < 128; ++a) (*ascii_[f])[a] = load(face, a);
      }
      return (*ascii_[f])[c];
    }
    std::uint64_t key = (static_cast<std::uint64_t>(face) << 32) | c;
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    return cache_.emplace(key, load(face, c)).first->second;
  }

  Glyph load(int face, char32_t c) const {
    FT_Face f = faces_.at(static_cast<std::size_t>(face)).face;
    Glyph g;
    g.glyph = FT_Get_Char_Index(f, c);  // any plane: the PDF draws glyph ids
    FT_Fixed units = 0;
    if (FT_Get_Advance(f, g.glyph, FT_LOAD_NO_SCALE, &units) == 0) {
      // The hmtx advance, as the PDF's /W widths give it (render/pdf/glyph_text.hpp).
      g.advance = static_cast<double>(units) / f->units_per_EM;
    }
    return g;
  }

  void open(const FontFace& f) const {
    faces_.push_back(open_checked(ft_.lib, f));
    FT_Face face = faces_.back().face;
    double upem = face->units_per_EM;
    // hhea via FreeType (it falls back to OS/2 typo metrics when hhea is empty).
    ascent_.push_back(face->ascender / upem);
    descent_.push_back(-face->descender / upem);
  }

  void drop_last() const {
    faces_.pop_back();
    ascent_.pop_back();
    descent_.pop_back();
  }

  FtLibrary ft_;
  std::size_t set_size_;
  // Mutable: fallbacks found while laying out are added to the faces.
  mutable std::vector<FtFace> faces_;
  mutable std::vector<double> ascent_, descent_;
  mutable std::vector<FontFace> found_;
  mutable std::map<std::tuple<char32_t, std::string, int>, int> found_for_;
  mutable std::map<std::string, std::vector<int>> found_by_lang_;
  mutable std::unordered_map<std::uint64_t, Glyph> cache_;
  mutable std::vector<std::unique_ptr<std::array<Glyph, 128>>> ascii_;  // per face, made on first use
  mutable Shaper shaper_;
};

}  // namespace

std::unique_ptr<layout::FontMetrics> load_metrics(const FontSet& fonts) {
  return std::make_unique<FreeTypeMetrics>(fonts);
}

}  // namespace quire::fonts
