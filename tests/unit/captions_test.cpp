// Captions, numbering and cross-references of figures and tables (issue 14): the Markdown syntax,
// compose's numbering and its references, and the model's YAML form.
#include <doctest/doctest.h>

#include <sstream>

#include "quire/compose/assemble.hpp"
#include "quire/markdown/reader.hpp"
#include "quire/text/terms.hpp"
#include "quire/yaml/document_yaml.hpp"

using namespace quire;
using namespace quire::model;

namespace {

Document md(const std::string& text, Diagnostics& diags) { return markdown::read_markdown(text, "t.md", diags); }

// Read and composed (references resolved); `diags` gets what both said.
Document resolved(const std::string& text, Diagnostics& diags) {
  Document doc = md(text, diags);
  compose::resolve_references(doc, diags);
  return doc;
}

Document resolved_clean(const std::string& text) {
  Diagnostics diags;
  Document doc = resolved(text, diags);
  for (const auto& d : diags.all()) FAIL_CHECK(format(d));
  return doc;
}

std::vector<std::string> errors_of(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.all())
    if (d.severity == Severity::Error) out.push_back(format(d));
  return out;
}

template <class T>
const T& nth(const Document& doc, std::size_t n) {
  std::size_t seen = 0;
  for (const auto& b : doc.blocks)
    if (const T* t = std::get_if<T>(&b.node); t && seen++ == n) return *t;
  FAIL("no such block");
  throw 0;
}

std::string paragraph_text(const Document& doc, std::size_t n) { return plain_text(nth<Paragraph>(doc, n).content); }

// The links of a paragraph: (text, url) in order.
std::vector<std::pair<std::string, std::string>> links_of(const Inlines& in) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& i : in)
    if (const auto* l = std::get_if<Link>(&i.node)) out.emplace_back(plain_text(l->content), l->url);
  return out;
}

}  // namespace

TEST_CASE("captions: an image alone with attributes is a figure with an id, classes and attributes") {
  Diagnostics diags;
  Document doc =
      md("![A chart](c.png){#fig:c .wide width=80% placement=here}\n\n![Plain](p.png)\n\n"
         "![Inline](i.png){#fig:i} and text\n",
         diags);
  CHECK(diags.all().empty());
  REQUIRE(doc.blocks.size() == 3);
  const auto& fig = std::get<Image>(doc.blocks[0].node);
  CHECK(fig.url == "c.png");
  CHECK(plain_text(fig.caption) == "A chart");
  CHECK(fig.id == "fig:c");
  CHECK(fig.classes == std::vector<std::string>{"wide"});
  REQUIRE(fig.attribute("width"));
  CHECK(*fig.attribute("width") == "80%");
  CHECK(*fig.attribute("placement") == "here");
  CHECK(std::get<Image>(doc.blocks[1].node).id.empty());
  // With text after it, an image stays inline (and its braces text).
  CHECK(std::holds_alternative<Paragraph>(doc.blocks[2].node));
}

TEST_CASE("captions: pandoc's table captions before or after a table, with a label") {
  Diagnostics diags;
  Document doc =
      md(": Before *it* {#tbl:one}\n\n| a |\n|---|\n| 1 |\n\n"  // before, with ": "
         "| b |\n|---|\n| 2 |\n\nTable: After it\n\n"           // after, with "Table:"
         "| c |\n|---|\n| 3 |\n: Right under {#tbl:three}\n\n"  // no blank line: not a row
         "| d |\n|---|\n| 4 |\n\n: not a caption: a paragraph after a captioned table is text\n",
         diags);
  CHECK(diags.all().empty());
  const auto& one = nth<Table>(doc, 0);
  CHECK(one.caption == Inlines{{Text{"Before "}}, {Emph{{{Text{"it"}}}}}});
  CHECK(one.id == "tbl:one");
  CHECK(plain_text(nth<Table>(doc, 1).caption) == "After it");
  CHECK(nth<Table>(doc, 1).id.empty());
  const auto& three = nth<Table>(doc, 2);
  CHECK(plain_text(three.caption) == "Right under");
  CHECK(three.id == "tbl:three");
  CHECK(three.rows.size() == 1);
  // The fourth table took the paragraph after it: the caption mark reads "not a caption: …".
  CHECK(plain_text(nth<Table>(doc, 3).caption) == "not a caption: a paragraph after a captioned table is text");
  // A caption paragraph with no table next to it stays a paragraph.
  Document alone = md("Table: lonely\n\nText.\n", diags);
  CHECK(std::holds_alternative<Paragraph>(alone.blocks.at(0).node));
}

