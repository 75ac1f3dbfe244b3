// Pagination: widows and orphans, keeps, footnotes at the page bottom, split table rows, the table of
// contents and outline, numbered sections, running headers and footers, the watermark and the style
// map. FixedMetrics: every glyph 0.5 em, so positions are computed by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "layout_fixtures.hpp"
#include "quire/layout/engine.hpp"
#include "quire/layout/flow.hpp"

using namespace quire;
using namespace quire::layout;
using namespace quire::model;

namespace {

FontSet fonts12() { return test::thirteen_faces(); }

// Images named "square…" are 100 × 100 px at 72 dpi (100 pt); every other image is missing.
class SquareImages : public ImageProbe {
 public:
  std::optional<ImageSize> probe(const std::string& url, const std::string&, const model::SourcePos&) const override {
    if (url.rfind("square", 0) != 0) return std::nullopt;
    return ImageSize{url, 100, 100, 72};
  }
};

template <class T>
Block blk(T node) {
  Block b;
  b.node = std::move(node);
  return b;
}
Inline txt(std::string s) { return Inline{Text{std::move(s)}}; }
Block para(std::string s) { return blk(Paragraph{{txt(std::move(s))}}); }
Block head(int level, std::string s, std::string id = "") {
  return blk(Heading{level, {txt(std::move(s))}, std::move(id)});
}

// `n` words "p001 p002 …" (4 characters: 22 pt at 11 pt; 7 words fill a 200 pt line).
std::string words(int n, const std::string& prefix, int from = 1) {
  std::string s;
  for (int i = from; i < from + n; ++i) {
    if (i > from) s += ' ';
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%03d", prefix.c_str(), i);
    s += buf;
  }
  return s;
}

// Line height 16.5 (11 pt × 1.5), paragraph space 9.9, a text block `lines` lines high, 200 pt wide.
Style style_of(double text_height) {
  Style s;
  s.leading = 1.5;
  s.page_width = 144 + 200;
  s.page_height = 144 + text_height;
  s.footer[1].clear();  // no page numbers unless a test asks
  s.justify = false;    // first-fit ragged lines: 7 words a line, whatever the paragraph breaker does
  s.hyphenate = false;
  return s;
}

struct Out {
  LaidOutDocument doc;
  Diagnostics diags;
};

Out lay(const Document& d, const Style& style) {
  Out o;
  o.doc = layout_document(d, style, fonts12(), FixedMetrics(), SquareImages(), o.diags);
  return o;
}

// A 100 pt square image with a one-line caption: 100 + 6.6 (0.4 line) + 14.85 (9.9 pt italic × 1.5)
// = 121.45 pt high.
Block figure(const std::string& caption) {
  return blk(model::Image{"square-" + caption + ".png", {txt(caption)}, "", {}, {}, {}, {}});
}

Document doc_of(Blocks bs) {
  Document d;
  d.blocks = std::move(bs);
  return d;
}

struct Found {
  int page = -1;
  GlyphRun run;
};

Found find(const LaidOutDocument& doc, const std::string& text) {
  for (std::size_t p = 0; p < doc.pages.size(); ++p)
    for (const auto& item : doc.pages[p].items)
      if (auto* g = std::get_if<GlyphRun>(&item); g && g->text == text) return {int(p), *g};
  return {};
}

template <class T>
std::vector<std::pair<int, T>> all(const LaidOutDocument& doc) {
  std::vector<std::pair<int, T>> out;
  for (std::size_t p = 0; p < doc.pages.size(); ++p)
    for (const auto& item : doc.pages[p].items)
      if (auto* x = std::get_if<T>(&item)) out.push_back({int(p), *x});
  return out;
}

int anchor_page(const LaidOutDocument& doc, const std::string& id) {
  for (auto& [p, a] : all<Anchor>(doc))
    if (a.id == id) return p;
  return -1;
}

}  // namespace

TEST_CASE("a paragraph never leaves a single line at the bottom of a page (orphan)") {
  // 8 lines (132) + 9.9 space: the next paragraph's first line would end at 158.4 ≤ 165, its second
  // would not fit; one line alone is an orphan, so the whole paragraph moves.
  Style style = style_of(165);
  auto d = doc_of({para(words(56, "a")), para(words(21, "b"))});
  auto out = lay(d, style);
  CHECK(find(out.doc, "a056").page == 0);
  CHECK(find(out.doc, "b001").page == 1);
  CHECK(find(out.doc, "b001").run.y == doctest::Approx(72 + 11.55));
  style.orphans = 1;
  auto loose = lay(d, style);
  CHECK(find(loose.doc, "b001").page == 0);
  CHECK(find(loose.doc, "b008").page == 1);
}

