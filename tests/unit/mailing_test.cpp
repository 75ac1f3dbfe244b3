// Envelopes and label sheets (layout/stationery.hpp, layout/mailing.hpp, compose/mailing.hpp): the
// stationery's geometry, label positions, label-start, shrink-to-fit and its errors, and how compose
// gathers records onto sheets. FixedMetrics: every glyph 0.5 em wide, so widths are counted by hand.
#include <doctest/doctest.h>

#include <string>

#include "layout_fixtures.hpp"
#include "quire/compose/mailing.hpp"
#include "quire/layout/engine.hpp"
#include "quire/layout/mailing.hpp"
#include "quire/layout/stationery.hpp"

using namespace quire;
using namespace quire::layout;
using namespace quire::model;

namespace {

constexpr double kMm = 72 / 25.4;

class NoImages : public ImageProbe {
 public:
  std::optional<ImageSize> probe(const std::string&, const std::string&,
                                 const quire::model::SourcePos&) const override {
    return std::nullopt;
  }
};

MetaValue text(const std::string& s, int line = 0) {
  MetaValue v = MetaValue::string(s);
  if (line) v.pos = SourcePos{"doc.yaml", line, 3};
  return v;
}

MetaValue number(int n, int line = 0) {
  MetaValue v = text(std::to_string(n), line);
  v.kind = MetaValue::Kind::Number;
  return v;
}

MetaValue address(const std::string& name, const std::string& lines) {
  MetaValue to;
  to.set("name", text(name));
  to.set("address", text(lines));
  return to;
}

// A custom geometry map; each key on its own line of doc.yaml so errors can be placed.
MetaValue geometry(std::initializer_list<std::pair<const char*, std::string>> keys) {
  MetaValue m;
  m.pos = SourcePos{"doc.yaml", 1, 1};
  int line = 2;
  for (const auto& [k, v] : keys) m.set(k, text(v, line++));
  return m;
}

std::optional<LabelSheet> sheet_of(const MetaValue& value, Diagnostics& diags) {
  MetaValue meta;
  meta.set("label-sheet", value);
  return label_sheet_from_meta(meta, diags);
}

struct Laid {
  LaidOutDocument doc;
  Diagnostics diags;
};

Laid lay(const Document& d) {
  Laid out;
  NoImages images;
  Style style = style_from_meta(d.meta, out.diags);
  out.doc = layout_document(d, style, test::thirteen_faces(), FixedMetrics(), images, out.diags);
  return out;
}

std::vector<const GlyphRun*> runs_of(const Page& page, const std::string& word) {
  std::vector<const GlyphRun*> out;
  for (const auto& item : page.items)
    if (auto* g = std::get_if<GlyphRun>(&item); g && g->text == word) out.push_back(g);
  return out;
}

bool inside(const GlyphRun& g, const Rect& r) {
  double width = g.text.size() * 0.5 * g.size;  // FixedMetrics, ASCII
  return g.x >= r.left - 0.01 && g.x + width <= r.left + r.width + 0.01 && g.y - 0.8 * g.size >= r.top - 0.01 &&
         g.y + 0.2 * g.size <= r.top + r.height + 0.01;
}

Document envelope_doc(const std::string& size = "dl") {
  Document d;
  d.meta.set("documentclass", text("envelope"));
  d.meta.set("envelope", text(size));
  d.meta.set("letterhead", address("Lantern", "1 Road\nSeoul"));
  d.meta.set("to", address("Kim Min-ji", "2 Street\nBusan 48058"));
  return d;
}

MetaValue label_entry(int slot, int record, const MetaValue& to) {
  MetaValue l;
  l.set("slot", number(slot));
  l.set("record", number(record));
  l.set("at", text("donors.csv:" + std::to_string(record + 1)));
  l.set("to", to);
  return l;
}

Document sheet_doc(std::vector<MetaValue> labels, const std::string& stock = "avery-l7163") {
  Document d;
  d.meta.set("documentclass", text("labels"));
  d.meta.set("label-sheet", text(stock));
  MetaValue sheet, list;
  list.kind = MetaValue::Kind::List;
  list.list = std::move(labels);
  sheet.set("n", number(1));
  sheet.set("labels", list);
  d.meta.set("sheet", sheet);
  return d;
}

}  // namespace

