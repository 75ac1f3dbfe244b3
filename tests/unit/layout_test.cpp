#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "layout_fixtures.hpp"
#include "quire/layout/engine.hpp"
#include "quire/layout/linebreak.hpp"
#include "quire/render/text/layout_dump.hpp"

using namespace quire;
using namespace quire::layout;
using namespace quire::model;

namespace {

FontSet test_fonts() { return test::thirteen_faces(); }

// FixedMetrics, except that faces 0–11 lack Hangul and the ballot boxes (only face 12 has them).
class NoHangulMetrics : public FixedMetrics {
 public:
  bool has_glyph(int face, char32_t c) const override {
    bool special = (c >= 0xAC00 && c <= 0xD7A3) || c == U'\u2610' || c == U'\u2611';
    return face == 12 || !special;
  }
};

class FakeProbe : public ImageProbe {
 public:
  std::map<std::string, ImageSize> known;
  mutable std::vector<std::string> asked;
  std::optional<ImageSize> probe(const std::string& url, const std::string& file,
                                 const model::SourcePos&) const override {
    asked.push_back(url + "@" + file);
    auto it = known.find(url);
    if (it == known.end()) return std::nullopt;
    return it->second;
  }
};

template <class T>
Block block(T node) {
  Block b;
  b.node = std::move(node);
  return b;
}
Inline text(std::string s) { return Inline{Text{std::move(s)}}; }
Block para(std::string s) { return block(Paragraph{{text(std::move(s))}}); }
Block para(Inlines in) { return block(Paragraph{std::move(in)}); }
Block heading(int level, std::string s) { return block(Heading{level, {text(std::move(s))}, ""}); }

// A style with round numbers: line height 16.5, baseline 11.55 below the line top, space 9.9.
Style test_style(double measure = 200, double text_height = 698) {
  Style s;
  s.leading = 1.5;
  s.page_width = 144 + measure;
  s.page_height = 144 + text_height;
  s.justify = false;  // ragged first-fit lines: the positions below are computed by hand
  return s;
}

struct Result {
  LaidOutDocument out;
  Diagnostics diags;
};

Result lay_out(const Document& doc, const Style& style, const FontMetrics& metrics = FixedMetrics(),
               const ImageProbe& probe = FakeProbe()) {
  Result r;
  r.out = layout_document(doc, style, test_fonts(), metrics, probe, r.diags);
  return r;
}

Document doc_of(Blocks blocks) {
  Document d;
  d.blocks = std::move(blocks);
  return d;
}

std::vector<GlyphRun> runs(const Page& page) {
  std::vector<GlyphRun> out;
  for (const auto& item : page.items)
    if (auto* g = std::get_if<GlyphRun>(&item)) out.push_back(*g);
  return out;
}

template <class T>
std::vector<T> all_of(const Page& page) {
  std::vector<T> out;
  for (const auto& item : page.items)
    if (auto* x = std::get_if<T>(&item)) out.push_back(*x);
  return out;
}

// The page (0-based) and run of the first GlyphRun with this text; page -1 when absent.
std::pair<int, GlyphRun> find_run(const LaidOutDocument& out, const std::string& s) {
  for (std::size_t p = 0; p < out.pages.size(); ++p)
    for (const auto& g : runs(out.pages[p]))
      if (g.text == s) return {int(p), g};
  return {-1, {}};
}

std::string words(int n, const char* prefix = "w") {
  std::string s;
  for (int i = 1; i <= n; ++i) {
    if (i > 1) s += ' ';
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s%03d", prefix, i);
    s += buf;
  }
  return s;
}

}  // namespace

TEST_CASE("greedy line breaking fills each line and drops the glue it breaks at") {
  std::vector<Node> nodes;
  for (int i = 0; i < 5; ++i) {
    if (i) nodes.push_back(Node::glue(5, 2.5, 1));
    nodes.push_back(Node::box(20, 0, 0));
  }
  nodes.push_back(Node::forced_break());
  // 20+5+20 = 45 fits in 50; a third word would need 70.
  auto breaks = break_lines(nodes, LineWidths{{50}});
  CHECK(breaks == std::vector<std::size_t>{3, 7, 9});  // the last line ends at the forced break
  CHECK(line_start(nodes, 3) == 4);
  // A narrower first line (a hanging shape): one word, then two.
  breaks = break_lines(nodes, LineWidths{{30, 50}});
  CHECK(breaks == std::vector<std::size_t>{1, 5, 9});
}

TEST_CASE("a paragraph of 30 words breaks into the lines computed by hand") {
  // Each "w001" is 4 × 5.5 = 22 pt, a space 5.5 pt: 7 words take 7 × 22 + 6 × 5.5 = 187 ≤ 200, 8 take 214.5.
  auto r = lay_out(doc_of({para(words(30))}), test_style(200));
  REQUIRE(r.out.pages.size() == 1);
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() == 30);
  for (int i = 0; i < 30; ++i) {
    int line = i / 7, col = i % 7;
    CHECK(rs[i].x == doctest::Approx(72 + 27.5 * col));
    CHECK(rs[i].y == doctest::Approx(72 + 11.55 + 16.5 * line));
    CHECK(rs[i].size == 11);
    CHECK(rs[i].face == 0);
  }
  CHECK(rs[29].text == "w030");
  CHECK(r.diags.all().empty());
}

TEST_CASE("the text dump is stable and rounded") {
  Document d = doc_of({para("Hello \"world\"")});
  d.meta.set("title", MetaValue::string("T"));
  Style style = test_style(200);
  style.title_block = false;
  auto r = lay_out(d, style);
  CHECK(render::dump_layout(r.out) ==
        "page 1 344.00x842.00\n"
        "text 72.00 83.55 f0 11.00 \"Hello\" glyphs 72@0:5.50 101@1:5.50 108@2:5.50 108@3:5.50 111@4:5.50\n"
        "text 105.00 83.55 f0 11.00 \"\\\"world\\\"\" glyphs 34@0:5.50 119@1:5.50 111@2:5.50 114@3:5.50 108@4:5.50 "
        "100@5:5.50 34@6:5.50\n");
  CHECK(r.out.info.title == "T");
  CHECK(r.out.fonts.size() == 13);
}

TEST_CASE("the text dump shows shaped glyphs as id@cluster:advance, offsets and the direction") {
  layout::LaidOutDocument doc;
  doc.pages.emplace_back();
  layout::GlyphRun office;
  office.x = 72;
  office.y = 100;
  office.size = 12;
  office.text = "office";
  office.glyphs = {{82, 0, 6.92}, {1034, 1, 12.02}, {70, 4, 5.9}, {72, 5, 6.42}};
  layout::GlyphRun arabic = office;
  arabic.face = 2;
  arabic.text = "بَ";
  arabic.rtl = true;
  arabic.glyphs = {{410, 2, 0, 3.9, 1.924}, {377, 0, 13.116}};
  doc.pages[0].items = {office, arabic};
  CHECK(render::dump_layout(doc) ==
        "page 1 595.28x841.89\n"
        "text 72.00 100.00 f0 12.00 \"office\" glyphs 82@0:6.92 1034@1:12.02 70@4:5.90 "
        "72@5:6.42\n"
        "text 72.00 100.00 f2 12.00 \"بَ\" rtl glyphs 410@2:0.00/3.90,1.92 377@0:13.12\n");
}

TEST_CASE("justified lines end flush with the right margin, the last line stays ragged") {
  Style style = test_style(200);
  style.justify = true;
  auto r = lay_out(doc_of({para(words(10))}), style);
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() == 10);
  CHECK(rs[6].x + 22 == doctest::Approx(272));  // line 1 ends at the margin
  CHECK(rs[0].x == doctest::Approx(72));
  CHECK(rs[8].x == doctest::Approx(72 + 27.5));  // last line: natural spaces
}