TEST_CASE("a paragraph never leaves a single line at the top of a page (widow)") {
  // 11 lines of 7 words on a 10-line page: the 11th would be a widow, so line 10 (words 64–70) moves too.
  Style style = style_of(165);
  auto d = doc_of({para(words(77, "a"))});
  auto out = lay(d, style);
  REQUIRE(out.doc.pages.size() == 2);
  CHECK(find(out.doc, "a063").page == 0);
  CHECK(find(out.doc, "a064").page == 1);
  CHECK(find(out.doc, "a064").run.y == doctest::Approx(72 + 11.55));
  style.widows = 1;
  CHECK(find(lay(d, style).doc, "a070").page == 0);
  // widows: 3 moves a third line.
  style.widows = 3;
  CHECK(find(lay(d, style).doc, "a057").page == 1);
}

TEST_CASE("a heading stays with the first two lines of its paragraph") {
  // 5 lines (82.5), heading 24 above + 24 high + 8 below → 138.5; the next paragraph's first line fits
  // (155), its second (171.5) does not: the heading goes to the next page with both lines.
  Style style = style_of(165);
  auto out = lay(doc_of({para(words(35, "a")), head(1, "Next"), para(words(21, "b"))}), style);
  REQUIRE(out.doc.pages.size() == 2);
  CHECK(find(out.doc, "Next").page == 1);
  CHECK(find(out.doc, "Next").run.y == doctest::Approx(72 + 2 + 16));
  CHECK(find(out.doc, "b001").page == 1);
}

std::vector<std::pair<int, PlacedImage>> images(const LaidOutDocument& doc) { return all<PlacedImage>(doc); }

TEST_CASE("a figure that does not fit floats to the top of the next page and the text fills the page") {
  // 200 pt page: 5 lines (82.5) + 9.9 + the figure (121.45) = 213.85 does not fit. The next paragraph
  // fills the page instead: 82.5 + 9.9 + 6 lines (99) = 191.4; its last 4 lines follow the figure.
  Style style = style_of(200);
  auto out = lay(doc_of({para(words(35, "a")), figure("FigA"), para(words(70, "b"))}), style);
  REQUIRE(out.doc.pages.size() == 2);
  CHECK(find(out.doc, "a035").page == 0);
  CHECK(find(out.doc, "b042").page == 0);
  CHECK(find(out.doc, "b042").run.y == doctest::Approx(72 + 82.5 + 9.9 + 5 * 16.5 + 11.55));
  auto placed = images(out.doc);
  REQUIRE(placed.size() == 1);
  CHECK(placed[0].first == 1);
  CHECK(placed[0].second.y == doctest::Approx(72));
  CHECK(find(out.doc, "FigA").page == 1);
  CHECK(find(out.doc, "FigA").run.y == doctest::Approx(72 + 106.6 + 2.475 + 7.92));
  // The text goes on under the figure, the figure's space after it kept.
  CHECK(find(out.doc, "b043").page == 1);
  CHECK(find(out.doc, "b043").run.y == doctest::Approx(72 + 121.45 + 9.9 + 11.55));
  CHECK(out.doc.pages[1].items.size() > 0);

  // Widows still hold for the text that fills the page: of 7 lines, 6 fit, but 5 stay and 2 go.
  auto widow = lay(doc_of({para(words(35, "a")), figure("FigA"), para(words(49, "b"))}), style);
  CHECK(find(widow.doc, "b035").page == 0);
  CHECK(find(widow.doc, "b036").page == 1);
  CHECK(images(widow.doc)[0].first == 1);

  // A figure that fits stays in place.
  auto fits = lay(doc_of({para(words(35, "a")), figure("FigA"), para(words(70, "b"))}), style_of(300));
  CHECK(images(fits.doc)[0].first == 0);
  CHECK(find(fits.doc, "FigA").page == 0);
  CHECK(find(fits.doc, "b001").page == 0);
  CHECK(find(fits.doc, "b001").run.y > images(fits.doc)[0].second.y + 100);
}