// ---- Geometry --------------------------------------------------------------------------------------

TEST_CASE("labels: the known sheets' grids, and label N's rectangle along the rows") {
  Diagnostics diags;
  auto l7163 = label_sheet_from_meta(MetaValue{}, diags);  // the default
  REQUIRE(l7163);
  CHECK(l7163->name == "avery-l7163");
  CHECK(l7163->per_sheet() == 14);
  CHECK(l7163->page_width == doctest::Approx(210 * kMm));
  Rect first = l7163->label(1), second = l7163->label(2), third = l7163->label(3), last = l7163->label(14);
  CHECK(first.left == doctest::Approx(4.65 * kMm));
  CHECK(first.top == doctest::Approx(15.15 * kMm));
  CHECK(first.width == doctest::Approx(99.1 * kMm));
  CHECK(first.height == doctest::Approx(38.1 * kMm));
  CHECK(second.left == doctest::Approx((4.65 + 101.6) * kMm));  // slot 2: the same row, second column
  CHECK(second.top == doctest::Approx(first.top));
  CHECK(third.left == doctest::Approx(first.left));  // slot 3: the next row
  CHECK(third.top == doctest::Approx((15.15 + 38.1) * kMm));
  // The last label ends as far from the page's right and bottom edges as the first starts from the left and top.
  CHECK(210 * kMm - (last.left + last.width) == doctest::Approx(first.left));
  CHECK(297 * kMm - (last.top + last.height) == doctest::Approx(first.top));

  auto l7160 = sheet_of(text("avery-l7160"), diags);
  REQUIRE(l7160);
  CHECK(l7160->per_sheet() == 21);
  CHECK(l7160->label(4).top == doctest::Approx((15.15 + 38.1) * kMm));
  CHECK(l7160->label(3).left == doctest::Approx((7.25 + 2 * 66.0) * kMm));

  auto us = sheet_of(text("Avery-5160"), diags);
  REQUIRE(us);
  CHECK(us->per_sheet() == 30);
  CHECK(us->page_width == doctest::Approx(612));
  CHECK(us->page_height == doctest::Approx(792));
  CHECK(us->label(30).top + us->label(30).height == doctest::Approx(792 - 36));
  CHECK(!diags.has_errors());
}

TEST_CASE("labels: a custom geometry, centred when it gives no margins") {
  Diagnostics diags;
  auto s = sheet_of(
      geometry({{"paper", "a4"}, {"rows", "8"}, {"columns", "3"}, {"label-width", "70mm"}, {"label-height", "37mm"}}),
      diags);
  REQUIRE(s);
  CHECK(!diags.has_errors());
  CHECK(s->per_sheet() == 24);
  CHECK(s->label(1).left == doctest::Approx(0));  // 3 × 70 mm fill the A4 width
  CHECK(s->label(1).top == doctest::Approx((297 - 8 * 37) / 2.0 * kMm));
  auto own = sheet_of(geometry({{"page-width", "100mm"},
                                {"page-height", "50mm"},
                                {"rows", "1"},
                                {"columns", "2"},
                                {"label-width", "45mm"},
                                {"label-height", "40mm"},
                                {"column-pitch", "50mm"},
                                {"margin-left", "2mm"},
                                {"margin-top", "5mm"}}),
                      diags);
  REQUIRE(own);
  CHECK(own->label(2).left == doctest::Approx(52 * kMm));
  CHECK(own->label(2).top == doctest::Approx(5 * kMm));
}