TEST_CASE("a heading that would end a page moves to the next page with its paragraph") {
  // Paragraph 1: 5 lines, 72 → 154.5. The heading (20 pt, line 24) would end at 202.5 ≤ 212,
  // but its paragraph's first line would not fit: both go to page 2.
  Style style = test_style(200, 140);
  auto r = lay_out(doc_of({para(words(33)), heading(1, "Next"), para("after")}), style);
  REQUIRE(r.out.pages.size() == 2);
  auto [hp, h] = find_run(r.out, "Next");
  auto [ap, a] = find_run(r.out, "after");
  CHECK(hp == 1);
  CHECK(ap == 1);
  CHECK(h.face == 5);  // sans bold
  CHECK(h.size == 20);
  // The space above the heading vanishes at the page top: baseline = 72 + (24 - 20) / 2 + 16.
  CHECK(h.y == doctest::Approx(90));
  CHECK(a.y > h.y);
  // Without the paragraph after it the heading fits on page 1.
  auto alone = lay_out(doc_of({para(words(33)), heading(1, "Next")}), style);
  CHECK(find_run(alone.out, "Next").first == 0);
}

TEST_CASE("a table longer than a page repeats its header on every page") {
  Table t;
  t.aligns = {Align::Left, Align::Right};
  t.header = {{text("Name")}, {text("Amount")}};
  for (int i = 0; i < 60; ++i) t.rows.push_back({{text("row" + std::to_string(i))}, {text(std::to_string(i * 10))}});
  Style style = test_style(300, 300);
  style.page_numbers = false;
  auto r = lay_out(doc_of({block(t)}), style);
  REQUIRE(r.out.pages.size() >= 3);
  int rows_seen = 0;
  for (const auto& page : r.out.pages) {
    auto rs = runs(page);
    REQUIRE(rs.size() >= 4);
    CHECK(rs[0].text == "Name");
    CHECK(rs[0].face == 1);  // bold header
    CHECK(rs[1].text == "Amount");
    for (const auto& g : rs) {
      if (g.text.rfind("row", 0) == 0) ++rows_seen;
      CHECK(g.y < style.page_height - style.margin_bottom);
    }
  }
  CHECK(rows_seen == 60);
  // Right-aligned column: "Amount" ends at the column's right edge minus the padding, like the numbers.
  auto [p0, amount] = find_run(r.out, "Amount");
  auto [p1, n590] = find_run(r.out, "590");
  CHECK(amount.x + 6 * 5.5 == doctest::Approx(n590.x + 3 * 5.5));
  // Booktabs rules: a heavy top rule, a mid rule, light rules between rows.
  auto rules = all_of<Rule>(r.out.pages[0]);
  REQUIRE(rules.size() >= 3);
  CHECK(rules[0].height == doctest::Approx(0.8));
  CHECK(rules[1].height == doctest::Approx(0.5));
  CHECK(rules[2].height == doctest::Approx(0.3));
}

TEST_CASE("table columns take natural widths, shrunk to fit, long cells wrap") {
  Table t;
  t.aligns = {Align::Default, Align::Default};
  t.header = {{text("A")}, {text("B")}};
  t.rows.push_back({{text("short")}, {text(words(20))}});
  auto r = lay_out(doc_of({block(t)}), test_style(200));
  // Column A: "short" 27.5 + 11 padding = 38.5; B gets the rest and wraps its 20 words.
  auto [pb, b] = find_run(r.out, "B");
  CHECK(b.x == doctest::Approx(72 + 38.5 + 5.5));
  auto [p20, w20] = find_run(r.out, "w020");
  auto [p1, w1] = find_run(r.out, "w001");
  CHECK(w20.y > w1.y);
  for (const auto& g : runs(r.out.pages[0])) CHECK(g.x + g.text.size() * 5.5 <= 272 + 1e-6);
}

TEST_CASE("a table's own widths share the whole measure, a column never narrower than its longest word") {
  Table t;
  t.aligns = {Align::Default, Align::Default, Align::Default};
  t.header = {{text("A")}, {text("B")}, {text("C")}};
  t.rows.push_back({{text("x")}, {text("y")}, {text(words(20))}});
  t.widths = {0.25, 0.25, 0.5};
  auto r = lay_out(doc_of({block(t)}), test_style(200));
  // Even a narrow table fills the measure in the given shares: B starts at 72 + 50, C at 72 + 100.
  CHECK(find_run(r.out, "B").second.x == doctest::Approx(72 + 50 + 5.5));
  CHECK(find_run(r.out, "C").second.x == doctest::Approx(72 + 100 + 5.5));
  // The rules span the measure.
  auto rules = all_of<Rule>(r.out.pages[0]);
  REQUIRE_FALSE(rules.empty());
  CHECK(rules[0].x == doctest::Approx(72));
  CHECK(rules[0].width == doctest::Approx(200));

  // A 5 % share is narrower than "Amount" (33 + 11 padding): the column gets 44, the others share the
  // remaining 156 in their proportions 0.45 : 0.5.
  t.header = {{text("Amount")}, {text("B")}, {text("C")}};
  t.widths = {0.05, 0.45, 0.5};
  r = lay_out(doc_of({block(t)}), test_style(200));
  CHECK(find_run(r.out, "B").second.x == doctest::Approx(72 + 44 + 5.5));
  CHECK(find_run(r.out, "C").second.x == doctest::Approx(72 + 44 + 156 * 0.45 / 0.95 + 5.5));
  for (const auto& g : runs(r.out.pages[0])) CHECK(g.x + g.text.size() * 5.5 <= 272 + 1e-6);
}

TEST_CASE("a landscape div goes on pages of their own whose body is turned, the furniture upright") {
  Table t;
  t.aligns = {Align::Default, Align::Default};
  t.header = {{text("Name")}, {text("Remarks")}};
  for (int i = 0; i < 30; ++i) t.rows.push_back({{text("row" + std::to_string(i))}, {text(words(30))}});
  Style style = test_style(200, 300);  // a text area 200 wide and 300 high: the turned frame is 300 × 200
  Div d{{heading(2, "Turned"), block(t)}, "", {"landscape"}, {}};
  auto r = lay_out(doc_of({para("before"), block(d), para("after")}), style);
  REQUIRE(r.out.pages.size() >= 4);
  const Page& first = r.out.pages.front();
  CHECK_FALSE(first.turned);
  CHECK(find_run(r.out, "before").first == 0);
  std::size_t last = r.out.pages.size() - 1;
  CHECK_FALSE(r.out.pages[last].turned);
  CHECK(find_run(r.out, "after").first == int(last));  // "after" starts a page of its own again
  int rows_seen = 0;
  for (std::size_t p = 1; p < last; ++p) {
    const Page& page = r.out.pages[p];
    REQUIRE(page.turned);
    // The frame: as wide as the text area is high, as high as the measure; its top-left corner on
    // the text area's bottom-left.
    CHECK(page.turned->x == doctest::Approx(72));
    CHECK(page.turned->y == doctest::Approx(72 + 300));
    CHECK(page.turned->width == doctest::Approx(300));
    CHECK(page.turned->height == doctest::Approx(200));
    // The page's own items are its furniture only: the page number, upright, where page 1 has it.
    auto upright = runs(page);
    REQUIRE(upright.size() == 1);
    CHECK(upright[0].text == std::to_string(p + 1));
    CHECK(upright[0].y == doctest::Approx(runs(r.out.pages[last]).back().y));
    // The body: the header row first on every turned page, everything inside the turned frame.
    std::vector<GlyphRun> body;
    for (const auto& item : page.turned->items)
      if (auto* g = std::get_if<GlyphRun>(&item)) body.push_back(*g);
    REQUIRE(body.size() >= 2);
    std::size_t at = p == 1 ? 1 : 0;  // the heading comes before the table on the first turned page
    CHECK(body[at].text == "Name");
    CHECK(body[at + 1].text == "Remarks");
    for (const auto& g : body) {
      CHECK(g.x >= 0);
      CHECK(g.x + g.text.size() * 5.5 <= 300 + 1e-6);
      CHECK(g.y <= 200);
      if (g.text.rfind("row", 0) == 0) ++rows_seen;
    }
  }
  CHECK(rows_seen == 30);
  // The heading inside: its bookmark leads to its page, shown from the top.
  REQUIRE(r.out.outline.size() == 1);
  CHECK(r.out.outline[0].page == 1);
  CHECK(r.out.outline[0].y == 0);
  // page_point: the frame's top-left lands on (x, y), its top-right up the page, its bottom-left right.
  auto corner = page_point(*r.out.pages[1].turned, 300, 0);
  CHECK(corner.x == doctest::Approx(72));
  CHECK(corner.y == doctest::Approx(72));
  corner = page_point(*r.out.pages[1].turned, 0, 200);
  CHECK(corner.x == doctest::Approx(272));
  CHECK(corner.y == doctest::Approx(372));
}