TEST_CASE("floating figures keep their order and float at most one page") {
  // A floats; A and B do not fit one page together, so page 1 ends before B. Page 2 opens with A; B does
  // not fit under it and floats to page 3 while the text fills page 2 (4 lines under A).
  Style style = style_of(200);
  auto out = lay(doc_of({para(words(35, "a")), figure("FigA"), figure("FigB"), para(words(140, "b"))}), style);
  auto placed = images(out.doc);
  REQUIRE(placed.size() == 2);
  CHECK(placed[0].second.path == "square-FigA.png");
  CHECK(placed[0].first == 1);
  CHECK(placed[0].second.y == doctest::Approx(72));
  CHECK(placed[1].second.path == "square-FigB.png");
  CHECK(placed[1].first == 2);
  CHECK(placed[1].second.y == doctest::Approx(72));
  CHECK(find(out.doc, "b001").page == 1);
  CHECK(find(out.doc, "b028").page == 1);
  CHECK(find(out.doc, "b029").page == 2);
  CHECK(find(out.doc, "FigA").page == 1);
  CHECK(find(out.doc, "FigB").page == 2);

  // Two small figures that float together open the next page in order, one under the other.
  Style tall = style_of(300);
  auto both = lay(doc_of({para(words(91, "a")), figure("FigA"), figure("FigB"), para(words(70, "b"))}), tall);
  auto two = images(both.doc);
  REQUIRE(two.size() == 2);
  CHECK(two[0].first == 1);
  CHECK(two[1].first == 1);
  CHECK(two[0].second.y == doctest::Approx(72));
  CHECK(two[1].second.y == doctest::Approx(72 + 121.45 + 9.9));
  CHECK(find(both.doc, "b001").page == 0);
}

TEST_CASE("the text that fills a page past a floating figure keeps its footnotes and headings") {
  // A note referenced in the first line after the figure goes to the foot of page 1 with its reference:
  // the note area (16.5 + 14.025) leaves room for 4 lines after the 5 of the first paragraph.
  Style style = style_of(200);
  Inlines in{txt("ref"), Inline{FootnoteRef{"n"}}, txt(" " + words(69, "b", 2))};
  auto out = lay(
      doc_of({para(words(35, "a")), figure("FigA"), blk(Paragraph{in}), blk(FootnoteDef{"n", {para("nt1")}})}), style);
  CHECK(find(out.doc, "ref").page == 0);
  CHECK(find(out.doc, "nt1").page == 0);
  CHECK(find(out.doc, "b028").page == 0);
  CHECK(find(out.doc, "b029").page == 1);
  CHECK(images(out.doc)[0].first == 1);
  // A heading before a figure that floats stays with the text that follows the figure.
  auto head_first = lay(doc_of({para(words(35, "a")), head(2, "Next"), figure("FigA"), para(words(70, "b"))}), style);
  CHECK(find(head_first.doc, "Next").page == 0);
  CHECK(find(head_first.doc, "b001").page == 0);
  CHECK(find(head_first.doc, "b022").page == 0);
  CHECK(images(head_first.doc)[0].first == 1);
  // When only the heading would fit, it goes to the next page with the figure rather than end the page.
  auto alone = lay(doc_of({para(words(56, "a")), head(2, "Next"), figure("FigA"), para(words(70, "b"))}), style);
  CHECK(find(alone.doc, "Next").page == 1);
  CHECK(find(alone.doc, "b001").page == 1);
}

TEST_CASE("a floating figure never passes a page break: it gets a page of its own before it") {
  Style style = style_of(200);
  auto out = lay(doc_of({para(words(35, "a")), figure("FigA"), para(words(14, "b")), blk(model::PageBreak{}),
                         para(words(7, "c"))}),
                 style);
  REQUIRE(out.doc.pages.size() == 3);
  CHECK(find(out.doc, "b014").page == 0);
  CHECK(images(out.doc)[0].first == 1);
  CHECK(find(out.doc, "c001").page == 2);
  // At the end of the document, too, a waiting figure gets its page.
  auto last = lay(doc_of({para(words(35, "a")), figure("FigA"), para(words(14, "b"))}), style);
  REQUIRE(last.doc.pages.size() == 2);
  CHECK(images(last.doc)[0].first == 1);
  CHECK(find(last.doc, "b014").page == 0);
}