TEST_CASE("labels: a geometry that cannot be is an error at its key") {
  auto error_of = [](MetaValue value) {
    Diagnostics diags;
    auto s = sheet_of(value, diags);
    CHECK(!s);
    REQUIRE(diags.has_errors());
    const Diagnostic& d = diags.all().front();
    return to_string(d.pos) + ": " + d.message;
  };
  auto base = [](std::string key, std::string value) {
    MetaValue m = geometry(
        {{"paper", "a4"}, {"rows", "7"}, {"columns", "2"}, {"label-width", "99.1mm"}, {"label-height", "38.1mm"}});
    m.set(key, text(value, 20));
    return m;
  };
  CHECK(error_of(base("columns", "10000")) == "doc.yaml:20:3: invalid label-sheet columns \"10000\"");
  CHECK(error_of(base("rows", "0")) == "doc.yaml:20:3: invalid label-sheet rows \"0\"");
  CHECK(error_of(base("label-width", "0mm")) == "doc.yaml:20:3: invalid label-sheet label-width \"0mm\"");
  CHECK(error_of(base("label-height", "-38mm")) == "doc.yaml:20:3: invalid label-sheet label-height \"-38mm\"");
  CHECK(error_of(base("columns", "3")).starts_with("doc.yaml:20:3: the labels do not fit the page: 3 columns end"));
  CHECK(error_of(base("rows", "8")).starts_with("doc.yaml:20:3: the labels do not fit the page: 8 rows end"));
  CHECK(error_of(base("column-pitch", "90mm")).starts_with("doc.yaml:20:3: labels overlap"));
  CHECK(error_of(base("paper", "a3")) == "doc.yaml:20:3: unknown label-sheet paper \"a3\"");
  CHECK(error_of(base("gutter", "2mm")) == "doc.yaml:20:3: unknown label-sheet key 'gutter'");
  MetaValue no_rows = geometry({{"paper", "a4"}, {"columns", "2"}, {"label-width", "9mm"}, {"label-height", "9mm"}});
  CHECK(error_of(no_rows) == "doc.yaml:1:1: the label sheet needs 'rows'");
  CHECK(error_of(text("avery-9999", 4)) == "doc.yaml:4:3: unknown label-sheet \"avery-9999\"");
}

TEST_CASE("labels: label-start picks the first free label of the first sheet") {
  Diagnostics diags;
  auto s = label_sheet_from_meta(MetaValue{}, diags);
  REQUIRE(s);
  MetaValue meta;
  CHECK(label_start_from_meta(meta, *s, diags) == 1);
  meta.set("label-start", number(3));
  CHECK(label_start_from_meta(meta, *s, diags) == 3);
  meta.set("label-start", number(14));
  CHECK(label_start_from_meta(meta, *s, diags) == 14);
  CHECK(!diags.has_errors());
  for (std::string bad : {"15", "0", "-1", "3x"}) {
    Diagnostics d;
    meta.set("label-start", text(bad, 9));
    CHECK(label_start_from_meta(meta, *s, d) == 1);
    REQUIRE(d.has_errors());
    CHECK(to_string(d.all().front().pos) == "doc.yaml:9:3");
  }
}

TEST_CASE("labels: text shrinks to fit, down to the minimum, then does not fit") {
  // 20 characters at 0.5 em: 10 pt wide at 1 pt.
  CHECK(*fitting_size(10, 3, 1.2, 200, 100, 10, 6) == doctest::Approx(10));  // fits as it is
  CHECK(*fitting_size(10, 3, 1.2, 80, 100, 10, 6) == doctest::Approx(8));    // narrower: 80 / 10
  CHECK(*fitting_size(10, 5, 1.2, 200, 48, 10, 6) == doctest::Approx(8));    // lower: 48 / (5 × 1.2)
  CHECK(!fitting_size(10, 3, 1.2, 50, 100, 10, 6));                          // would need 5 pt
  CHECK(!fitting_size(1, 50, 1.2, 200, 100, 10, 6));                         // 50 lines
  Diagnostics diags;
  auto s = label_sheet_from_meta(MetaValue{}, diags);
  // 38.1 mm less 2 × 2.5 mm of padding, at 6 pt × 1.2: 13 lines.
  CHECK(label_line_capacity(*s) == 13);
}

