// A letter's page 1 (layout/letter.hpp): the letterhead band, logo and name, the recipient in the window
// field, the info block flush right, fold marks, the text below the field; later pages with a running
// header and no letterhead. FixedMetrics: every glyph 0.5 em, so widths are counted by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "layout_fixtures.hpp"
#include "quire/layout/engine.hpp"
#include "quire/layout/letter.hpp"

using namespace quire;
using namespace quire::layout;
using namespace quire::model;

namespace {

constexpr double kMm = 72 / 25.4;

FontSet fonts12() { return test::thirteen_faces(); }

// logo.png is 200 × 100 px, sig.png 300 × 100 px; anything else is missing.
class Images : public ImageProbe {
 public:
  std::optional<ImageSize> probe(const std::string& url, const std::string& source,
                                 const model::SourcePos&) const override {
    last_source = source;
    if (url == "logo.png") return ImageSize{"/img/logo.png", 200, 100, 72};
    if (url == "sig.png") return ImageSize{"/img/sig.png", 300, 100, 72};
    return std::nullopt;
  }
  mutable std::string last_source;
};

MetaValue map_of(std::initializer_list<std::pair<const char*, const char*>> entries) {
  MetaValue m;
  for (const auto& [k, v] : entries) m.set(k, MetaValue::string(v));
  return m;
}

Block para(std::string s, std::string file = "") {
  Block b;
  b.node = Paragraph{{Inline{Text{std::move(s)}}}};
  b.pos.line = file.empty() ? 0 : 1;
  b.pos.file = std::move(file);
  return b;
}

// A DIN 5008 letter on A4, as the letter template and `letter-window: din5008` leave its metadata.
Document din_letter(int paragraphs = 1) {
  Document d;
  d.meta.set("documentclass", MetaValue::string("letter"));
  d.meta.set("letter-window", MetaValue::string("din5008"));
  d.meta.set("address-window", map_of({{"left", "20mm"}, {"top", "45mm"}, {"width", "85mm"}, {"height", "45mm"}}));
  d.meta.set("letterhead",
             map_of({{"name", "Lantern"}, {"address", "1 Road\nSeoul"}, {"colour", "#8B1020"}, {"logo", "logo.png"}}));
  d.meta.set("to", map_of({{"name", "Kim"}, {"address", "2 Street\nBusan"}}));
  d.meta.set("letter-date", MetaValue::string("2 June 2026"));
  d.meta.set("reference", MetaValue::string("R-7"));
  d.meta.set("fold-marks", MetaValue::string("true"));
  d.meta.set("signature", map_of({{"image", "sig.png"}}));
  for (int k = 0; k < paragraphs; ++k) d.blocks.push_back(para("Body text of the letter.", "letters/a.md"));
  return d;
}

struct Laid {
  LaidOutDocument doc;
  Diagnostics diags;
  Images images;
};

void lay(Laid& out, const Document& d) {
  Style style = style_from_meta(d.meta, out.diags);
  out.doc = layout_document(d, style, fonts12(), FixedMetrics(), out.images, out.diags);
}

const GlyphRun* run_of(const Page& page, const std::string& text) {
  for (const auto& item : page.items)
    if (auto* g = std::get_if<GlyphRun>(&item); g && g->text == text) return g;
  return nullptr;
}

}  // namespace

TEST_CASE("letter: only documentclass letter makes a letter") {
  Diagnostics diags;
  Document d = din_letter();
  Style style;
  CHECK(letter_from_meta(d, style, diags).has_value());
  d.meta.set("documentclass", MetaValue::string("article"));
  CHECK(!letter_from_meta(d, style, diags).has_value());
}