TEST_CASE("a footnote goes to the bottom of the page that references it, under a short rule") {
  // Page 1: 10 lines of text, minus the note area: skip 16.5 + one note line 14.025 (9.35 × 1.5).
  Style style = style_of(165);
  Inlines in{txt(words(20, "a") + " ref"), Inline{FootnoteRef{"n"}}, txt(" " + words(120, "a", 21))};
  auto d = doc_of({blk(Paragraph{in}), blk(FootnoteDef{"n", {para("nt1")}})});
  auto out = lay(d, style);
  auto note = find(out.doc, "nt1");
  auto ref = find(out.doc, "ref");
  REQUIRE(note.page == 0);
  CHECK(ref.page == 0);
  double bottom = 72 + 165, area = 16.5 + 14.025;
  CHECK(note.run.y == doctest::Approx(bottom - area + 16.5 + (14.025 - 9.35) / 2 + 0.8 * 9.35));
  CHECK(note.run.size == doctest::Approx(9.35));
  // The text stops above the note area: 8 lines (132 ≤ 165 − 30.525 < 148.5).
  CHECK(find(out.doc, "a055").page == 0);  // 8 lines of 7 words, the reference's "ref" among them
  CHECK(find(out.doc, "a056").page == 1);
  // One short rule on page 1, none on page 2; the text of page 2 runs to the bottom.
  int rules[2] = {};
  for (auto& [p, r] : all<Rule>(out.doc)) ++rules[p];
  CHECK(rules[0] == 1);
  CHECK(rules[1] == 0);
  // Links both ways: the mark to the note, the note's number back to the mark.
  CHECK(anchor_page(out.doc, "fn-1") == 0);
  CHECK(anchor_page(out.doc, "fnref-1") == 0);
  std::set<std::string> urls;
  for (auto& [p, l] : all<LinkArea>(out.doc)) urls.insert(l.url);
  CHECK(urls.count("#fn-1"));
  CHECK(urls.count("#fnref-1"));
}

TEST_CASE("a footnote whose reference falls on page 2 is set on page 2") {
  Style style = style_of(165);
  Inlines in{txt(words(100, "a") + " late"), Inline{FootnoteRef{"n"}}, txt(" end")};
  auto out = lay(doc_of({blk(Paragraph{in}), blk(FootnoteDef{"n", {para("nt1")}})}), style);
  auto ref = find(out.doc, "late");
  REQUIRE(ref.page >= 1);
  CHECK(find(out.doc, "nt1").page == ref.page);
  CHECK(anchor_page(out.doc, "fn-1") == ref.page);
}

TEST_CASE("a note too long for its page splits, the rest at the bottom of the next page") {
  // 14 note lines (196 pt) never fit a 165 pt page. The reference is on line 2; 8 note lines fit under
  // two lines of text (33 + 16.5 + 8 × 14.025 = 161.7), the other 6 go to page 2 first.
  Style style = style_of(165);
  Inlines in{txt(words(10, "a") + " ref"), Inline{FootnoteRef{"n"}}, txt(" " + words(20, "a", 11))};
  auto d = doc_of({blk(Paragraph{in}), blk(FootnoteDef{"n", {para(words(98, "n"))}})});
  auto out = lay(d, style);
  REQUIRE(out.doc.pages.size() == 2);
  CHECK(find(out.doc, "ref").page == 0);
  CHECK(find(out.doc, "n056").page == 0);
  CHECK(find(out.doc, "n057").page == 1);
  CHECK(find(out.doc, "a013").page == 0);
  CHECK(find(out.doc, "a014").page == 1);  // line 3 on: the page ended under the reference
  // Page 2: the rest of the note at the bottom, ending on the bottom margin.
  double last = 0;
  for (auto& [p, g] : all<GlyphRun>(out.doc))
    if (p == 1 && g.text[0] == 'n') last = std::max(last, g.y);
  CHECK(last == doctest::Approx(72 + 165 - (14.025 - 9.35) / 2 - 0.2 * 9.35));
}

TEST_CASE("a table row taller than a page is split between lines, with a warning, never past the margin") {
  Style style = style_of(100);
  Table t;
  t.aligns = {Align::Left, Align::Left};
  t.header = {{txt("Key")}, {txt("Value")}};
  t.rows.push_back({{txt("one")}, {txt(words(150, "v"))}});
  t.rows.push_back({{txt("two")}, {txt("short")}});
  auto out = lay(doc_of({blk(t)}), style);
  CHECK(out.diags.all().size() == 1);
  CHECK(out.doc.pages.size() > 3);
  for (auto& [p, g] : all<GlyphRun>(out.doc)) CHECK(g.y <= 72 + 100);
  for (auto& [p, r] : all<Rule>(out.doc)) CHECK(r.y + r.height <= 72 + 100 + 1e-6);
  for (int i = 1; i <= 150; ++i) CHECK(find(out.doc, words(1, "v", i)).page >= 0);
  // Every page starts with the repeated header.
  for (const auto& page : out.doc.pages) {
    auto first =
        std::find_if(page.items.begin(), page.items.end(), [](auto& i) { return std::holds_alternative<GlyphRun>(i); });
    REQUIRE(first != page.items.end());
    CHECK(std::get<GlyphRun>(*first).text == "Key");
  }
}