TEST_CASE("envelopes: sizes, the automatic choice and the feed orientation") {
  Diagnostics diags;
  MetaValue meta;
  auto dl = envelope_from_meta(meta, diags);  // auto on A4 (or no paper): DL
  REQUIRE(dl);
  CHECK(dl->name == "dl");
  CHECK(dl->width == doctest::Approx(220 * kMm));
  CHECK(dl->height == doctest::Approx(110 * kMm));
  CHECK(dl->address.top + dl->address.height == doctest::Approx(95 * kMm));  // 15 mm above the bottom edge
  CHECK(!dl->turned);
  meta.set("papersize", text("Letter"));
  auto us = envelope_from_meta(meta, diags);
  REQUIRE(us);
  CHECK(us->name == "us10");
  CHECK(us->width == doctest::Approx(9.5 * 72));
  CHECK(us->height == doctest::Approx(4.125 * 72));
  // USPS OCR read area: ½ in from the sides, 5/8 in above the bottom, at most 2¾ in from it.
  CHECK(us->address.left >= 36);
  CHECK(us->address.left + us->address.width <= 9 * 72);
  CHECK(us->address.top + us->address.height <= (4.125 - 0.625) * 72 + 0.01);
  CHECK(us->address.top >= (4.125 - 2.75) * 72);
  meta.set("envelope", text("C4"));
  auto c4 = envelope_from_meta(meta, diags);
  REQUIRE(c4);
  CHECK(c4->height > c4->width);  // C4 is read upright
  meta.set("envelope", text("dl"));
  meta.set("envelope-feed", text("portrait"));
  CHECK(envelope_from_meta(meta, diags)->turned);
  meta.set("envelope-feed", text("landscape"));
  CHECK(!envelope_from_meta(meta, diags)->turned);
  CHECK(!diags.has_errors());
  meta.set("envelope", text("b5", 7));
  CHECK(!envelope_from_meta(meta, diags));
  REQUIRE(diags.has_errors());
  CHECK(to_string(diags.all().front().pos) == "doc.yaml:7:3");
}

// ---- Layout ----------------------------------------------------------------------------------------

TEST_CASE("envelopes: one page the envelope's size, the address in its area, the sender small at the top left") {
  Laid out = lay(envelope_doc());
  REQUIRE(!out.diags.has_errors());
  REQUIRE(out.doc.pages.size() == 1);
  const Page& page = out.doc.pages[0];
  CHECK(page.width == doctest::Approx(220 * kMm));
  CHECK(page.height == doctest::Approx(110 * kMm));
  Diagnostics diags;
  Rect area = envelope_from_meta(envelope_doc().meta, diags)->address;
  for (const char* word : {"Kim", "Min-ji", "Street", "48058"}) {
    auto runs = runs_of(page, word);
    REQUIRE(runs.size() == 1);
    CHECK(inside(*runs[0], area));
    CHECK(runs[0]->size == doctest::Approx(kEnvelopeTextSize));
  }
  auto sender = runs_of(page, "Lantern");
  REQUIRE(sender.size() == 1);
  CHECK(sender[0]->size < kEnvelopeTextSize);
  CHECK(sender[0]->x < 15 * kMm);
  CHECK(sender[0]->y < 20 * kMm);
  // No text of the letter: the template leaves no blocks, and blocks would not be set anyway.
  Document with_text = envelope_doc();
  Block body;
  body.node = Paragraph{{Inline{Text{"Body"}}}};
  with_text.blocks.push_back(body);
  CHECK(runs_of(lay(with_text).doc.pages[0], "Body").empty());
}