TEST_CASE("characters a face lacks come from the first fallback that has them") {
  NoHangulMetrics metrics;
  auto r = lay_out(doc_of({para("Hello 안녕하세요 abc한글")}), test_style(300), metrics);
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() == 4);
  CHECK(rs[0].text == "Hello");
  CHECK(rs[0].face == 0);
  CHECK(rs[1].text == "안녕하세요");
  CHECK(rs[1].face == 12);
  CHECK(rs[2].text == "abc");
  CHECK(rs[2].face == 0);
  CHECK(rs[3].text == "한글");
  CHECK(rs[3].face == 12);
  CHECK(rs[3].x == doctest::Approx(rs[2].x + 16.5));  // same word, no space
}

TEST_CASE("page numbers are centred in the footer of every page of a multi-page document") {
  Style style = test_style(200, 100);
  auto r = lay_out(doc_of({para(words(130))}), style);
  REQUIRE(r.out.pages.size() == 4);
  for (std::size_t p = 0; p < r.out.pages.size(); ++p) {
    auto rs = runs(r.out.pages[p]);
    REQUIRE(!rs.empty());
    std::string n = std::to_string(p + 1);
    CHECK(rs.back().text == n);
    CHECK(rs.back().x == doctest::Approx(72 + (200 - n.size() * 0.5 * 9.9) / 2));
    CHECK(rs.back().y == doctest::Approx(244 - 36 + 0.3 * 9.9));
  }
  auto one = lay_out(doc_of({para("short")}), style);
  CHECK(runs(one.out.pages[0]).size() == 1);  // a one-page document has no number
  style.page_numbers = false;
  auto off = lay_out(doc_of({para(words(80))}), style);
  CHECK(find_run(off.out, "2").first == -1);
}

TEST_CASE("nested lists indent further and hang their labels") {
  BulletList inner;
  inner.items.push_back(ListItem{{para("inner")}, std::nullopt});
  BulletList outer;
  outer.items.push_back(ListItem{{para("outer"), block(inner)}, std::nullopt});
  OrderedList numbered;
  numbered.start = 9;
  numbered.items.push_back(ListItem{{para("nine")}, std::nullopt});
  numbered.items.push_back(ListItem{{para("ten")}, std::nullopt});
  auto r = lay_out(doc_of({block(outer), block(numbered)}), test_style(300));
  auto [p1, o] = find_run(r.out, "outer");
  auto [p2, i] = find_run(r.out, "inner");
  auto [p3, b1] = find_run(r.out, "\u2022");
  auto [p4, b2] = find_run(r.out, "\u2013");
  CHECK(o.x == doctest::Approx(72 + 22));
  CHECK(i.x == doctest::Approx(72 + 44));
  CHECK(b1.x == doctest::Approx(72 + 22 - 5.5 - 5.5));
  CHECK(b1.y == doctest::Approx(o.y));
  CHECK(b2.x == doctest::Approx(72 + 44 - 5.5 - 5.5));
  CHECK(b2.y == doctest::Approx(i.y));
  CHECK(i.y == doctest::Approx(o.y + 16.5));  // tight: no space between
  auto [p5, n9] = find_run(r.out, "9.");
  auto [p6, n10] = find_run(r.out, "10.");
  CHECK(n9.x + 11 == doctest::Approx(72 + 22 - 5.5));  // right-aligned numbers
  CHECK(n10.x + 16.5 == doctest::Approx(72 + 22 - 5.5));
}

TEST_CASE("task items show ballot boxes when a face has them, else brackets") {
  BulletList tasks;
  tasks.items.push_back(ListItem{{para("done")}, true});
  tasks.items.push_back(ListItem{{para("todo")}, false});
  NoHangulMetrics metrics;  // ballot boxes only in the fallback
  auto r = lay_out(doc_of({block(tasks)}), test_style(300), metrics);
  auto [p1, done] = find_run(r.out, "\u2611");
  CHECK(p1 == 0);
  CHECK(done.face == 12);
  CHECK(find_run(r.out, "\u2610").first == 0);

  class NoBoxes : public FixedMetrics {
    bool has_glyph(int, char32_t c) const override { return c != U'\u2610' && c != U'\u2611'; }
  } none;
  auto plain = lay_out(doc_of({block(tasks)}), test_style(300), none);
  CHECK(find_run(plain.out, "[x]").first == 0);
  CHECK(find_run(plain.out, "[").first == 0);  // "[ ]" sets as "[" and "]"
}

TEST_CASE("a word wider than the line is broken with a warning") {
  Block b = para("a " + std::string(50, 'x'));
  b.pos = SourcePos{"doc.md", 3, 1};
  auto r = lay_out(doc_of({b}), test_style(100));
  REQUIRE(r.diags.all().size() == 1);
  CHECK(r.diags.all()[0].severity == Severity::Warning);
  CHECK(format(r.diags.all()[0]) == "doc.md:3:1: warning: word wider than the line; broken");
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() == 4);  // "a", then 18 + 18 + 14 x's
  CHECK(rs[1].text == std::string(18, 'x'));
  CHECK(rs[1].x == doctest::Approx(72));
  CHECK(rs[3].text == std::string(14, 'x'));
}

TEST_CASE("emphasis, strong, code, links and strikethrough pick faces and add decorations") {
  Inlines in{
      text("a "), Inline{Emph{{text("it")}}},    text(" "), Inline{Strong{{text("bold")}}},
      text(" "),  Inline{Code{"mono"}},          text(" "), Inline{Link{{text("two words")}, "https://x.org", ""}},
      text(" "),  Inline{Strike{{text("gone")}}}};
  auto r = lay_out(doc_of({para(in)}), test_style(400));
  const Page& page = r.out.pages[0];
  auto rs = runs(page);
  REQUIRE(rs.size() == 7);
  CHECK(rs[1].face == 2);
  CHECK(rs[2].face == 1);
  CHECK(rs[3].face == 8);
  CHECK(rs[3].size == doctest::Approx(9.9));
  CHECK(rs[4].color == Style().link_color);
  auto links = all_of<LinkArea>(page);
  REQUIRE(links.size() == 2);
  CHECK(links[0].url == "https://x.org");
  CHECK(links[0].x == doctest::Approx(rs[4].x));
  CHECK(links[0].width == doctest::Approx(16.5));
  CHECK(links[1].x == doctest::Approx(rs[5].x));
  auto rules = all_of<Rule>(page);
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].x == doctest::Approx(rs[6].x));
  CHECK(rules[0].width == doctest::Approx(22));
  CHECK(rules[0].y < rs[6].y);
  CHECK(rules[0].y > rs[6].y - 8.8);
}

