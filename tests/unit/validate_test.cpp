#include <doctest/doctest.h>

#include "quire/validate/check.hpp"

using namespace quire;
using namespace quire::model;

namespace {
std::vector<std::string> messages(const Document& doc) {
  Diagnostics diags;
  validate::check_document(doc, diags);
  std::vector<std::string> out;
  for (const auto& d : diags.all()) out.push_back(format(d));
  return out;
}
Block at(Block b, int line) {
  b.read_at = SourcePos{"doc.yaml", line, 3};
  return b;
}
}  // namespace

TEST_CASE("a valid document has no diagnostics") {
  Document doc;
  doc.blocks.push_back(at(Block{Heading{1, {Inline{Text{"Title"}}}, "title"}, {}, {}}, 2));
  doc.blocks.push_back(at(Block{Paragraph{{Inline{Text{"x"}}, Inline{FootnoteRef{"n"}}}}, {}, {}}, 3));
  doc.blocks.push_back(at(Block{FootnoteDef{"n", {}}, {}, {}}, 4));
  CHECK(messages(doc).empty());
}

TEST_CASE("each rule reports at the YAML position, with the Markdown origin as a hint") {
  Document doc;
  Block h = at(Block{Heading{7, {}, ""}, SourcePos{"a.md", 9, 1}, {}}, 5);
  doc.blocks.push_back(h);
  Table t;
  t.aligns = {Align::Left, Align::Right};
  t.header = {{Inline{Text{"A"}}}, {Inline{Text{"B"}}}};
  t.rows = {{{Inline{Text{"1"}}}}};
  doc.blocks.push_back(at(Block{t, {}, {}}, 8));
  doc.blocks.push_back(at(Block{Paragraph{{Inline{FootnoteRef{"missing"}}, Inline{Link{{}, "", ""}}}}, {}, {}}, 12));
  doc.blocks.push_back(at(Block{FootnoteDef{"unused", {}}, {}, {}}, 14));
  auto m = messages(doc);
  REQUIRE(m.size() == 5);
  CHECK(m[0] == "doc.yaml:5:3: error: heading level 7 is outside 1–6\n  hint: the block comes from a.md:9:1");
  CHECK(m[1] == "doc.yaml:8:3: error: table row 1 has 1 cells; the header has 2");
  CHECK(m[2] == "doc.yaml:12:3: error: footnote reference 'missing' has no definition");
  CHECK(m[3] == "doc.yaml:14:3: warning: footnote 'unused' is defined but never referenced");
  CHECK(m[4] ==
        "doc.yaml:12:3: warning: link \"[]()\" has an empty destination\n"
        "  hint: write its target in the parentheses: [text](#id) or [text](https://…)");
}

TEST_CASE("div ids are link targets and must not repeat a heading's or another div's") {
  Document doc;
  Block inner = at(Block{Heading{2, {Inline{Text{"Deep"}}}, "deep"}, {}, {}}, 3);
  doc.blocks.push_back(at(Block{Div{{inner}, "sources", {"internal"}, {}}, {}, {}}, 2));
  doc.blocks.push_back(at(Block{Paragraph{{Inline{Link{{}, "#sources", ""}}, Inline{Link{{}, "#deep", ""}}}}, {}, {}}, 5));
  CHECK(messages(doc).empty());
  doc.blocks.push_back(at(Block{Div{{}, "deep", {}, {}}, {}, {}}, 7));
  doc.blocks.push_back(at(Block{Heading{1, {}, "sources"}, {}, {}}, 9));
  doc.blocks.push_back(at(Block{Paragraph{{Inline{Link{{}, "#nowhere", ""}}}}, {}, {}}, 11));
  auto m = messages(doc);
  REQUIRE(m.size() == 3);
  CHECK(m[0] == "doc.yaml:7:3: error: id \"deep\" is used twice");
  CHECK(m[1] == "doc.yaml:9:3: error: id \"sources\" is used twice");
  CHECK(m[2].starts_with(
      "doc.yaml:11:3: warning: link to \"#nowhere\" matches no heading, div, span, figure or table id"));
}

TEST_CASE("nesting deeper than the limit is reported once, not recursed into") {
  Block inner{Paragraph{}, {}, {}};
  for (int i = 0; i < 100; ++i) inner = Block{BlockQuote{{inner}}, {}, {}};
  Document doc;
  doc.blocks.push_back(at(inner, 2));
  Diagnostics diags;
  validate::check_document(doc, diags, {10});
  CHECK(diags.error_count() == 1);
}