TEST_CASE("envelopes: the sender is the letterhead, else from:, else the return line") {
  Document d = envelope_doc();
  d.meta.set("from", address("Ji-won Han", "3 Lane"));
  d.meta.set("return-line", text("Lantern · 1 Road · Seoul"));
  CHECK(runs_of(lay(d).doc.pages[0], "Ji-won").empty());  // the letterhead wins
  d.meta = MetaValue{};
  const Document source = envelope_doc();  // outlives the pointers find() returns
  for (auto key : {"documentclass", "envelope", "to", "from", "return-line"})
    if (auto* v = source.meta.find(key)) d.meta.set(key, *v);
  d.meta.set("from", address("Ji-won Han", "3 Lane"));
  d.meta.set("return-line", text("Lantern · 1 Road · Seoul"));
  Laid from = lay(d);
  REQUIRE(runs_of(from.doc.pages[0], "Ji-won").size() == 1);
  CHECK(runs_of(from.doc.pages[0], "Seoul").empty());
  std::erase_if(d.meta.map, [](const auto& e) { return e.first == "from"; });
  Laid line = lay(d);
  auto seoul = runs_of(line.doc.pages[0], "Seoul");
  REQUIRE(seoul.size() == 1);
  CHECK(seoul[0]->y == doctest::Approx(runs_of(line.doc.pages[0], "Lantern")[0]->y));  // one line
}

TEST_CASE("envelopes: envelope-sender: false prints no sender, and a sender too long is an error") {
  Document d = envelope_doc();
  d.meta.set("envelope-sender", text("false"));
  Laid none = lay(d);
  REQUIRE(!none.diags.has_errors());
  CHECK(runs_of(none.doc.pages[0], "Lantern").empty());
  CHECK(runs_of(none.doc.pages[0], "Kim").size() == 1);
  d = envelope_doc();
  MetaValue head = address("Lantern", std::string(300, 'r'));
  head.pos = SourcePos{"doc.yaml", 4, 1};
  d.meta.set("letterhead", head);
  Laid long_sender = lay(d);
  REQUIRE(long_sender.diags.has_errors());
  CHECK(to_string(long_sender.diags.all().front().pos) == "doc.yaml:4:1");
  CHECK(long_sender.diags.all().front().message == "the sender does not fit the envelope's top left corner");
}

TEST_CASE("envelopes: fed portrait, the page is turned and so is every line") {
  Document d = envelope_doc();
  d.meta.set("envelope-feed", text("portrait"));
  Laid out = lay(d);
  REQUIRE(!out.diags.has_errors());
  const Page& page = out.doc.pages[0];
  CHECK(page.width == doctest::Approx(110 * kMm));
  CHECK(page.height == doctest::Approx(220 * kMm));
  auto kim = runs_of(page, "Kim");
  REQUIRE(kim.size() == 1);
  CHECK(kim[0]->angle == doctest::Approx(90));
  // Read upright the address is 20 + 4 mm from the envelope's left edge: on the turned page, as far above its bottom.
  CHECK(page.height - kim[0]->y == doctest::Approx(24 * kMm));
  // The envelope's top edge lies along the page's left edge: the sender near x = 0, the address further right.
  CHECK(runs_of(page, "Lantern")[0]->x < kim[0]->x);
}