TEST_CASE("footnotes are numbered by first reference and set at the end under a rule") {
  Inlines in{text("one"),    Inline{FootnoteRef{"b"}}, text(" two"), Inline{FootnoteRef{"a"}},
             text(" three"), Inline{FootnoteRef{"b"}}};
  Document d = doc_of({para(in), block(FootnoteDef{"a", {para("note-a")}}), block(FootnoteDef{"b", {para("note-b")}}),
                       block(FootnoteDef{"unused", {para("never")}})});
  auto r = lay_out(d, test_style(300));
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() >= 9);
  CHECK(rs[0].text == "one");
  CHECK(rs[1].text == "1");
  CHECK(rs[1].size == doctest::Approx(11 * 0.65));
  CHECK(rs[1].y < rs[0].y);
  CHECK(rs[1].x == doctest::Approx(72 + 16.5));
  CHECK(rs[3].text == "2");
  CHECK(rs[5].text == "1");
  auto [pb, nb] = find_run(r.out, "note-b");
  auto [pa, na] = find_run(r.out, "note-a");
  CHECK(nb.y < na.y);
  CHECK(nb.size == doctest::Approx(11 * 0.85));
  CHECK(find_run(r.out, "never").first == -1);
  auto [pl, label] = find_run(r.out, "1.");
  CHECK(label.y == doctest::Approx(nb.y));
  CHECK(all_of<Rule>(r.out.pages[0]).size() == 1);
}

TEST_CASE("images fit the measure, keep their aspect ratio and carry their caption") {
  FakeProbe probe;
  probe.known["wide.png"] = ImageSize{"/abs/wide.png", 1000, 500, 72};
  probe.known["small.png"] = ImageSize{"/abs/small.png", 300, 150, 300};
  Block wide = block(model::Image{"wide.png", {text("A caption")}, "", {}, {}, {}, {}});
  wide.pos = SourcePos{"dir/doc.md", 2, 1};
  Block small = block(model::Image{"small.png", {}, "", {}, {}, {}, {}});
  Block missing = block(model::Image{"missing.png", {text("Lost")}, "", {}, {}, {}, {}});
  auto r = lay_out(doc_of({wide, small, missing}), test_style(200), FixedMetrics(), probe);
  CHECK(probe.asked.front() == "wide.png@dir/doc.md");
  auto images = all_of<PlacedImage>(r.out.pages[0]);
  REQUIRE(images.size() == 2);
  CHECK(images[0].path == "/abs/wide.png");
  CHECK(images[0].x == doctest::Approx(72));
  CHECK(images[0].width == doctest::Approx(200));
  CHECK(images[0].height == doctest::Approx(100));
  CHECK(images[1].width == doctest::Approx(72));  // 300 px at 300 dpi: one inch, not upscaled
  CHECK(images[1].x == doctest::Approx(72 + 64));
  auto [pc, caption] = find_run(r.out, "A");
  CHECK(caption.face == 2);
  CHECK(caption.y > images[0].y + images[0].height);
  CHECK(caption.x == doctest::Approx(72 + (200 - 9 * 0.5 * 9.9) / 2));
  CHECK(find_run(r.out, "Lost").first == 0);
}

TEST_CASE("an image that does not fit moves to the next page") {
  FakeProbe probe;
  probe.known["tall.png"] = ImageSize{"tall.png", 100, 100, 72};
  Style style = test_style(200, 200);
  auto r = lay_out(doc_of({para(words(40)), block(model::Image{"tall.png", {}, "", {}, {}, {}, {}})}), style,
                   FixedMetrics(), probe);
  REQUIRE(r.out.pages.size() == 2);
  auto images = all_of<PlacedImage>(r.out.pages[1]);
  REQUIRE(images.size() == 1);
  CHECK(images[0].y == doctest::Approx(72));
}

// FixedMetrics with one kerning pair: "AV" closes by 0.25 em.
class KernedMetrics : public FixedMetrics {
 public:
  std::vector<ShapedGlyph> shape(int face, std::string_view text, const ShapeRequest& r) const override {
    auto out = FixedMetrics::shape(face, text, r);
    for (std::size_t g = 0; r.kerning && g + 1 < out.size(); ++g)
      if (text[out[g].cluster] == 'A' && text[out[g + 1].cluster] == 'V') out[g].advance -= 0.25;
    return out;
  }
};

// The advances of a run's glyphs.
std::vector<float> advances(const GlyphRun& run) {
  std::vector<float> out;
  for (const Glyph& g : run.glyphs) out.push_back(g.advance);
  return out;
}

TEST_CASE("kerning narrows words, the line breaker uses kerned widths, and runs carry kerned glyphs") {
  // "AVAVAV" is 6 × 5.5 = 33 pt, kerned 33 − 3 × 2.75 = 24.75; two words and a space: 71.5 or 55.
  Style style = test_style(60);
  auto kerned = lay_out(doc_of({para("AVAVAV AVAVAV")}), style, KernedMetrics());
  auto runs = all_of<GlyphRun>(kerned.out.pages[0]);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].y == runs[1].y);  // one line
  CHECK(runs[1].x == doctest::Approx(72 + 24.75 + 5.5));
  CHECK(advances(runs[0]) == std::vector<float>{2.75, 5.5, 2.75, 5.5, 2.75, 5.5});
  CHECK(render::dump_layout(kerned.out).find("\"AVAVAV\" glyphs 65@0:2.75 86@1:5.50 65@2:2.75") != std::string::npos);
  // Unkerned (`kerning: false`), the words no longer share a line.
  style.kerning = false;
  auto plain = lay_out(doc_of({para("AVAVAV AVAVAV")}), style, KernedMetrics());
  auto wide = all_of<GlyphRun>(plain.out.pages[0]);
  REQUIRE(wide.size() == 2);
  CHECK(wide[1].y > wide[0].y);
  CHECK(advances(wide[0]) == std::vector<float>(6, 5.5));
  // A word's pieces are kerned alone: no pair across a change of face ("A" roman, "V" italic).
  style.kerning = true;
  auto mixed = lay_out(doc_of({para(Inlines{text("A"), Inline{Emph{{text("VAV")}}}})}), style, KernedMetrics());
  auto pieces = all_of<GlyphRun>(mixed.out.pages[0]);
  REQUIRE(pieces.size() == 2);
  CHECK(advances(pieces[0]) == std::vector<float>{5.5});
  CHECK(pieces[1].x == doctest::Approx(72 + 5.5));
  CHECK(advances(pieces[1]) == std::vector<float>{5.5, 2.75, 5.5});
  // Justified: the kerned line ends flush at the measure all the same.
  style.justify = true;
  auto just = lay_out(doc_of({para("AVAV AVAV AVAV AVAV AVAV AVAV AVAV AVAV")}), style, KernedMetrics());
  auto first = all_of<GlyphRun>(just.out.pages[0]);
  REQUIRE(first.size() > 2);
  double y = first[0].y, end = 0;
  for (const auto& g : first)
    if (g.y == y) end = std::max(end, g.x + 4 * 5.5 - 2 * 2.75);
  CHECK(end == doctest::Approx(72 + 60));
  // On by default; `style: {kerning: false}` turns it off.
  CHECK(Style{}.kerning);
  MetaValue meta, map;
  map.set("kerning", MetaValue::string("false"));
  meta.set("style", map);
  Diagnostics diags;
  CHECK_FALSE(style_from_meta(meta, diags).kerning);
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("code blocks keep their lines verbatim on a grey background") {
  CodeBlock code{"if (x)\n\treturn  1;\n" + std::string(60, 'y') + "\n", "c"};
  auto r = lay_out(doc_of({block(code)}), test_style(200));
  const Page& page = r.out.pages[0];
  auto rules = all_of<Rule>(page);
  REQUIRE(rules.size() == 1);
  CHECK(std::holds_alternative<Rule>(page.items.front()));  // drawn first, behind the text
  CHECK(rules[0].x == 72);
  CHECK(rules[0].width == 200);
  auto rs = runs(page);
  double size = 11 * 0.85, em = size * 0.5;
  REQUIRE(rs.size() >= 6);
  CHECK(rs[0].text == "if");
  CHECK(rs[0].face == 8);
  CHECK(rs[0].x == doctest::Approx(72 + 5.5));
  CHECK(rs[1].text == "(x)");
  CHECK(rs[2].text == "return");
  CHECK(rs[2].x == doctest::Approx(72 + 5.5 + 4 * em));  // tab → 4 spaces
  CHECK(rs[3].text == "1;");
  CHECK(rs[3].x == doctest::Approx(72 + 5.5 + 12 * em));  // two spaces kept
  // 60 y's at 4.675 pt do not fit in 189 pt: wrapped hard after 40.
  CHECK(rs[4].text == std::string(40, 'y'));
  CHECK(rs[5].text == std::string(20, 'y'));
  CHECK(rules[0].y + rules[0].height >= rs[5].y + 0.2 * size);
}