namespace {

// A document of `n` chapters, each a heading and two paragraphs, with a title and `toc: true`.
Document toc_doc(int n) {
  Document d;
  d.meta.set("title", MetaValue::string("Rep"));
  for (int i = 1; i <= n; ++i) {
    d.blocks.push_back(head(1 + (i % 3 == 0), "Ch" + std::to_string(i)));
    d.blocks.push_back(para(words(40, "c")));
    d.blocks.push_back(para(words(20, "d")));
  }
  return d;
}

// The page number the contents give for heading `id`: the digits at the right end of its entry.
std::string toc_number(const LaidOutDocument& doc, const std::string& id) {
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    for (const auto& item : doc.pages[p].items) {
      auto* link = std::get_if<LinkArea>(&item);
      if (!link || link->url != "#" + id) continue;
      std::string number;
      double x = -1;
      for (const auto& other : doc.pages[p].items) {
        auto* g = std::get_if<GlyphRun>(&other);
        if (g && g->y > link->y && g->y < link->y + link->height && g->x > x && std::isdigit((unsigned char)g->text[0]))
          number = g->text, x = g->x;
      }
      if (!number.empty()) return number;
    }
  }
  return "";
}

}  // namespace

TEST_CASE("the contents list every heading with the page it is on, even when they span pages") {
  Style style = style_of(300);
  style.toc = true;
  style.toc_title = "TOC";
  auto d = toc_doc(40);
  auto out = lay(d, style);
  // The contents take more than one page here (40 entries of 16.5 pt and more on 300 pt pages).
  CHECK(find(out.doc, "TOC").page == 0);
  CHECK(anchor_page(out.doc, "ch1") >= 2);
  for (int i = 1; i <= 40; ++i) {
    std::string id = "ch" + std::to_string(i);
    int page = anchor_page(out.doc, id);
    REQUIRE(page >= 0);
    CHECK_MESSAGE(toc_number(out.doc, id) == std::to_string(page + 1), id);
  }
  // Dot leaders line up: every leader dot sits on the same grid.
  std::set<long> columns;
  for (auto& [p, g] : all<GlyphRun>(out.doc))
    if (g.text == "." && p < 2) columns.insert(std::lround(std::fmod(g.x - 72, 11.0) * 100));
  CHECK(columns.size() == 1);
  // toc-depth 1 leaves out the level-2 headings.
  style.toc_depth = 1;
  auto shallow = lay(d, style);
  CHECK(toc_number(shallow.doc, "ch3") == "");
  CHECK(toc_number(shallow.doc, "ch4") != "");
}

TEST_CASE("the outline has one entry per heading with its level, page and y, ids are made unique") {
  Style style = style_of(300);
  auto d = doc_of({head(1, "Ino"), para(words(10, "a")), head(2, "Pt one"), para(words(200, "b")),
                   head(3, "Dp", "custom"), head(2, "Pt one"), para("x")});
  auto out = lay(d, style);
  const auto& o = out.doc.outline;
  REQUIRE(o.size() == 4);
  CHECK(o[0].title == "Ino");
  CHECK(o[0].level == 1);
  CHECK(o[0].page == 0);
  CHECK(o[0].y == doctest::Approx(72));
  CHECK(o[2].level == 3);
  CHECK(o[2].page == anchor_page(out.doc, "custom"));
  CHECK(o[2].page >= 1);
  CHECK(anchor_page(out.doc, "pt-one") == 0);
  CHECK(anchor_page(out.doc, "pt-one-1") == o[3].page);
}

TEST_CASE("numbersections numbers headings 1, 1.1, 1.1.1 in the text, the contents and the outline") {
  Style style = style_of(400);
  style.number_sections = true;
  style.toc = true;
  auto d = doc_of({head(1, "A"), head(2, "B"), head(3, "C"), head(4, "D"), head(2, "E"), head(1, "F"), para("x")});
  auto out = lay(d, style);
  std::vector<std::string> titles;
  for (const auto& e : out.doc.outline) titles.push_back(e.title);
  CHECK(titles == std::vector<std::string>{"1 A", "1.1 B", "1.1.1 C", "D", "1.2 E", "2 F"});
  // In the text (page 2, after the contents) and in the contents (page 1).
  int text_numbers = 0, toc_numbers = 0;
  for (auto& [p, g] : all<GlyphRun>(out.doc))
    if (g.text == "1.1.1") ++(p == 0 ? toc_numbers : text_numbers);
  CHECK(text_numbers == 1);
  CHECK(toc_numbers == 1);
}