TEST_CASE("envelopes: an address too long for the area shrinks, then is an error naming the record") {
  Document d = envelope_doc();
  std::string long_line(38, 'x');  // 38 × 6 pt = 228 pt at 12 pt; the DL area less 2 × 4 mm is 232 pt wide
  d.meta.set("to", address("Kim", long_line));
  Laid fits = lay(d);
  REQUIRE(!fits.diags.has_errors());
  CHECK(runs_of(fits.doc.pages[0], long_line)[0]->size == doctest::Approx(kEnvelopeTextSize));
  std::string longer(50, 'x');  // 50 × 0.5 × 12 = 300 pt: shrinks to 232 / 25 = 9.3 pt
  d.meta.set("to", address("Kim", longer));
  Laid shrunk = lay(d);
  REQUIRE(!shrunk.diags.has_errors());
  CHECK(runs_of(shrunk.doc.pages[0], longer)[0]->size == doctest::Approx(82 * kMm / 25));
  std::string too_long(80, 'x');  // would need 5.8 pt
  d.meta.set("to", address("Kim", too_long));
  MetaValue merge;
  merge.set("n", number(7));
  merge.set("at", text("donors.csv:8"));
  d.meta.set("merge", merge);
  Laid fails = lay(d);
  REQUIRE(fails.diags.has_errors());
  const Diagnostic& e = fails.diags.all().front();
  CHECK(to_string(e.pos) == "donors.csv:8");
  CHECK(e.message.starts_with("record 7: the address does not fit the dl envelope's address area"));
}

TEST_CASE("labels: each address inside its label, from label-start's slot, centred in its height") {
  Document d = sheet_doc({label_entry(3, 1, address("Ann Lee", "1 Main St\nSpringfield")),
                          label_entry(4, 2, address("Bo Kim", "2 Side St\nShelbyville"))});
  Laid out = lay(d);
  REQUIRE(!out.diags.has_errors());
  REQUIRE(out.doc.pages.size() == 1);
  const Page& page = out.doc.pages[0];
  CHECK(page.width == doctest::Approx(210 * kMm));
  CHECK(page.height == doctest::Approx(297 * kMm));
  Diagnostics diags;
  auto sheet = label_sheet_from_meta(d.meta, diags);
  for (const char* word : {"Ann", "Main", "Springfield"}) CHECK(inside(*runs_of(page, word)[0], sheet->label(3)));
  for (const char* word : {"Bo", "Side", "Shelbyville"}) CHECK(inside(*runs_of(page, word)[0], sheet->label(4)));
  // Nothing on labels 1 and 2, which were used before.
  for (const auto& item : page.items)
    if (auto* g = std::get_if<GlyphRun>(&item)) CHECK(g->y > sheet->label(3).top);
  // Three lines of 10 pt centred in the 38.1 mm label: the block's middle is the label's middle.
  double top = runs_of(page, "Ann")[0]->y - 0.8 * 10, bottom = runs_of(page, "Springfield")[0]->y + 0.2 * 10;
  Rect cell = sheet->label(3);
  CHECK((top + bottom) / 2 == doctest::Approx(cell.top + cell.height / 2).epsilon(0.01));
}

TEST_CASE("labels: an address too wide for its label shrinks to 6 pt, then is an error at its record") {
  std::string wide(70, 'w');  // 70 × 5 pt = 350 pt at 10 pt; the label's text is 258 pt wide: 7.4 pt
  Laid shrunk = lay(sheet_doc({label_entry(1, 1, address("Ann", wide))}));
  REQUIRE(!shrunk.diags.has_errors());
  double room = (99.1 - 8) * kMm;
  CHECK(runs_of(shrunk.doc.pages[0], wide)[0]->size == doctest::Approx(room / 35));
  std::string wider(90, 'w');  // would need 5.7 pt
  Laid fails = lay(sheet_doc({label_entry(1, 1, address("Ann", "ok")), label_entry(2, 15, address("Bo", wider))}));
  REQUIRE(fails.diags.error_count() == 1);
  const Diagnostic& e = fails.diags.all().front();
  CHECK(to_string(e.pos) == "donors.csv:16");
  CHECK(e.message.starts_with("record 15: the address does not fit its label (99.1 × 38.1 mm)"));
}

// ---- Compose: records onto sheets -----------------------------------------------------------------