TEST_CASE("a div is transparent: its blocks sit where they would without it, its id anchors its first line") {
  Blocks plain = {para("before"), heading(2, "Inside"), para("inside"), para("after")};
  Div d{{heading(2, "Inside"), block(Div{{para("inside")}, "", {"note"}, {}})}, "sources", {"internal"}, {}};
  auto a = lay_out(doc_of(plain), test_style(200));
  auto b = lay_out(doc_of({para("before"), block(d), para("after")}), test_style(200));
  REQUIRE(a.out.pages.size() == 1);
  REQUIRE(b.out.pages.size() == 1);
  CHECK(runs(a.out.pages[0]).size() == runs(b.out.pages[0]).size());
  for (const char* word : {"before", "Inside", "inside", "after"}) {
    auto [pa, ra] = find_run(a.out, word);
    auto [pb, rb] = find_run(b.out, word);
    CHECK(ra.x == doctest::Approx(rb.x));
    CHECK(ra.y == doctest::Approx(rb.y));
  }
  std::vector<std::string> ids;
  for (const auto& anchor : all_of<Anchor>(b.out.pages[0])) ids.push_back(anchor.id);
  CHECK(ids == std::vector<std::string>{"sources", "inside"});
  auto sources = all_of<Anchor>(b.out.pages[0]).front();
  CHECK(sources.y <= find_run(b.out, "Inside").second.y);
}

TEST_CASE("block quotes are indented behind a grey bar") {
  auto r = lay_out(doc_of({block(BlockQuote{{para("quoted"), para("again")}})}), test_style(200));
  auto rules = all_of<Rule>(r.out.pages[0]);
  REQUIRE(rules.size() == 1);
  auto [p1, q] = find_run(r.out, "quoted");
  auto [p2, a] = find_run(r.out, "again");
  CHECK(q.x == doctest::Approx(72 + 16.5));
  CHECK(rules[0].x == 72);
  CHECK(rules[0].y <= q.y - 8.8);
  CHECK(rules[0].y + rules[0].height >= a.y);
}

TEST_CASE("the title block sets title, author and date centred at the top") {
  Document d = doc_of({para("body")});
  d.meta.set("title", MetaValue::string("Report"));
  MetaValue authors;
  authors.kind = MetaValue::Kind::List;
  authors.list = {MetaValue::string("Ann"), MetaValue::string("Bo")};
  d.meta.set("author", authors);
  d.meta.set("date", MetaValue::string("2024-05-01"));
  auto r = lay_out(d, test_style(200));
  CHECK(r.out.info.author == "Ann, Bo");
  CHECK(r.out.info.date == "2024-05-01");
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() == 5);
  CHECK(rs[0].text == "Report");
  CHECK(rs[0].size == doctest::Approx(24));
  CHECK(rs[0].x == doctest::Approx(72 + (200 - 6 * 12) / 2));
  CHECK(rs[1].text == "Ann,");
  CHECK(rs[4].text == "body");
  CHECK(rs[4].y > rs[3].y + 16.5);
}

TEST_CASE("nothing crosses the right or the bottom margin") {
  Blocks blocks;
  Table t;
  t.aligns = {Align::Default, Align::Center, Align::Right};
  t.header = {{text("One")}, {text("Two")}, {text("Three")}};
  for (int i = 0; i < 20; ++i) t.rows.push_back({{text(words(5))}, {text(words(12))}, {text("supercalifragilistic")}});
  BulletList list;
  for (int i = 0; i < 10; ++i)
    list.items.push_back(ListItem{{para(words(25)), block(CodeBlock{words(30, "c"), ""})}, {}});
  for (int i = 0; i < 5; ++i) {
    blocks.push_back(heading(1 + i % 3, words(8, "h")));
    blocks.push_back(para(words(60) + " " + std::string(80, 'z')));
    blocks.push_back(block(t));
    blocks.push_back(block(BlockQuote{{para(words(40)), block(list)}}));
  }
  Style style = test_style(250, 300);
  style.page_numbers = false;
  style.justify = true;
  auto r = lay_out(doc_of(blocks), style);
  CHECK(r.out.pages.size() > 10);
  double right = style.page_width - style.margin_right, bottom = style.page_height - style.margin_bottom;
  for (const auto& page : r.out.pages) {
    for (const auto& item : page.items) {
      if (auto* g = std::get_if<GlyphRun>(&item)) {
        std::size_t chars = 0;
        for (unsigned char c : g->text) chars += (c & 0xC0) != 0x80;
        CHECK(g->x + chars * 0.5 * g->size <= right + 1e-6);
        CHECK(g->y + 0.2 * g->size <= bottom + 1e-6);
        CHECK(g->x >= style.margin_left - 1e-6);
      } else if (auto* rule = std::get_if<Rule>(&item)) {
        CHECK(rule->x + rule->width <= right + 1e-6);
        CHECK(rule->y + rule->height <= bottom + 1e-6);
      }
    }
  }
}

TEST_CASE("a forced page break starts a new page, thematic breaks are centred rules") {
  auto r = lay_out(doc_of({para("one"), block(ThematicBreak{}), block(PageBreak{}), para("two"), block(PageBreak{})}),
                   test_style(200));
  REQUIRE(r.out.pages.size() == 2);
  auto rules = all_of<Rule>(r.out.pages[0]);
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].x == doctest::Approx(72 + 200 / 3.0));
  CHECK(find_run(r.out, "two").first == 1);
}