TEST_CASE("running headers and footers fill title, section, page and pages, the title page has none") {
  Style style = style_of(165);
  style.header[0] = "{title}";
  style.header[2] = "{section}";
  style.footer[1] = "Page {page} of {pages}";
  Document d;
  d.meta.set("title", MetaValue::string("Rep"));
  d.blocks = {head(1, "Alf"),       para(words(70, "a")), head(2, "Bet"),
              para(words(70, "b")), head(3, "Gam"),       para(words(70, "c"))};
  auto out = lay(d, style);
  int pages = int(out.doc.pages.size());
  REQUIRE(pages >= 4);
  double foot = 72 + 165 + 36 + 0.3 * 9.9, top = 36 + 0.3 * 9.9;
  for (int p = 0; p < pages; ++p) {
    std::vector<std::string> footer, header;
    for (const auto& item : out.doc.pages[p].items) {
      auto* g = std::get_if<GlyphRun>(&item);
      if (g && std::abs(g->y - foot) < 1e-6) footer.push_back(g->text);
      if (g && std::abs(g->y - top) < 1e-6) header.push_back(g->text);
    }
    if (p == 0) {
      CHECK(footer.empty());
      CHECK(header.empty());
      continue;
    }
    CHECK(footer == std::vector<std::string>{"Page", std::to_string(p + 1), "of", std::to_string(pages)});
    REQUIRE(header.size() == 2);
    CHECK(header[0] == "Rep");
    // The section: the last level-1 or level-2 heading on or before the page ("Gam" is level 3).
    int beta = anchor_page(out.doc, "bet");
    CHECK(header[1] == (p >= beta ? "Bet" : "Alf"));
  }
  // A letter's page 1 carries none even without a title block; first-page-furniture overrides.
  d.meta = {};
  style.first_page_furniture = false;
  auto letter = lay(d, style);
  CHECK(find(letter.doc, "Page").page == 1);
  style.first_page_furniture = true;
  CHECK(find(lay(d, style).doc, "Page").page == 0);
}

// The furniture runs of page p at baseline y, as (x, text).
// The same runs at the same places, to a thousandth of a point (advances are single precision).
bool same_runs(const std::vector<std::pair<double, std::string>>& a,
               const std::vector<std::pair<double, std::string>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::abs(a[i].first - b[i].first) > 1e-3 || a[i].second != b[i].second) return false;
  return true;
}

std::vector<std::pair<double, std::string>> furniture_at(const LaidOutDocument& doc, int p, double y) {
  std::vector<std::pair<double, std::string>> out;
  for (const auto& item : doc.pages[p].items)
    if (auto* g = std::get_if<GlyphRun>(&item); g && std::abs(g->y - y) < 1e-6) out.push_back({g->x, g->text});
  return out;
}

TEST_CASE("twoside mirrors headers and footers on even pages, header-even and footer-even replace them") {
  Style style = style_of(165);
  style.header[0] = "{title}";
  style.header[2] = "{section}";
  style.footer[2] = "{page}";
  Document d;
  d.meta.set("title", MetaValue::string("Rep"));
  d.blocks = {head(1, "Alf"), para(words(210, "a"))};
  double foot = 72 + 165 + 36 + 0.3 * 9.9, top = 36 + 0.3 * 9.9, right = 72 + 200;
  auto width = [](const std::string& s) { return 0.5 * 9.9 * double(s.size()); };
  // One-sided (the default): page 2 and page 3 alike, the number at the right.
  auto one = lay(d, style);
  REQUIRE(one.doc.pages.size() >= 4);
  CHECK(same_runs(furniture_at(one.doc, 1, foot), {{right - width("2"), "2"}}));
  CHECK(same_runs(furniture_at(one.doc, 2, foot), {{right - width("3"), "3"}}));
  // twoside: page 2 (even, left-hand) has the number at the left margin and the header mirrored.
  style.twoside = true;
  auto two = lay(d, style);
  CHECK(same_runs(furniture_at(two.doc, 1, foot), {{72, "2"}}));
  CHECK(same_runs(furniture_at(two.doc, 2, foot), {{right - width("3"), "3"}}));
  CHECK(same_runs(furniture_at(two.doc, 1, top), {{72, "Alf"}, {right - width("Rep"), "Rep"}}));
  CHECK(same_runs(furniture_at(two.doc, 2, top), {{72, "Rep"}, {right - width("Alf"), "Alf"}}));
  // Even-page fields of their own win over twoside; fields not given are empty on even pages.
  style.header_even = std::array<std::string, 3>{"", "{section}", ""};
  style.footer_even = std::array<std::string, 3>{"{page}", "", ""};
  auto own = lay(d, style);
  CHECK(same_runs(furniture_at(own.doc, 1, top), {{72 + (200 - width("Alf")) / 2, "Alf"}}));
  CHECK(same_runs(furniture_at(own.doc, 1, foot), {{72, "2"}}));
  CHECK(furniture_at(own.doc, 2, top).size() == 2);
  CHECK(same_runs(furniture_at(own.doc, 3, foot), {{72, "4"}}));
}