TEST_CASE("numbering: figures and tables with captions, per document, their number first in the caption") {
  Document doc = resolved_clean(
      "# One\n\n![First chart](a.png)\n\n| a |\n|---|\n| 1 |\n\n: Counts\n\n# Two\n\n![Second](b.png){#fig:b}\n\n"
      "![](c.png){#fig:c}\n\n::: decorative\n![Ornament](o.png)\n:::\n\n![Not counted](u.png){.unnumbered}\n\n"
      "| b |\n|---|\n| 2 |\n\n| c |\n|---|\n| 3 |\n\n: Sums {#tbl:sums}\n");
  CHECK(plain_text(nth<Image>(doc, 0).caption) == "Figure 1: First chart");
  CHECK(nth<Image>(doc, 0).number == "1");
  CHECK(plain_text(nth<Image>(doc, 1).caption) == "Figure 2: Second");
  CHECK(plain_text(nth<Image>(doc, 2).caption) == "Figure 3");  // a label and no caption
  CHECK(nth<Image>(doc, 3).number.empty());                     // .unnumbered
  const auto& deco = std::get<Div>(doc.blocks.at(6).node);
  CHECK(plain_text(std::get<Image>(deco.blocks.at(0).node).caption) == "Ornament");
  CHECK(plain_text(std::get<Image>(doc.blocks.at(7).node).caption) == "Not counted");
  CHECK(plain_text(nth<Table>(doc, 0).caption) == "Table 1: Counts");
  CHECK(nth<Table>(doc, 1).number.empty());  // no caption, no label: no number
  CHECK(plain_text(nth<Table>(doc, 2).caption) == "Table 2: Sums");
  CHECK(nth<Table>(doc, 2).number == "2");
}

TEST_CASE("numbering: per chapter, figure-numbering: chapter") {
  Document doc = resolved_clean(
      "---\nfigure-numbering: chapter\n---\n\n# One\n\n![A](a.png)\n\n## Part\n\n![B](b.png)\n\n"
      "| a |\n|---|\n| 1 |\n\n: T\n\n# Two\n\n![C](c.png){#fig:c}\n\n| b |\n|---|\n| 2 |\n\n: U {#tbl:u}\n\n"
      "See @fig:c and @tbl:u.\n");
  CHECK(plain_text(nth<Image>(doc, 0).caption) == "Figure 1.1: A");
  CHECK(plain_text(nth<Image>(doc, 1).caption) == "Figure 1.2: B");
  CHECK(plain_text(nth<Image>(doc, 2).caption) == "Figure 2.1: C");
  CHECK(plain_text(nth<Table>(doc, 0).caption) == "Table 1.1: T");
  CHECK(plain_text(nth<Table>(doc, 1).caption) == "Table 2.1: U");
  CHECK(paragraph_text(doc, 0) == "See Figure 2.1 and Table 2.1.");
  Diagnostics diags;
  resolved("---\nfigure-numbering: section\n---\n\n![A](a.png)\n", diags);
  REQUIRE(errors_of(diags).size() == 1);
  CHECK(errors_of(diags)[0].starts_with("t.md:2:19: error: 'figure-numbering' must be document or chapter"));
}

TEST_CASE("numbering: letters number only what they label") {
  Document doc = resolved_clean(
      "---\ndocumentclass: letter\n---\n\n![Our new building](b.png)\n\n"
      "![The plan](p.png){#fig:plan}\n\nSee @fig:plan.\n");
  CHECK(plain_text(nth<Image>(doc, 0).caption) == "Our new building");
  CHECK(plain_text(nth<Image>(doc, 1).caption) == "Figure 1: The plan");
  CHECK(paragraph_text(doc, 0) == "See Figure 1.");
}

TEST_CASE("references: groups, plurals, the number alone, links and localised words") {
  Document doc = resolved_clean(
      "---\nnumbersections: true\n---\n\n# Intro {#sec:intro}\n\n![A](a.png){#fig:a}\n\n![B](b.png){#fig:b}\n\n"
      "![C](c.png)\n\n![D](d.png){#fig:d}\n\n| x |\n|---|\n| 1 |\n\n: X {#tbl:x}\n\n"
      "[@fig:a; @fig:b] and [@fig:a; @fig:b; @fig:d].\n\n"
      "In [@fig:a; @tbl:x], [-@fig:b] alone, [see @sec:intro].\n");
  CHECK(paragraph_text(doc, 0) == "Figures 1 and 2 and Figures 1, 2 and 4.");
  auto links = links_of(nth<Paragraph>(doc, 0).content);
  REQUIRE(links.size() == 5);
  CHECK(links[0] == std::pair<std::string, std::string>{"1", "#fig:a"});
  CHECK(links[4] == std::pair<std::string, std::string>{"4", "#fig:d"});
  CHECK(paragraph_text(doc, 1) == "In Figure 1 and Table 1, 2 alone, see Section 1.");
  links = links_of(nth<Paragraph>(doc, 1).content);
  REQUIRE(links.size() == 4);
  CHECK(links[0] == std::pair<std::string, std::string>{"Figure 1", "#fig:a"});
  CHECK(links[1] == std::pair<std::string, std::string>{"Table 1", "#tbl:x"});
  CHECK(links[2] == std::pair<std::string, std::string>{"2", "#fig:b"});
  CHECK(links[3] == std::pair<std::string, std::string>{"Section 1", "#sec:intro"});

  Document de = resolved_clean(
      "---\nlang: de-DE\n---\n\n![A](a.png){#fig:a}\n\n![B](b.png){#fig:b}\n\n"
      "![C](c.png){#fig:c}\n\n| x |\n|---|\n| 1 |\n\n: X {#tbl:x}\n\n"
      "@fig:a, [@fig:a; @fig:b; @fig:c], @tbl:x.\n");
  CHECK(plain_text(nth<Image>(de, 0).caption) == "Abbildung 1: A");
  CHECK(plain_text(nth<Table>(de, 0).caption) == "Tabelle 1: X");
  CHECK(paragraph_text(de, 0) == "Abbildung 1, Abbildungen 1, 2 und 3, Tabelle 1.");
  Document fr = resolved_clean(
      "---\nlang: fr\n---\n\n![A](a.png){#fig:a}\n\n![B](b.png){#fig:b}\n\n"
      "| x |\n|---|\n| 1 |\n\n: X {#tbl:x}\n\n[@fig:a; @fig:b], @tbl:x.\n");
  CHECK(plain_text(nth<Image>(fr, 0).caption) == "Figure 1\u00A0: A");
  CHECK(paragraph_text(fr, 0) == "Figures 1 et 2, Tableau 1.");
  for (const char* lang : {"es", "ar", "ko"}) {
    const text::Terms& t = text::terms_for(lang);
    Document doc2 = resolved_clean(std::string("---\nlang: ") + lang + "\n---\n\n![A](a.png){#fig:a}\n\n@fig:a\n");
    CHECK(plain_text(nth<Image>(doc2, 0).caption) == t.figure + " 1" + t.caption_separator + "A");
    CHECK(paragraph_text(doc2, 0) == t.figure + " 1");
  }
  CHECK(text::terms_for("es-MX").table == "Tabla");
  CHECK(text::terms_for("ko-KR").list_of_figures == "그림 목차");
  CHECK(text::terms_for("xx").figure == "Figure");
}