TEST_CASE("style_from_meta reads paper, font size, margins and line stretch") {
  Diagnostics diags;
  MetaValue meta;
  meta.set("papersize", MetaValue::string("Letter"));
  meta.set("fontsize", MetaValue::string("12pt"));
  meta.set("margin", MetaValue::string("2cm"));
  MetaValue stretch;
  stretch.kind = MetaValue::Kind::Number;
  stretch.scalar = "1.5";
  meta.set("linestretch", stretch);
  Style s = style_from_meta(meta, diags);
  CHECK(diags.all().empty());
  CHECK(s.page_width == 612);
  CHECK(s.page_height == 792);
  CHECK(s.font_size == 12);
  CHECK(s.heading_sizes[0] == doctest::Approx(20 * 12 / 11.0));
  CHECK(s.margin_left == doctest::Approx(56.693).epsilon(0.001));
  CHECK(s.leading == doctest::Approx(1.35 * 1.5));

  MetaValue geometry;
  geometry.set("geometry", MetaValue::string("left=1in, right=0.5in"));
  MetaValue eleven;
  eleven.kind = MetaValue::Kind::Number;
  eleven.scalar = "11";
  geometry.set("fontsize", eleven);
  s = style_from_meta(geometry, diags);
  CHECK(diags.all().empty());
  CHECK(s.margin_left == 72);
  CHECK(s.margin_right == 36);
  CHECK(s.font_size == 11);

  MetaValue bad;
  MetaValue paper = MetaValue::string("b5");
  paper.pos = SourcePos{"doc.md", 2, 12};
  bad.set("papersize", paper);
  bad.set("fontsize", MetaValue::string("huge"));
  s = style_from_meta(bad, diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(format(diags.all()[0]).rfind("doc.md:2:12: error: unknown paper size \"b5\"", 0) == 0);
  CHECK(diags.all()[0].hint == "accepted values: a4, a5, letter, legal");
  CHECK(s.page_width == Style().page_width);
  CHECK(s.font_size == 11);
}

// How fast is bench/run.sh's question (docs/performance.md): a timed test fails on a loaded machine
// and under the sanitizers, and passes on a fast one whatever the code does.
TEST_CASE("a 100-page report lays out") {
  Blocks blocks;
  for (int i = 0; i < 470; ++i) {  // justified (Knuth–Plass) lines hold more words: 470 make 100 pages
    if (i % 10 == 0) blocks.push_back(heading(2, "Section " + std::to_string(i)));
    blocks.push_back(para(words(150)));
  }
  auto r = lay_out(doc_of(blocks), Style());
  CHECK(r.out.pages.size() >= 100);
}

TEST_CASE("an empty paragraph takes no room, a line break starts a new line") {
  Inlines in{text("one"), Inline{LineBreak{}}, text("two"), Inline{SoftBreak{}}, text("three")};
  auto r = lay_out(doc_of({para(""), para(in)}), test_style(200));
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() == 3);
  CHECK(rs[0].y == doctest::Approx(83.55));
  CHECK(rs[1].x == doctest::Approx(72));
  CHECK(rs[1].y == doctest::Approx(83.55 + 16.5));
  CHECK(rs[2].x == doctest::Approx(72 + 22));  // soft break = space
  CHECK(rs[2].y == rs[1].y);
}

TEST_CASE("bullets fall back to ASCII when no face has them") {
  class NoBullets : public FixedMetrics {
    bool has_glyph(int, char32_t c) const override { return c < 0x80; }
  } metrics;
  BulletList list;
  list.items.push_back(ListItem{{para("item")}, std::nullopt});
  auto r = lay_out(doc_of({block(list)}), test_style(200), metrics);
  CHECK(find_run(r.out, "*").first == 0);
  CHECK(find_run(r.out, "\u2022").first == -1);
}

TEST_CASE("deep nesting stops indenting once a third of the text width is left") {
  auto check_inside = [](const std::string& what, Block deep) {
    CAPTURE(what);
    Style style = test_style(300);
    auto r = lay_out(doc_of({deep}), style);
    double right = style.page_width - style.margin_right, min_left = style.margin_left;
    auto [page1, w1] = find_run(r.out, "w001");
    auto [page2, w2] = find_run(r.out, "w002");
    REQUIRE(page1 >= 0);
    CHECK(w1.x > min_left + 150);             // nested deep: indented well past the middle
    CHECK(w1.x <= right - 300 / 3.0 + 1e-6);  // but a third of the width is left
    CHECK(w2.y == w1.y);                      // several words to a line
    int runs_seen = 0;
    for (const auto& p : r.out.pages)
      for (const auto& g : runs(p)) {
        std::size_t chars = 0;
        for (unsigned char c : g.text) chars += (c & 0xC0) != 0x80;
        CHECK(g.x >= min_left - 1e-6);
        CHECK(g.x + chars * 0.5 * g.size <= right + 1e-6);
        ++runs_seen;
      }
    CHECK(runs_seen >= 40);
    for (const auto& p : r.out.pages)
      for (const auto& rule : all_of<Rule>(p)) CHECK(rule.x + rule.width <= right + 1e-6);
    CHECK(r.diags.warning_count() == 0);  // no word had to be broken
  };
  Block quote = para(words(40));
  for (int i = 0; i < 60; ++i) quote = block(BlockQuote{{quote}});
  check_inside("quotes", quote);
  Block list = para(words(40));
  for (int i = 0; i < 60; ++i) {
    BulletList l;
    l.items.push_back(ListItem{{para("item"), list}, std::nullopt});
    list = block(l);
  }
  check_inside("lists", list);
  Block mixed = para(words(40));
  for (int i = 0; i < 30; ++i) {
    OrderedList l;
    l.items.push_back(ListItem{{block(BlockQuote{{mixed}})}, std::nullopt});
    mixed = block(l);
  }
  check_inside("lists of quotes", mixed);
}

TEST_CASE("a quote that can no longer indent draws no bar over its text") {
  Block quote = para("deep");
  for (int i = 0; i < 60; ++i) quote = block(BlockQuote{{quote}});
  auto r = lay_out(doc_of({quote}), test_style(300));
  auto bars = all_of<Rule>(r.out.pages[0]);
  auto [page, deep] = find_run(r.out, "deep");
  REQUIRE(page == 0);
  // 300 − 16.5 k ≥ 100 allows k = 12 levels: 12 bars, the text 12 × 16.5 in.
  CHECK(bars.size() == 12);
  CHECK(deep.x == doctest::Approx(72 + 12 * 16.5));
  for (const auto& bar : bars) CHECK(bar.x + bar.width <= deep.x);
}

// ---- World scripts: direction, clusters, fallback ----------------------------------------------------

namespace {

// FixedMetrics, except that no face has U+E123, faces other than 12 lack U+0301 (a combining acute),
// and only face 12 has Hebrew.
class ScriptMetrics : public FixedMetrics {
 public:
  bool has_glyph(int face, char32_t c) const override {
    if (c == 0xE123) return false;
    if (c == 0x301 || (c >= 0x5D0 && c <= 0x5EA)) return face == 12;
    return true;
  }
};

}  // namespace

TEST_CASE("a right-to-left paragraph is set flush right, its words right to left") {
  // Three Hebrew words of three letters (16.5 pt each at 5.5 pt a letter), in a 200 pt measure.
  auto r = lay_out(doc_of({para("\u05D0\u05D1\u05D2 \u05D3\u05D4\u05D5 \u05D6\u05D7\u05D8")}), test_style());
  auto words = all_of<GlyphRun>(r.out.pages[0]);
  REQUIRE(words.size() == 3);
  for (const auto& w : words) CHECK(w.rtl);
  // The first word of the text is the rightmost, ending at the right margin (72 + 200).
  std::sort(words.begin(), words.end(), [](const GlyphRun& a, const GlyphRun& b) { return a.x < b.x; });
  CHECK(words.back().text == "\u05D0\u05D1\u05D2");
  CHECK(words.front().text == "\u05D6\u05D7\u05D8");
  CHECK(words.back().x + 3 * 5.5 == doctest::Approx(272));
  // A run's glyphs are in visual order: its clusters decrease from left to right.
  CHECK(words.back().glyphs.front().cluster > words.back().glyphs.back().cluster);
}