TEST_CASE("twoside, classoption and the even-page keys are read from the metadata") {
  Diagnostics diags;
  MetaValue meta;
  MetaValue style;
  style.set("footer-even-left", MetaValue::string("{page}"));
  style.set("header-even-right", MetaValue::string("{title}"));
  meta.set("style", style);
  Style s = style_from_meta(meta, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(s.twoside);
  REQUIRE(s.footer_even);
  CHECK(*s.footer_even == std::array<std::string, 3>{"{page}", "", ""});
  REQUIRE(s.header_even);
  CHECK(*s.header_even == std::array<std::string, 3>{"", "", "{title}"});
  MetaValue pandoc;
  MetaValue options;
  options.kind = MetaValue::Kind::List;
  options.list.push_back(MetaValue::string("a4paper"));
  options.list.push_back(MetaValue::string("twoside"));
  pandoc.set("classoption", options);
  CHECK(style_from_meta(pandoc, diags).twoside);
  MetaValue flag;
  MetaValue map;
  map.set("twoside", MetaValue::string("true"));
  flag.set("style", map);
  CHECK(style_from_meta(flag, diags).twoside);
  CHECK_FALSE(style_from_meta(MetaValue{}, diags).header_even);
}

TEST_CASE("a watermark is drawn first on every page, diagonal, light and centred") {
  Style style = style_of(165);
  style.watermark = "DRAF";
  auto out = lay(doc_of({para(words(150, "a"))}), style);
  REQUIRE(out.doc.pages.size() >= 2);
  for (const auto& page : out.doc.pages) {
    REQUIRE(!page.items.empty());
    auto* g = std::get_if<GlyphRun>(&page.items.front());
    REQUIRE(g);
    CHECK(g->text == "DRAF");
    CHECK(g->angle == 45);
    CHECK(g->color.r == doctest::Approx(0.85));
    // The text's middle is the page's centre: start + half its width along 45°, + half the rise up.
    double w = 4 * 0.5 * g->size, rise = 0.35 * g->size, a = 3.14159265358979 / 4;
    double cx = g->x + std::cos(a) * w / 2 - std::sin(a) * rise, cy = g->y - std::sin(a) * w / 2 - std::cos(a) * rise;
    CHECK(cx == doctest::Approx(page.width / 2));
    CHECK(cy == doctest::Approx(page.height / 2));
    CHECK(w <= 0.6 * std::hypot(page.width, page.height) + 1e-6);
  }
}

TEST_CASE("indent: true indents the first line of a following paragraph, with no space between") {
  Style style = style_of(400);
  style.indent = true;
  auto out = lay(doc_of({head(1, "H"), para(words(10, "a")), para(words(10, "b"))}), style);
  auto a1 = find(out.doc, "a001"), a8 = find(out.doc, "a008"), b1 = find(out.doc, "b001");
  CHECK(a1.run.x == doctest::Approx(72));  // the first paragraph after a heading is not indented
  CHECK(b1.run.x == doctest::Approx(72 + 16.5));
  CHECK(b1.run.y == doctest::Approx(a8.run.y + 16.5));
  // The indent takes room from the first line only: 6 words fit beside it (6 × 27.5 + 16.5 ≤ 200 + 5.5).
  CHECK(find(out.doc, "b007").run.x == doctest::Approx(72));
}

TEST_CASE("the style map sets page, type, colours, furniture and pagination keys") {
  Diagnostics diags;
  MetaValue meta;
  MetaValue style;
  style.set("margin-top", MetaValue::string("2cm"));
  style.set("fontsize", MetaValue::string("12pt"));
  style.set("indent", MetaValue::string("true"));
  style.set("widows", MetaValue::string("3"));
  style.set("heading-color", MetaValue::string("#ff8000"));
  style.set("footer-center", MetaValue::string("Page {page} of {pages}"));
  style.set("header-left", MetaValue::string("{title}"));
  style.set("align", MetaValue::string("justify"));
  style.set("colour", MetaValue::string("red"));  // unknown: a warning
  meta.set("style", style);
  meta.set("toc", MetaValue::string("true"));
  meta.set("toc-depth", MetaValue::string("2"));
  meta.set("numbersections", MetaValue::string("true"));
  meta.set("watermark", MetaValue::string("CONFIDENTIAL"));
  meta.set("documentclass", MetaValue::string("letter"));
  Style s = style_from_meta(meta, diags);
  CHECK(!diags.has_errors());
  CHECK(diags.all().size() == 1);
  CHECK(s.margin_top == doctest::Approx(72 / 2.54 * 2));
  CHECK(s.font_size == 12);
  CHECK(s.indent);
  CHECK(s.widows == 3);
  CHECK(s.heading_color.g == doctest::Approx(128 / 255.0));
  CHECK(s.footer[1] == "Page {page} of {pages}");
  CHECK(s.header[0] == "{title}");
  CHECK(s.justify);
  CHECK(s.toc);
  CHECK(s.toc_depth == 2);
  CHECK(s.number_sections);
  CHECK(s.watermark == "CONFIDENTIAL");
  CHECK(s.first_page_furniture == false);
  Diagnostics bad;
  MetaValue wrong;
  MetaValue ws;
  ws.set("orphans", MetaValue::string("many"));
  ws.set("text-color", MetaValue::string("#12"));
  wrong.set("style", ws);
  style_from_meta(wrong, bad);
  CHECK(bad.error_count() == 2);
}

TEST_CASE("planning reads the list without changing it, and is repeatable") {
  Style style = style_of(165);
  VList list;
  for (int i = 0; i < 25; ++i) {
    VBox b;
    b.height = 16.5;
    b.line = i;
    b.lines = 25;
    list.items.push_back(b);
  }
  Plan first = plan_pages(list, style), second = plan_pages(list, style);
  REQUIRE(first.pages.size() == 3);
  CHECK(first.pages[0].boxes.size() == 10);
  CHECK(first.pages[1].boxes.size() == 10);
  CHECK(first.pages[2].boxes.size() == 5);
  CHECK(second.page_of == first.page_of);
  CHECK(first.page_of[10] == 1);
  // 21 lines: the last page would hold one (a widow), so page 2 gives up one line.
  list.items.resize(21);
  for (auto& item : list.items) std::get<VBox>(item).lines = 21;
  Plan widow = plan_pages(list, style);
  CHECK(widow.pages[1].boxes.size() == 9);
  CHECK(widow.pages[2].boxes.size() == 2);
}

TEST_CASE("a page does not end with a word broken at a hyphen when it can end a line earlier") {
  Style style = style_of(165);  // 10 lines of 16.5 a page
  auto lines = [](int n, int hyphenated) {
    VList list;
    for (int i = 0; i < n; ++i) {
      VBox b;
      b.height = 16.5;
      b.line = i;
      b.lines = n;
      b.hyphenated = i == hyphenated;
      list.items.push_back(b);
    }
    return list;
  };
  // Line 10 (index 9) ends in a hyphen: page 1 ends after line 9 and the hyphen opens page 2.
  Plan plan = plan_pages(lines(25, 9), style);
  CHECK(plan.pages[0].boxes.size() == 9);
  CHECK(plan.page_of[9] == 1);
  // A hyphen elsewhere changes nothing.
  CHECK(plan_pages(lines(25, 5), style).pages[0].boxes.size() == 10);
  // With widow control: 11 lines end page 1 after 9 (9 + 2); line 9 ends in a hyphen, so 8 + 3.
  CHECK(plan_pages(lines(11, 99), style).pages[0].boxes.size() == 9);
  CHECK(plan_pages(lines(11, 8), style).pages[0].boxes.size() == 8);
  // Stepping back must itself be legal: with orphans 10, page 1 cannot end after line 9, so it keeps 10.
  Style strict = style;
  strict.orphans = 10;
  CHECK(plan_pages(lines(25, 9), strict).pages[0].boxes.size() == 10);
  // Only one line back: two hyphenated lines in a row keep the page as it was.
  VList two = lines(25, 9);
  std::get<VBox>(two.items[8]).hyphenated = true;
  CHECK(plan_pages(two, style).pages[0].boxes.size() == 10);
}