TEST_CASE("references: the words settable, with pandoc-crossref's names too") {
  Document doc = resolved_clean(
      "---\nfigure-title: Chart\ntableTitle: Tab.\nfigPrefix: [fig., figs.]\ntbl-prefix: tab.\n---\n\n"
      "![A](a.png){#fig:a}\n\n![B](b.png){#fig:b}\n\n| x |\n|---|\n| 1 |\n\n: X {#tbl:x}\n\n"
      "@fig:a, [@fig:a; @fig:b], @tbl:x.\n");
  CHECK(plain_text(nth<Image>(doc, 0).caption) == "Chart 1: A");
  CHECK(plain_text(nth<Table>(doc, 0).caption) == "Tab. 1: X");
  CHECK(paragraph_text(doc, 0) == "fig. 1, figs. 1 and 2, tab. 1.");
  Diagnostics diags;
  resolved("---\nfig-prefix: {a: b}\n---\n\nText.\n", diags);
  REQUIRE(errors_of(diags).size() == 1);
  CHECK(errors_of(diags)[0].starts_with(
      "t.md:2:13: error: 'fig-prefix' must be a string or a list of two: singular and plural"));
}

TEST_CASE("references: an unknown label is an error where it is written, with a guess; a label twice too") {
  Diagnostics diags;
  resolved(
      "![A](a.png){#fig:chart}\n\n| x |\n|---|\n| 1 |\n\n: X {#tbl:counts}\n\n"
      "As @fig:chrat shows, and [@tbl:counts; @tbl:nothing].\n\n![B](b.png){#fig:chart}\n",
      diags);
  auto errors = errors_of(diags);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == "t.md:11:1: error: label 'fig:chart' is defined twice\n  hint: first at t.md:1:1");
  CHECK(errors[1] == "t.md:9:4: error: unknown label 'fig:chrat' in '@fig:chrat'\n  hint: did you mean 'fig:chart'?");
  CHECK(errors[2].starts_with("t.md:9:40: error: unknown label 'tbl:nothing' in '@tbl:nothing'\n"));
  // Citation keys without those prefixes stay citations, untouched by cross-references.
  Diagnostics ok;
  Document doc = resolved("See @smith04 and [@doe99, p. 3].\n", ok);
  CHECK(errors_of(ok).empty());
  const auto& p = nth<Paragraph>(doc, 0).content;
  CHECK(std::holds_alternative<Cite>(p.at(1).node));
  CHECK(std::holds_alternative<Cite>(p.at(3).node));
}

TEST_CASE("captions: figures' attributes, tables' captions and numbers survive the YAML form") {
  Document doc =
      resolved_clean("![A chart](c.png){#fig:c .wide width=80%}\n\n| a |\n|---|\n| 1 |\n\n: Counts {#tbl:n}\n");
  std::string yaml = yaml::to_yaml(doc);
  std::istringstream in(yaml);
  yaml::StreamReader reader(in, "t.yaml");
  Diagnostics diags;
  auto back = reader.next(diags);
  REQUIRE(back);
  CHECK(diags.all().empty());
  CHECK(*back == doc);
  CHECK(nth<Image>(*back, 0).number == "1");
  CHECK(nth<Table>(*back, 0).id == "tbl:n");
  CHECK(yaml.find("caption:") != std::string::npos);
}