TEST_CASE("Hebrew inside an English line is reversed in place; the line stays left to right") {
  auto r = lay_out(doc_of({para("one \u05D0\u05D1 \u05D2\u05D3 two")}), test_style());
  auto words = all_of<GlyphRun>(r.out.pages[0]);
  REQUIRE(words.size() == 4);
  std::sort(words.begin(), words.end(), [](const GlyphRun& a, const GlyphRun& b) { return a.x < b.x; });
  CHECK(words[0].text == "one");
  CHECK(words[0].x == doctest::Approx(72));
  CHECK(words[1].text == "\u05D2\u05D3");  // the second Hebrew word comes first from the left
  CHECK(words[2].text == "\u05D0\u05D1");
  CHECK(words[3].text == "two");
  CHECK_FALSE(words[0].rtl);
  CHECK(words[1].rtl);
}

TEST_CASE("dir=rtl and lang=ar on a div make its paragraphs right to left; lang=en does not") {
  Div rtl;
  rtl.attributes = {{"dir", "rtl"}};
  rtl.blocks = {para("abc def")};
  auto r = lay_out(doc_of({block(rtl)}), test_style());
  auto words = all_of<GlyphRun>(r.out.pages[0]);
  REQUIRE(words.size() == 2);
  // Latin in a right-to-left paragraph: the words keep their order, the line is flush right.
  CHECK(words[1].x + 3 * 5.5 == doctest::Approx(272));
  CHECK(words[0].x < words[1].x);
  Div arabic;
  arabic.attributes = {{"lang", "ar"}};
  arabic.blocks = {para("abc")};
  auto a = all_of<GlyphRun>(lay_out(doc_of({block(arabic)}), test_style()).out.pages[0]);
  REQUIRE(a.size() == 1);
  CHECK(a[0].x + 3 * 5.5 == doctest::Approx(272));
  Div english;
  english.attributes = {{"lang", "en"}};
  english.blocks = {para("abc")};
  auto e = all_of<GlyphRun>(lay_out(doc_of({block(english)}), test_style()).out.pages[0]);
  REQUIRE(e.size() == 1);
  CHECK(e[0].x == doctest::Approx(72));
}

TEST_CASE("a grapheme cluster is never split between faces; a character no face has is a warning") {
  // "e" + combining acute: face 0 has "e" but not the accent, face 12 has both: the whole cluster goes there.
  auto r = lay_out(doc_of({para("ce\u0301d")}), test_style(), ScriptMetrics());
  auto runs_ = all_of<GlyphRun>(r.out.pages[0]);
  REQUIRE(runs_.size() == 3);
  CHECK(runs_[0].text == "c");
  CHECK(runs_[1].text == "e\u0301");
  CHECK(runs_[1].face == 12);
  CHECK(runs_[2].text == "d");
  CHECK(r.diags.all().empty());
  // U+E123 is in no face: drawn in the preferred face, and said once with its code point.
  auto missing = lay_out(doc_of({para("a\uE123b \uE123")}), test_style(), ScriptMetrics());
  REQUIRE(missing.diags.all().size() == 1);
  CHECK(missing.diags.all()[0].message.find("U+E123") != std::string::npos);
  CHECK(missing.diags.all()[0].rule == "missing-glyph");
  auto drawn = all_of<GlyphRun>(missing.out.pages[0]);
  REQUIRE(drawn.size() == 2);
  CHECK(drawn[0].text == "a\uE123b");
}

TEST_CASE("Thai without spaces breaks between its words") {
  // Four Thai words, no spaces: 6 + 5 + 4 + 6 characters; a measure of 10 characters (55 pt).
  std::string thai =
      "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35"   // สวัสดี
      "\u0E04\u0E23\u0E2D\u0E1A\u0E04"         // ครอบค (part of ครอบครัว)
      "\u0E23\u0E31\u0E27"                     // รัว
      "\u0E02\u0E2D\u0E07\u0E40\u0E23\u0E32";  // ของเรา
  auto r = lay_out(doc_of({para(thai)}), test_style(55));
  auto lines = all_of<GlyphRun>(r.out.pages[0]);
  REQUIRE(lines.size() >= 2);
  std::string joined;
  for (const auto& l : lines) joined += l.text;
  CHECK(joined == thai);  // nothing lost or repeated
  // The first line ends after a whole word: สวัสดี (18 bytes).
  CHECK(lines[0].text == "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35");
  CHECK(r.diags.all().empty());
}

TEST_CASE("right to left, lists and quotes indent from the right: labels and the quote bar on the right") {
  Div list;
  list.attributes = {{"dir", "rtl"}};
  ListItem item;
  item.blocks = {para("\u05D0\u05D1\u05D2")};
  list.blocks = {block(BulletList{{item}, true})};
  auto r = lay_out(doc_of({block(list)}), test_style());
  auto runs_ = all_of<GlyphRun>(r.out.pages[0]);
  REQUIRE(runs_.size() == 2);
  // The item's text ends before the right margin by the list indent; its bullet hangs to the right of it.
  const GlyphRun& text_run = runs_[0].text == "\u05D0\u05D1\u05D2" ? runs_[0] : runs_[1];
  const GlyphRun& bullet = runs_[0].text == "\u05D0\u05D1\u05D2" ? runs_[1] : runs_[0];
  double text_end = text_run.x + 3 * 5.5;
  CHECK(text_end < 272 - 1);
  CHECK(bullet.x > text_end);
  CHECK(bullet.x < 272);
  // Left to right, the same list indents from the left, the bullet at the left of the text.
  auto l = all_of<GlyphRun>(lay_out(doc_of({block(BulletList{{item}, true})}), test_style()).out.pages[0]);
  REQUIRE(l.size() == 2);
  CHECK(std::min(l[0].x, l[1].x) < 72 + 1e-9 + 20);

  Div quote;
  quote.attributes = {{"dir", "rtl"}};
  quote.blocks = {block(BlockQuote{{para("\u05D0\u05D1\u05D2")}})};
  auto q = lay_out(doc_of({block(quote)}), test_style());
  auto rules = all_of<Rule>(q.out.pages[0]);
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].x + rules[0].width == doctest::Approx(272));  // the bar at the right edge
  auto words = all_of<GlyphRun>(q.out.pages[0]);
  REQUIRE(words.size() == 1);
  CHECK(words[0].x + 3 * 5.5 < 272 - 1);  // the text stops short of the bar
}

// ---- Logical structure (tagged PDF) ----------------------------------------------------------------

namespace {

// The role of the element a run with this text is tagged with ("" for an artifact or no such run),
// and the roles of its ancestors, innermost first.
std::vector<std::string> roles_of(const LaidOutDocument& out, const std::string& s) {
  auto [page, run] = find_run(out, s);
  std::vector<std::string> roles;
  if (page < 0) return roles;
  for (int e = run.tag; e >= 0; e = out.structure[std::size_t(e)].parent)
    roles.push_back(out.structure[std::size_t(e)].role);
  return roles;
}

}  // namespace