TEST_CASE("letter: DIN 5008 page 1 — band, logo, address in the window, info flush right, text below") {
  Laid out;
  lay(out, din_letter());
  REQUIRE(!out.diags.has_errors());
  REQUIRE(out.doc.pages.size() == 1);
  const Page& page = out.doc.pages[0];
  // The band: the page's full width along the top edge, in the letterhead colour.
  const Rule* band = nullptr;
  for (const auto& item : page.items)
    if (auto* r = std::get_if<Rule>(&item); r && r->y == 0 && r->width == doctest::Approx(page.width)) band = r;
  REQUIRE(band);
  CHECK(band->color.r == doctest::Approx(0x8B / 255.0));
  CHECK(band->color.b == doctest::Approx(0x20 / 255.0));
  // The logo: 16 mm high, 2:1, flush with the right margin (the default 1 in).
  const PlacedImage* logo = nullptr;
  for (const auto& item : page.items)
    if (auto* i = std::get_if<PlacedImage>(&item); i && i->path == "/img/logo.png") logo = i;
  REQUIRE(logo);
  CHECK(logo->height == doctest::Approx(16 * kMm));
  CHECK(logo->width == doctest::Approx(32 * kMm));
  CHECK(logo->x + logo->width == doctest::Approx(page.width - 72));
  CHECK(out.images.last_source == "letters/a.md");  // relative to the letter's own file
  // The name in the letterhead colour.
  auto* name = run_of(page, "Lantern");
  REQUIRE(name);
  CHECK(name->color.r == doctest::Approx(0x8B / 255.0));
  // The recipient inside the field (20–105 mm across, 45–90 mm down), under the return line.
  auto* kim = run_of(page, "Kim");
  REQUIRE(kim);
  CHECK(kim->x > 20 * kMm);
  CHECK(kim->x < 105 * kMm);
  CHECK(kim->y > 50 * kMm);
  CHECK(kim->y < 90 * kMm);
  auto* busan = run_of(page, "Busan");
  REQUIRE(busan);
  CHECK(busan->y == doctest::Approx(kim->y + 2 * 11 * 1.2));
  // The return line, "Lantern · 1 Road · Seoul", in the field's top 5 mm (the letterhead has "Road" too).
  int returns = 0;
  for (const auto& item : page.items)
    if (auto* g = std::get_if<GlyphRun>(&item); g && g->text == "Road" && g->y > 45 * kMm && g->y < 50 * kMm) ++returns;
  CHECK(returns == 1);
  // return-line: "" leaves it out.
  Document own = din_letter();
  own.meta.set("return-line", MetaValue::string(""));
  Laid without;
  lay(without, own);
  for (const auto& item : without.doc.pages[0].items)
    if (auto* g = std::get_if<GlyphRun>(&item)) CHECK(!(g->y > 45 * kMm && g->y < 50 * kMm));
  // The date: last line of the info block, ending at the right margin, on a later baseline than "R-7".
  auto* date = run_of(page, "2026");
  auto* ref = run_of(page, "R-7");
  REQUIRE(date);
  REQUIRE(ref);
  CHECK(date->x + 4 * 0.5 * 11 == doctest::Approx(page.width - 72));
  CHECK(ref->y == doctest::Approx(kim->y));
  CHECK(date->y > ref->y);
  // The text starts 9 mm below the field.
  auto* body = run_of(page, "Body");
  REQUIRE(body);
  CHECK(body->y > 99 * kMm);
  CHECK(body->y < 105 * kMm);
  // Fold marks at 105 and 210 mm, the punch mark at half height.
  int marks = 0;
  for (const auto& item : page.items)
    if (auto* r = std::get_if<Rule>(&item); r && r->x < 10 * kMm && r->width < 10 * kMm) {
      double mid = r->y + r->height / 2;
      CHECK((mid == doctest::Approx(105 * kMm) || mid == doctest::Approx(210 * kMm) ||
             mid == doctest::Approx(page.height / 2)));
      ++marks;
    }
  CHECK(marks == 3);
}

TEST_CASE("letter: later pages carry a running header and no letterhead") {
  Laid out;
  lay(out, din_letter(60));
  REQUIRE(out.doc.pages.size() >= 2);
  const Page& two = out.doc.pages[1];
  CHECK(!run_of(two, "Lantern"));
  for (const auto& item : two.items) {
    if (auto* r = std::get_if<Rule>(&item)) CHECK(r->y > 0);  // no band
    CHECK(!std::holds_alternative<PlacedImage>(item));
  }
  auto* page = run_of(two, "Page");
  auto* kim = run_of(two, "Kim");
  REQUIRE(page);
  REQUIRE(kim);
  CHECK(page->y < 72);
  CHECK(kim->y == doctest::Approx(page->y));
  CHECK(run_of(two, "2026"));
  // Page 1 has no header, and the text of page 2 starts at the top margin.
  CHECK(!run_of(out.doc.pages[0], "Page"));
  auto* body = run_of(two, "Body");
  REQUIRE(body);
  CHECK(body->y < 72 + 11 * 1.35);
}

