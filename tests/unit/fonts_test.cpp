#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "quire/fonts/face.hpp"
#include "quire/fonts/fonts.hpp"
#include "quire/fonts/subset.hpp"
#include "quire/layout/footnotes.hpp"
#include "quire/layout/paragraph.hpp"
#include "quire/layout/text.hpp"

using namespace quire;
using layout::Family;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string temp_file(const std::string& name, const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path() / "quire-fonts-test";
  std::filesystem::create_directories(dir);
  auto path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

model::MetaValue meta_with(const std::string& key, const std::string& value) {
  model::MetaValue meta;
  meta.set(key, model::MetaValue::string(value));
  return meta;
}

std::string file_name(const layout::FontSet& set, int face) {
  return std::filesystem::path(set.faces.at(static_cast<std::size_t>(face)).path).filename().string();
}

// The error message default_font_set throws for `meta`, with its kind.
std::string error_for(const model::MetaValue& meta, ErrorKind& kind) {
  try {
    fonts::default_font_set(meta);
  } catch (const Error& e) {
    kind = e.kind();
    return e.pos().file + ": " + e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("the default font set resolves every style to existing TrueType files") {
  auto set = fonts::default_font_set({});
  for (const auto& f : set.faces) CHECK(std::filesystem::is_regular_file(f.path));
  CHECK(file_name(set, set.face(Family::Serif, false, false)) == "LiberationSerif-Regular.ttf");
  CHECK(file_name(set, set.face(Family::Serif, true, true)) == "LiberationSerif-BoldItalic.ttf");
  CHECK(file_name(set, set.face(Family::Sans, true, false)) == "LiberationSans-Bold.ttf");
  CHECK(file_name(set, set.face(Family::Mono, false, true)) == "LiberationMono-Italic.ttf");

  // Per-family Hangul fallbacks, then DejaVu Sans for symbols.
  auto serif = set.fallbacks_for(set.face(Family::Serif, false, false));
  REQUIRE(serif.size() == 2);
  CHECK(file_name(set, serif[0]) == "NanumMyeongjo.ttf");
  CHECK(file_name(set, serif[1]) == "DejaVuSans.ttf");
  CHECK(file_name(set, set.fallbacks_for(set.face(Family::Sans, true, false))[0]) == "NanumGothicBold.ttf");
  CHECK(file_name(set, set.fallbacks_for(set.face(Family::Mono, false, false))[0]) == "NanumGothicCoding.ttf");
  CHECK(set.fallbacks == serif);
}

TEST_CASE("metrics: Hangul is missing from Liberation Serif and found in the Nanum fallback") {
  auto set = fonts::default_font_set({});
  auto metrics = fonts::load_metrics(set);
  int serif = set.face(Family::Serif, false, false);
  int nanum = set.fallbacks_for(serif)[0];
  int dejavu = set.fallbacks_for(serif)[1];
  CHECK(metrics->has_glyph(serif, U'A'));
  CHECK_FALSE(metrics->has_glyph(serif, U'김'));
  CHECK(metrics->has_glyph(nanum, U'김'));
  CHECK_FALSE(metrics->has_glyph(serif, U'☑'));
  CHECK(metrics->has_glyph(dejavu, U'☑'));
  CHECK(metrics->has_glyph(dejavu, U'\U0001F600'));  // beyond the BMP: DejaVu Sans has the emoticons

  // Liberation Serif 'A': 1479/2048 em, written by libharu as 722/1000.
  CHECK(metrics->advance(serif, U'A') == doctest::Approx(1479.0 / 2048).epsilon(1e-12));  // hmtx, exactly
  CHECK(metrics->advance(serif, U'A') == metrics->advance(serif, U'A'));                  // cached path agrees
  CHECK(metrics->advance(nanum, U'김') > 0.8);
  CHECK(metrics->ascent(serif) == doctest::Approx(0.891).epsilon(0.01));
  CHECK(metrics->descent(serif) == doctest::Approx(0.216).epsilon(0.01));
}

// The kerning HarfBuzz applied before the glyph that follows each one (em), with substitutions off.
std::vector<std::pair<std::uint32_t, double>> kerning(const layout::FontMetrics& m, int face, std::string_view text) {
  layout::ShapeRequest r;
  r.substitutions = false;
  auto glyphs = m.shape(face, text, r);
  std::vector<std::pair<std::uint32_t, double>> out;
  for (std::size_t g = 0; g + 1 < glyphs.size(); ++g) {
    std::size_t at = glyphs[g].cluster;
    double dx = glyphs[g].advance - m.advance(face, next_char(text, at));
    if (std::abs(dx) > 1e-3) out.push_back({glyphs[g + 1].cluster, dx});
  }
  return out;
}

TEST_CASE("kerning: pairs of the default serif come from its tables, before the second character") {
  auto set = fonts::default_font_set({});
  auto metrics = fonts::load_metrics(set);
  int serif = set.face(Family::Serif, false, false);
  // "To" and "AV" are kerned in Liberation Serif (GPOS): a negative adjustment before byte 1.
  for (const char* pair : {"To", "AV"}) {
    auto kerns = kerning(*metrics, serif, pair);
    REQUIRE(kerns.size() == 1);
    CHECK(kerns[0].first == 1);
    CHECK(kerns[0].second < -0.04);
    CHECK(kerns[0].second > -0.2);
  }
  layout::Fonts kerned{set, *metrics}, plain{set, *metrics, false};
  CHECK(kerned.width(serif, 11, "AVAWAY") < plain.width(serif, 11, "AVAWAY") - 3);
  double advances = 0;
  for (char c : std::string("AVAWAY")) advances += metrics->advance(serif, char32_t(c));
  CHECK(plain.width(serif, 11, "AVAWAY") == doctest::Approx(11 * advances).epsilon(1e-3));
  double kerns = 0;
  for (const auto& k : kerning(*metrics, serif, "AVAWAY")) kerns += k.second;
  CHECK(kerned.width(serif, 11, "AVAWAY") == doctest::Approx(11 * (advances + kerns)).epsilon(1e-3));
  // No pair, no kerning; a pair after a multi-byte character is found at its byte offset.
  CHECK(kerning(*metrics, serif, "mm").empty());
  CHECK(kerning(*metrics, serif, "A").empty());
  auto after = kerning(*metrics, serif, "\u00e9To");  // é is two bytes
  REQUIRE(after.size() == 1);
  CHECK(after[0].first == 3);
  CHECK(kerning(*metrics, serif, "To") == kerning(*metrics, serif, "To"));  // the cache agrees
  // Hangul in Nanum: no kerning.
  CHECK(kerning(*metrics, set.fallbacks_for(serif)[0], "\uAE40\uCE58").empty());
}

TEST_CASE("a font override that is not a font is refused with the file named") {
  ErrorKind kind = ErrorKind::Usage;
  auto path = temp_file("not-a-font.ttf", "this is plain text, not a font\n");
  auto message = error_for(meta_with("mainfont", path), kind);
  CHECK(kind == ErrorKind::Input);
  CHECK(message.find(path) != std::string::npos);
  CHECK(message.find("not a TrueType font") != std::string::npos);

  // A truncated TrueType file: libharu would return NULL for it without saying why.
  auto good = slurp("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf");
  REQUIRE(good.size() > 10000);
  auto truncated = temp_file("truncated.ttf", good.substr(0, 2000));
  message = error_for(meta_with("sansfont", truncated), kind);
  CHECK(kind == ErrorKind::Input);
  CHECK(message.find("not a TrueType font") != std::string::npos);

  // Cut near the end: FreeType may still open it, but tables run past the end of the file.
  auto cut = temp_file("cut.ttf", good.substr(0, good.size() * 9 / 10));
  CHECK_THROWS_WITH_AS(fonts::check_truetype({cut, 0}), doctest::Contains("not a TrueType font"), Error);

  // No 'glyf' table (as in CFF/OpenType fonts): rename the table in the directory.
  auto no_glyf = good;
  auto at = no_glyf.find("glyf");
  REQUIRE(at != std::string::npos);
  REQUIRE(at < 12 + 16 * 30);  // inside the table directory
  no_glyf[at + 3] = 'X';
  path = temp_file("no-glyf.ttf", no_glyf);
  message = error_for(meta_with("monofont", path), kind);
  CHECK(kind == ErrorKind::Input);
  CHECK(message.find("glyf") != std::string::npos);

  layout::FontSet set;
  set.faces.push_back({path, 0});
  CHECK_THROWS_AS(fonts::load_metrics(set), Error);
}

TEST_CASE("a missing font family or file is an I/O error naming it") {
  ErrorKind kind = ErrorKind::Input;
  auto message = error_for(meta_with("mainfont", "No Such Family Quire"), kind);
  CHECK(kind == ErrorKind::Io);
  CHECK(message.find("\"No Such Family Quire\"") != std::string::npos);
  CHECK(message.find("fontconfig") != std::string::npos);
  CHECK(message.find("mainfont") != std::string::npos);

  message = error_for(meta_with("monofont", "/nonexistent/quire.ttf"), kind);
  CHECK(kind == ErrorKind::Io);
  CHECK(message.find("/nonexistent/quire.ttf") != std::string::npos);
}

TEST_CASE("a font family from metadata replaces the default") {
  auto set = fonts::default_font_set(meta_with("mainfont", "DejaVu Serif"));
  CHECK(file_name(set, set.face(Family::Serif, false, false)) == "DejaVuSerif.ttf");
  CHECK(file_name(set, set.face(Family::Serif, true, false)) == "DejaVuSerif-Bold.ttf");
  CHECK(file_name(set, set.face(Family::Sans, false, false)) == "LiberationSans-Regular.ttf");
  auto path = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
  set = fonts::default_font_set(meta_with("sansfont", path));
  CHECK(set.faces.at(static_cast<std::size_t>(set.face(Family::Sans, true, true))).path == path);
}

TEST_CASE("fonts: faces named per script, for every family or per family, falling back to the family's face") {
  constexpr std::uint32_t Arab = 0x41726162, Latn = 0x4C61746E, Hebr = 0x48656272;
  model::MetaValue named;
  named.set("arabic", model::MetaValue::string("Noto Naskh Arabic"));
  model::MetaValue per_family;
  per_family.set("main", model::MetaValue::string("DejaVu Serif"));
  per_family.set("sans", model::MetaValue::string("DejaVu Sans"));
  named.set("Hebr", per_family);
  model::MetaValue meta;
  meta.set("fonts", named);
  auto set = fonts::default_font_set(meta);
  int serif = set.face(Family::Serif, false, false);
  int naskh = set.face(Family::Serif, false, false, Arab);
  CHECK(file_name(set, naskh) == "NotoNaskhArabic-Regular.ttf");
  CHECK(file_name(set, set.face(Family::Serif, true, false, Arab)) == "NotoNaskhArabic-Bold.ttf");
  CHECK(file_name(set, set.face(Family::Sans, false, false, Arab)) == "NotoNaskhArabic-Regular.ttf");
  CHECK(file_name(set, set.face(Family::Mono, false, false, Arab)) == "NotoNaskhArabic-Regular.ttf");
  CHECK(set.face(Family::Serif, false, false, Latn) == serif);  // other scripts keep the family's face
  // The named face falls back to the family's face, then to its chain.
  auto chain = set.fallbacks_for(naskh);
  REQUIRE(chain.size() == 3);
  CHECK(chain[0] == serif);
  CHECK(file_name(set, chain[1]) == "NanumMyeongjo.ttf");
  // Per family: main and sans named, mono keeps Liberation Mono.
  CHECK(file_name(set, set.face(Family::Serif, false, false, Hebr)) == "DejaVuSerif.ttf");
  CHECK(file_name(set, set.face(Family::Sans, true, false, Hebr)) == "DejaVuSans-Bold.ttf");
  CHECK(file_name(set, set.face(Family::Mono, false, false, Hebr)) == "LiberationMono-Regular.ttf");

  // Arabic text in a paragraph takes the named face; Latin around it keeps Liberation Serif.
  auto metrics = fonts::load_metrics(set);
  layout::Fonts fonts{set, *metrics};
  auto items =
      layout::build_text("Peace \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 now", {Family::Serif, false, false, 11, {}}, fonts);
  std::set<std::string> used;
  for (const auto& piece : items.pieces) used.insert(file_name(set, piece.face));
  CHECK(used == std::set<std::string>{"LiberationSerif-Regular.ttf", "NotoNaskhArabic-Regular.ttf"});
}

TEST_CASE("a span's lang= shapes and finds faces for its language: Japanese forms inside Chinese text") {
  auto set = fonts::default_font_set({});
  auto metrics = fonts::load_metrics(set);
  layout::Fonts fonts{set, *metrics};
  model::Document doc;
  layout::FootnoteNumbers notes{doc};
  layout::InlineContext ctx{fonts, notes, {}, layout::BreakRules{"zh-CN", false}};
  model::Inlines in{{model::Text{"\u4E2D\u6587 "}},
                    {model::Span{{{model::Text{"\u6771\u4EAC"}}}, "", {}, {{"lang", "ja"}}}}};
  auto items = layout::build_paragraph(in, {Family::Serif, false, false, 11, {}}, ctx);
  REQUIRE(items.langs == std::vector<std::string>{"ja"});
  std::set<std::string> chinese, japanese;
  for (const auto& p : items.pieces) {
    // fonts-japanese-mincho.ttf is Debian's alternatives link to IPA Mincho.
    auto file = std::filesystem::canonical(fonts.faces().at(std::size_t(p.face)).path).filename().string();
    (p.lang == 0 ? japanese : chinese).insert(file);
  }
  CHECK(japanese.size() == 1);
  CHECK(chinese.size() == 1);
  CHECK(japanese != chinese);
  INFO(*japanese.begin(), " / ", *chinese.begin());
  CHECK(japanese.begin()->find("ipa") != std::string::npos);
}

TEST_CASE("fonts: a name that is no script, a family key that is none, a value that is no map") {
  auto error = [](const std::string& script, const model::MetaValue& value) {
    model::MetaValue named, meta;
    named.set(script, value);
    meta.set("fonts", named);
    ErrorKind kind = ErrorKind::Io;
    auto message = error_for(meta, kind);
    CHECK(kind == ErrorKind::Input);
    return message;
  };
  CHECK(error("arabik", model::MetaValue::string("Noto Naskh Arabic")).find("\"arabik\" is not the name of a script") !=
        std::string::npos);
  model::MetaValue wrong;
  wrong.set("serif", model::MetaValue::string("DejaVu Serif"));
  CHECK(error("arabic", wrong).find("\"serif\" is not main, sans or mono") != std::string::npos);
  ErrorKind kind = ErrorKind::Io;
  CHECK(error_for(meta_with("fonts", "Noto Naskh Arabic"), kind).find("want a map") != std::string::npos);
  CHECK(kind == ErrorKind::Input);
  // A font named for a script must exist, as mainfont must.
  CHECK(error_for(
            [] {
              model::MetaValue named, meta;
              named.set("thai", model::MetaValue::string("No Such Family Quire"));
              meta.set("fonts", named);
              return meta;
            }(),
            kind)
            .find("fonts.thai") != std::string::npos);
  CHECK(kind == ErrorKind::Io);
}

TEST_CASE("subset_glyphs keeps exactly the glyphs asked for, at their ids, with their advances") {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  const auto& nanum = set.faces.at(static_cast<std::size_t>(set.fallbacks_for(serif)[0]));  // NanumMyeongjo
  fonts::FaceInfo original(nanum);
  std::set<std::uint32_t> wanted;
  for (char32_t c : U"Dear 김민지 님") wanted.insert(original.glyph_of(c));
  wanted.erase(0u);
  auto bytes = fonts::subset_glyphs(nanum, wanted);
  auto size = std::filesystem::file_size(nanum.path);
  MESSAGE("NanumMyeongjo " << size << " bytes -> subset for 'Dear 김민지 님': " << bytes.size() << " bytes");
  // Glyph ids up to the highest drawn are kept (empty): their loca and hmtx entries are most of the bytes,
  // runs of zeros a PDF stores compressed in a few kilobytes (pdf_test.cpp, "embedded size").
  CHECK(bytes.size() < 100000);
  CHECK(size > 3000000);

  fonts::TempFile file(bytes, ".ttf");
  fonts::FaceInfo cut({file.path(), 0});  // also checks the subset is a TrueType font
  CHECK(cut.glyph_count() > *wanted.rbegin());
  for (std::uint32_t g : wanted) CHECK(cut.advance_units(g) == original.advance_units(g));
  CHECK(cut.units_per_em() == original.units_per_em());
  CHECK(cut.descriptor().ascent == original.descriptor().ascent);
  // Glyphs not asked for are empty: the outlines of "박" are gone.
  std::uint32_t bak = original.glyph_of(U'박');
  REQUIRE(bak != 0);
  std::set<std::uint32_t> with_bak = wanted;
  with_bak.insert(bak);
  auto bak_bytes = fonts::subset_glyphs(nanum, with_bak);
  CHECK(bak_bytes.size() > bytes.size());

  // Deterministic: the same request gives the same bytes, also once the face has been cut often enough
  // in the run to be kept prepared for cutting (hb_subset_preprocess).
  CHECK(fonts::subset_glyphs(nanum, wanted) == bytes);
  for (int i = 0; i < 4; ++i) CHECK(fonts::subset_glyphs(nanum, with_bak) == bak_bytes);
  CHECK(fonts::subset_glyphs(nanum, wanted) == bytes);
  CHECK_THROWS_AS(fonts::subset_glyphs({temp_file("empty.ttf", ""), 0}, wanted), Error);
  CHECK_THROWS_AS(fonts::subset_glyphs({nanum.path, 3}, wanted), Error);  // a .ttf has one face
}

TEST_CASE("FaceInfo reads what a PDF font descriptor needs, and refuses what cannot be embedded") {
  fonts::FaceInfo serif({"/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf", 0});
  CHECK(serif.postscript_name() == "LiberationSerif-Italic");
  CHECK(serif.units_per_em() == 2048);
  const auto& d = serif.descriptor();
  CHECK(d.italic_angle < 0);
  CHECK((d.flags & 64) != 0);  // italic
  CHECK((d.flags & 4) != 0);   // symbolic: glyphs by id
  CHECK(d.ascent > 800);
  CHECK(d.descent < -150);
  CHECK(d.cap_height > 600);
  CHECK(d.cap_height < d.ascent);
  CHECK(d.bbox[0] < 0);
  CHECK(d.bbox[3] > d.ascent - 1);
  CHECK(d.stem_v > 50);
  fonts::FaceInfo mono({"/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf", 0});
  CHECK((mono.descriptor().flags & 1) != 0);  // fixed pitch
  CHECK(mono.advance(mono.glyph_of(U'i')) == mono.advance(mono.glyph_of(U'W')));
  CHECK(mono.glyph_of(U'\U0001F600') == 0);
  CHECK(mono.advance_units(1000000) == 0);
  CHECK_THROWS_AS(fonts::FaceInfo({temp_file("not-a-font.ttf", "hello"), 0}), Error);
}

TEST_CASE("TempFile is private and gone after remove() or destruction") {
  std::string path;
  {
    fonts::TempFile file("secret bytes", ".ttf");
    path = file.path();
    CHECK(path.ends_with(".ttf"));
    CHECK(slurp(path) == "secret bytes");
    auto perms = std::filesystem::status(path).permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
          std::filesystem::perms::none);
    file.remove();
    CHECK_FALSE(std::filesystem::exists(path));
  }
  {
    fonts::TempFile file("x", ".bin");
    path = file.path();
    CHECK(std::filesystem::exists(path));
  }
  CHECK_FALSE(std::filesystem::exists(path));
}