TEST_CASE("labels: compose gathers records onto sheets, from label-start on the first") {
  compose::LabelSheets sheets(14, 3);
  std::vector<Document> out;
  for (int n = 1; n <= 15; ++n) {
    Document record;
    record.meta.set("documentclass", text("labels"));
    record.meta.set("to", address("Donor " + std::to_string(n), "Street"));
    MetaValue merge;
    merge.set("n", number(n));
    merge.set("at", text("donors.csv:" + std::to_string(n + 1)));
    record.meta.set("merge", merge);
    if (auto sheet = sheets.add(record)) out.push_back(std::move(*sheet));
  }
  REQUIRE(out.size() == 1);  // records 1–12 on slots 3–14 of sheet 1
  if (auto last = sheets.finish()) out.push_back(std::move(*last));
  REQUIRE(out.size() == 2);
  CHECK(!sheets.finish());
  const MetaValue* first = out[0].meta.find("sheet");
  REQUIRE(first);
  CHECK(first->find("n")->scalar == "1");
  const auto& labels = first->find("labels")->list;
  REQUIRE(labels.size() == 12);
  CHECK(labels.front().find("slot")->scalar == "3");
  CHECK(labels.front().find("record")->scalar == "1");
  CHECK(labels.front().find("at")->scalar == "donors.csv:2");
  CHECK(labels.front().find("to")->find("name")->scalar == "Donor 1");
  CHECK(labels.back().find("slot")->scalar == "14");
  CHECK(!out[0].meta.find("to"));  // the addresses are the labels'
  CHECK(!out[0].meta.find("merge"));
  CHECK(out[0].meta.find("documentclass")->scalar == "labels");
  const auto& second = out[1].meta.find("sheet")->find("labels")->list;
  REQUIRE(second.size() == 3);
  CHECK(out[1].meta.find("sheet")->find("n")->scalar == "2");
  CHECK(second.front().find("slot")->scalar == "1");  // label-start counts on the first sheet only
  CHECK(second.back().find("record")->scalar == "15");
  // The sheets lay out: 12 and 3 addresses.
  int words = 0;
  const Laid sheet = lay(out[1]);  // a range-for keeps only the outermost temporary alive
  for (const auto& item : sheet.doc.pages[0].items)
    if (auto* g = std::get_if<GlyphRun>(&item); g && g->text == "Donor") ++words;
  CHECK(words == 3);
}

TEST_CASE("labels: label-outlines draws every label's edge for a proof, and nothing else changes") {
  Document d = sheet_doc({label_entry(1, 1, address("Ann", "1 Road"))}, "avery-l7160");
  auto rules = [](const Page& page) {
    std::vector<Rule> out;
    for (const auto& item : page.items)
      if (auto* r = std::get_if<Rule>(&item)) out.push_back(*r);
    return out;
  };
  CHECK(rules(lay(d).doc.pages[0]).empty());
  d.meta.set("label-outlines", text("true"));
  Laid out = lay(d);
  REQUIRE(!out.diags.has_errors());
  auto edges = rules(out.doc.pages[0]);
  REQUIRE(edges.size() == 4 * 21);
  Diagnostics diags;
  Rect last = label_sheet_from_meta(d.meta, diags)->label(21);
  CHECK(edges.back().x + edges.back().width == doctest::Approx(last.left + last.width));
  CHECK(edges.back().y + edges.back().height == doctest::Approx(last.top + last.height));
  d.meta.set("label-outlines", text("maybe", 5));
  CHECK(lay(d).diags.has_errors());
}

TEST_CASE("labels: a sheet without labels is a warning; the class is read in any case") {
  Document d = sheet_doc({});
  Laid out = lay(d);
  CHECK(!out.diags.has_errors());
  REQUIRE(out.diags.all().size() == 1);
  CHECK(out.diags.all().front().message == "this sheet of labels has no labels");
  d.meta.set("documentclass", text("Envelope"));
  d.meta.set("to", address("Kim", "2 Street"));
  CHECK(is_envelope(d.meta));
  CHECK(lay(d).doc.pages[0].width == doctest::Approx(220 * kMm));
}