TEST_CASE("letter: without a window the text starts below the letterhead; a signature sits left") {
  Document d = din_letter();
  d.meta.map.erase(
      std::find_if(d.meta.map.begin(), d.meta.map.end(), [](const auto& kv) { return kv.first == "address-window"; }));
  Block sig;
  sig.node = Image{"sig.png", {}, "", {}, {}, {}, {}};
  d.blocks.push_back(sig);
  Laid out;
  lay(out, d);
  const Page& page = out.doc.pages[0];
  CHECK(!run_of(page, "Kim"));  // the address flows (the template's paragraphs), none drawn
  auto* body = run_of(page, "Body");
  REQUIRE(body);
  CHECK(body->y > 26 * kMm + 12 * kMm);
  CHECK(body->y < 50 * kMm);
  const PlacedImage* image = nullptr;
  for (const auto& item : page.items)
    if (auto* i = std::get_if<PlacedImage>(&item); i && i->path == "/img/sig.png") image = i;
  REQUIRE(image);
  CHECK(image->x == doctest::Approx(72));
  CHECK(image->height == doctest::Approx(15 * kMm));
}

TEST_CASE("letter: a bad colour or window length is an error at its place") {
  Document d = din_letter();
  d.meta.find("letterhead")->set("colour", MetaValue::string("navy"));
  d.meta.find("address-window")->set("top", MetaValue::string("high"));
  Diagnostics diags;
  Style style;
  letter_from_meta(d, style, diags);
  REQUIRE(diags.all().size() == 2);
  CHECK(diags.all()[0].message == "invalid letterhead colour \"navy\"");
  CHECK(diags.all()[1].message == "invalid address-window top \"high\"");
}

TEST_CASE("letter: a style's own header wins over the letter's running header") {
  Diagnostics diags;
  Document d = din_letter();
  Style style;
  auto letter = letter_from_meta(d, style, diags);
  REQUIRE(letter);
  Style plain = style;
  set_letter_header(plain, *letter);
  CHECK(plain.header[0] == "Kim · 2 June 2026");
  CHECK(plain.header[2] == "Page {page} of {pages}");
  CHECK(plain.footer[1].empty());
  Style unnumbered = style;
  unnumbered.page_numbers = false;
  set_letter_header(unnumbered, *letter);
  CHECK(unnumbered.header[0] == "Kim · 2 June 2026");
  CHECK(unnumbered.header[2].empty());
  Style own = style;
  own.header[1] = "{title}";
  set_letter_header(own, *letter);
  CHECK(own.header[0].empty());
  CHECK(own.footer[1] == "{page}");
}

TEST_CASE("letter: the info block and the running header take their words from `labels`") {
  Diagnostics diags;
  Document d = din_letter();
  d.meta.set("your-reference", MetaValue::string("W-9"));
  Style style;
  auto english = letter_from_meta(d, style, diags);
  REQUIRE(english);
  // Without labels (a letter not composed): English, your reference before ours, the date last.
  using Info = std::vector<std::pair<std::string, std::string>>;
  CHECK(english->info == Info{{"Your reference", "W-9"}, {"Our reference", "R-7"}, {"Date", "2 June 2026"}});
  d.meta.set("labels", map_of({{"our-reference", "Unser Zeichen"},
                               {"your-reference", "Ihr Zeichen"},
                               {"date", "Datum"},
                               {"page", "Seite {page} von {pages}"}}));
  auto german = letter_from_meta(d, style, diags);
  REQUIRE(german);
  CHECK(german->info == Info{{"Ihr Zeichen", "W-9"}, {"Unser Zeichen", "R-7"}, {"Datum", "2 June 2026"}});
  Style header = style;
  set_letter_header(header, *german);
  CHECK(header.header[2] == "Seite {page} von {pages}");
  // An empty label prints none: the date alone, as DIN 5008 form A sets it.
  d.meta.find("labels")->set("date", MetaValue::string(""));
  CHECK(letter_from_meta(d, style, diags)->info.back() == std::pair<std::string, std::string>{"", "2 June 2026"});
  CHECK(diags.all().empty());
}