TEST_CASE("layout tags each run with its element: headings, paragraphs, lists, tables, figures") {
  FakeProbe probe;
  probe.known["chart.png"] = ImageSize{"/abs/chart.png", 100, 50, 72};
  probe.known["logo.png"] = ImageSize{"/abs/logo.png", 100, 50, 72};
  ListItem item;
  item.blocks = {para("Listed")};
  Table t;
  t.header = {{text("Head")}};
  t.rows = {{{text("Cell")}}};
  Div decorative;
  decorative.classes = {"decorative"};
  decorative.blocks = {block(model::Image{"logo.png", {}, "", {}, {}, {}, {}})};
  Block chart = block(model::Image{"chart.png", {text("Sales")}, "", {}, {}, {}, {}});
  auto r = lay_out(doc_of({heading(2, "Title"), para("Body"), block(BulletList{{item}, true}), block(t), chart,
                           block(std::move(decorative))}),
                   test_style(300), FixedMetrics(), probe);
  REQUIRE(!r.out.structure.empty());
  CHECK(r.out.structure[0].role == "Document");
  CHECK(roles_of(r.out, "Title") == std::vector<std::string>{"H2", "Document"});
  CHECK(roles_of(r.out, "Body") == std::vector<std::string>{"P", "Document"});
  CHECK(roles_of(r.out, "Listed") == std::vector<std::string>{"P", "LBody", "LI", "L", "Document"});
  CHECK(roles_of(r.out, "•") == std::vector<std::string>{"Lbl", "LI", "L", "Document"});
  CHECK(roles_of(r.out, "Head") == std::vector<std::string>{"TH", "TR", "THead", "Table", "Document"});
  CHECK(roles_of(r.out, "Cell") == std::vector<std::string>{"TD", "TR", "TBody", "Table", "Document"});
  CHECK(roles_of(r.out, "Sales") == std::vector<std::string>{"Caption", "Figure", "Document"});
  auto images = all_of<PlacedImage>(r.out.pages[0]);
  REQUIRE(images.size() == 2);
  REQUIRE(images[0].tag >= 0);
  CHECK(r.out.structure[std::size_t(images[0].tag)].role == "Figure");
  CHECK(r.out.structure[std::size_t(images[0].tag)].alt == "Sales");
  CHECK(images[1].tag < 0);  // decorative: an artifact, and no warning for its missing alt text
  CHECK(r.diags.warning_count() == 0);
  // Elements come in reading order: each after its parent.
  for (std::size_t i = 1; i < r.out.structure.size(); ++i) CHECK(r.out.structure[i].parent < int(i));
}

TEST_CASE("a span in another language is a Span with its /Lang; a footnote's mark a Reference its Note follows") {
  model::Span french;
  french.content = {text("bonjour")};
  french.attributes = {{"lang", "fr"}};
  model::Span same;
  same.content = {text("hello")};
  same.attributes = {{"lang", "en-US"}};
  Inlines in{text("Say "), Inline{french},           text(" and "), Inline{same},
             text(" now"), Inline{FootnoteRef{"a"}}, text(" then")};
  Document d = doc_of({para(in), para("After"), block(FootnoteDef{"a", {para("Noted")}})});
  d.meta.set("lang", MetaValue::string("en-US"));
  auto r = lay_out(d, test_style(300));
  CHECK(r.out.lang == "en-US");
  auto span = roles_of(r.out, "bonjour");
  CHECK(span == std::vector<std::string>{"Span", "P", "Document"});
  auto [page, run] = find_run(r.out, "bonjour");
  REQUIRE(run.tag >= 0);
  CHECK(r.out.structure[std::size_t(run.tag)].lang == "fr");
  CHECK(r.out.structure[std::size_t(run.tag)].in_line);
  CHECK(roles_of(r.out, "hello") == std::vector<std::string>{"P", "Document"});  // the document's own language
  // The mark is a Reference in its paragraph, with the link to the note; the note is read right after it.
  auto [mark_page, mark] = find_run(r.out, "1");
  REQUIRE(mark.tag >= 0);
  const auto& reference = r.out.structure[std::size_t(mark.tag)];
  CHECK(reference.role == "Reference");
  CHECK(reference.in_line);
  auto links = all_of<LinkArea>(r.out.pages[0]);
  CHECK(std::any_of(links.begin(), links.end(), [&](auto& l) { return l.url == "#fn-1" && l.tag == mark.tag; }));
  CHECK(roles_of(r.out, "Noted") == std::vector<std::string>{"P", "Note", "P", "Document"});
  for (const auto& e : r.out.structure)
    if (e.role == "Note") {
      CHECK(e.follows == mark.tag);
      CHECK(e.parent == reference.parent);
    }
}

TEST_CASE("a document without lang: leaves the language to the backend (which warns)") {
  auto r = lay_out(doc_of({para("Plain")}), test_style(300));
  CHECK(r.out.lang.empty());
}

TEST_CASE("an image without alt text is a warning at its position, an error when a tagged PDF is made") {
  FakeProbe probe;
  probe.known["x.png"] = ImageSize{"/abs/x.png", 100, 50, 72};
  Block image = block(model::Image{"x.png", {}, "", {}, {}, {}, {}});
  image.pos = SourcePos{"doc.md", 3, 1};
  auto plain = lay_out(doc_of({image}), test_style(300), FixedMetrics(), probe);
  REQUIRE(plain.diags.all().size() == 1);
  CHECK(plain.diags.error_count() == 0);
  CHECK(format(plain.diags.all()[0]).starts_with("doc.md:3:1: warning: image \"x.png\" has no alternative text"));
  Style style = test_style(300);
  style.alt_required = true;
  auto tagged = lay_out(doc_of({image}), style, FixedMetrics(), probe);
  CHECK(tagged.diags.error_count() == 1);
  CHECK(tagged.diags.all()[0].rule == "image-alt");
}

TEST_CASE("running headers, footers and contents leaders are artifacts") {
  Style style = test_style(300);
  style.footer[1] = "Page {page}";
  style.header[0] = "Running";
  style.toc = true;
  Blocks blocks{heading(1, "One")};
  for (int i = 0; i < 60; ++i) blocks.push_back(para(words(20)));
  auto r = lay_out(doc_of(blocks), style);
  REQUIRE(r.out.pages.size() > 2);
  auto [page, running] = find_run(r.out, "Running");
  REQUIRE(page >= 0);
  CHECK(running.tag < 0);
  auto [leader_page, leader] = find_run(r.out, ".");
  REQUIRE(leader_page >= 0);
  CHECK(leader.tag < 0);
  CHECK(roles_of(r.out, "Contents") == std::vector<std::string>{"Caption", "TOC", "Document"});
}

TEST_CASE("spans of class smallcaps, superscript and subscript change how their text is set") {
  auto span = [](std::string cls, std::string s) {
    return Inline{model::Span{{text(std::move(s))}, "", {std::move(cls)}, {}}};
  };
  Document d = doc_of({para(Inlines{span("smallcaps", "Smith"), text(" x"), span("superscript", "2"), text(" y"),
                                    span("subscript", "3")})});
  auto r = lay_out(d, test_style(300));
  auto rs = runs(r.out.pages[0]);
  REQUIRE(rs.size() >= 6);
  CHECK(rs[0].text == "S");
  CHECK(rs[0].size == doctest::Approx(11));
  CHECK(rs[1].text == "MITH");  // lowercase letters as capitals, smaller
  CHECK(rs[1].size == doctest::Approx(11 * 0.78));
  CHECK(rs[1].y == doctest::Approx(rs[0].y));
  auto [p2, sup] = find_run(r.out, "2");
  auto [px, x] = find_run(r.out, "x");
  CHECK(sup.size == doctest::Approx(11 * 0.65));
  CHECK(sup.y < x.y);
  auto [p3, sub] = find_run(r.out, "3");
  CHECK(sub.size == doctest::Approx(11 * 0.65));
  CHECK(sub.y > x.y);
}
