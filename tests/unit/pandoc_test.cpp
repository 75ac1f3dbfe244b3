#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "quire/markdown/reader.hpp"
#include "quire/pandoc/pandoc.hpp"
#include "quire/yaml/document_yaml.hpp"

using namespace quire;
using namespace quire::model;

namespace {

Document read_json(const std::string& json, Diagnostics& diags, const pandoc::ReadLimits& limits = {}) {
  std::istringstream in(json);
  return pandoc::read_pandoc_json(in, "p.json", diags, limits);
}

Document read_clean(const std::string& json) {
  Diagnostics diags;
  Document doc = read_json(json, diags);
  for (const auto& d : diags.all()) FAIL_CHECK(format(d));
  return doc;
}

std::string error_of(const std::string& json) {
  Diagnostics diags;
  try {
    read_json(json, diags);
  } catch (const Error& e) {
    return to_string(e.pos()) + ": " + e.what();
  }
  return "no error";
}

std::string doc_json(const std::string& blocks, const std::string& meta = "{}",
                     const std::string& version = "1,22,2,1") {
  return "{\"pandoc-api-version\":[" + version + "],\"meta\":" + meta + ",\"blocks\":[" + blocks + "]}";
}

std::string to_json(const Document& doc) {
  std::ostringstream out;
  pandoc::write_pandoc_json(doc, out);
  return out.str();
}

Document from_markdown(const std::string& text) {
  Diagnostics diags;
  Document doc = markdown::read_markdown(text, "t.md", diags);
  REQUIRE_FALSE(diags.has_errors());
  return doc;
}

}  // namespace

TEST_CASE("pandoc: blocks and inlines become quire's") {
  Document doc = read_clean(doc_json(
      R"({"t":"Header","c":[2,["intro",[],[]],[{"t":"Str","c":"Hello"},{"t":"Space"},{"t":"Emph","c":[{"t":"Str","c":"world"}]}]]},)"
      R"({"t":"Para","c":[{"t":"Str","c":"A"},{"t":"Space"},{"t":"Quoted","c":[{"t":"DoubleQuote"},[{"t":"Str","c":"quote"}]]},{"t":"SoftBreak"},)"
      R"({"t":"Link","c":[["",[],[]],[{"t":"Str","c":"link"}],["https://example.org","T"]]},{"t":"Note","c":[{"t":"Para","c":[{"t":"Str","c":"Noted."}]}]}]},)"
      R"({"t":"BulletList","c":[[{"t":"Plain","c":[{"t":"Str","c":"☒"},{"t":"Space"},{"t":"Str","c":"done"}]}],[{"t":"Plain","c":[{"t":"Str","c":"two"}]}]]},)"
      R"({"t":"OrderedList","c":[[3,{"t":"Decimal"},{"t":"Period"}],[[{"t":"Para","c":[{"t":"Str","c":"three"}]}]]]},)"
      R"({"t":"CodeBlock","c":[["",["cpp"],[]],"int x;"]},)"
      R"({"t":"Div","c":[["box",["note"],[["lang","de"]]],[{"t":"BlockQuote","c":[{"t":"Para","c":[{"t":"Code","c":[["",[],[]],"q"]}]}]}]]},)"
      R"({"t":"HorizontalRule"},{"t":"Null"},)"
      R"({"t":"RawBlock","c":["latex","\\newpage"]},)"
      R"({"t":"Para","c":[{"t":"Image","c":[["",[],[]],[{"t":"Str","c":"Cap"}],["a.png","fig:"]]}]})",
      R"({"title":{"t":"MetaInlines","c":[{"t":"Str","c":"A"},{"t":"Space"},{"t":"Str","c":"Title"}]},"draft":{"t":"MetaBool","c":true},)"
      R"("year":{"t":"MetaString","c":"2026"},"tags":{"t":"MetaList","c":[{"t":"MetaInlines","c":[{"t":"Str","c":"x"}]}]}})"));
  REQUIRE(doc.blocks.size() == 10);
  CHECK(doc.blocks[0].node == Block{Heading{2, {{Text{"Hello "}}, {Emph{{{Text{"world"}}}}}}, "intro"}, {}, {}}.node);
  auto& p = std::get<Paragraph>(doc.blocks[1].node);
  REQUIRE(p.content.size() == 4);
  CHECK(p.content[0] == Inline{Text{"A \u201Cquote\u201D"}});
  CHECK(std::holds_alternative<SoftBreak>(p.content[1].node));
  CHECK(p.content[2] == Inline{Link{{{Text{"link"}}}, "https://example.org", "T"}});
  CHECK(p.content[3] == Inline{FootnoteRef{"1"}});
  auto& bullets = std::get<BulletList>(doc.blocks[2].node);
  CHECK(bullets.tight);
  CHECK(bullets.items[0].checked == std::optional<bool>(true));
  CHECK(bullets.items[0].blocks[0].node == Block{Paragraph{{{Text{"done"}}}}, {}, {}}.node);
  auto& ordered = std::get<OrderedList>(doc.blocks[3].node);
  CHECK(ordered.start == 3);
  CHECK_FALSE(ordered.tight);
  CHECK(std::get<CodeBlock>(doc.blocks[4].node) == CodeBlock{"int x;\n", "cpp"});
  auto& div = std::get<Div>(doc.blocks[5].node);
  CHECK(div.id == "box");
  CHECK(div.has_class("note"));
  CHECK(*div.attribute("lang") == "de");
  CHECK(std::holds_alternative<ThematicBreak>(doc.blocks[6].node));
  CHECK(std::holds_alternative<PageBreak>(doc.blocks[7].node));
  CHECK(std::get<Image>(doc.blocks[8].node) == Image{"a.png", {{Text{"Cap"}}}, "", "", {}, {}, ""});
  // The note's definition goes at the end.
  CHECK(doc.blocks[9].node == Block{FootnoteDef{"1", {Block{Paragraph{{{Text{"Noted."}}}}, {}, {}}}}, {}, {}}.node);
  CHECK(doc.meta.find("title")->scalar == "A Title");
  CHECK(doc.meta.find("draft")->kind == MetaValue::Kind::Bool);
  CHECK(doc.meta.find("year")->kind == MetaValue::Kind::Number);
  CHECK(doc.meta.find("tags")->list.at(0).scalar == "x");
}

TEST_CASE("pandoc: data-pos gives blocks their position in the original file") {
  Document doc = read_clean(doc_json(
      R"({"t":"Header","c":[1,["h",[],[["data-pos","r.md@1:1-2:1"]]],[{"t":"Span","c":[["",[],[["data-pos","r.md@1:3-1:7"]]],[{"t":"Str","c":"Head"}]]}]]},)"
      R"({"t":"Div","c":[["",[],[["data-pos","r.md@3:1-4:1"]]],[{"t":"Para","c":[{"t":"Str","c":"Body"}]}]]})"));
  REQUIRE(doc.blocks.size() == 2);
  CHECK(doc.blocks[0].pos == SourcePos{"r.md", 1, 1});
  CHECK(std::get<Heading>(doc.blocks[0].node).content == Inlines{{Text{"Head"}}});
  CHECK(doc.blocks[1].pos == SourcePos{"r.md", 3, 1});
  CHECK(std::holds_alternative<Paragraph>(doc.blocks[1].node));
}

TEST_CASE("pandoc: what quire has no place for is kept as the closest thing, with a warning naming it") {
  Diagnostics diags;
  Document doc = read_json(
      doc_json(
          R"({"t":"Para","c":[{"t":"Math","c":[{"t":"InlineMath"},"x^2"]},{"t":"Math","c":[{"t":"InlineMath"},"y"]},)"
          R"({"t":"RawInline","c":["tex","\\LaTeX"]},{"t":"Superscript","c":[{"t":"Str","c":"2"}]}]},)"
          R"({"t":"RawBlock","c":["html","<div>x</div>"]},)"
          R"({"t":"DefinitionList","c":[[[{"t":"Str","c":"Term"}],[[{"t":"Plain","c":[{"t":"Str","c":"Def"}]}]]]]})"),
      diags);
  std::string all;
  for (const auto& d : diags.all()) all += format(d) + "\n";
  CHECK(all.find("Math has no quire equivalent") != std::string::npos);
  CHECK(all.find("raw tex inline") != std::string::npos);
  CHECK(all.find("Superscript") != std::string::npos);
  CHECK(all.find("raw html block") != std::string::npos);
  CHECK(all.find("DefinitionList") != std::string::npos);
  CHECK(diags.warning_count() == 5);  // the second Math is not reported again
  CHECK_FALSE(diags.has_errors());
  auto& p = std::get<Paragraph>(doc.blocks[0].node);
  CHECK(p.content[0] == Inline{Code{"x^2"}});
  CHECK(std::get<CodeBlock>(doc.blocks[1].node) == CodeBlock{"<div>x</div>\n", "html"});
  CHECK(std::holds_alternative<Paragraph>(doc.blocks[2].node));
  CHECK(std::holds_alternative<BlockQuote>(doc.blocks[3].node));
}

TEST_CASE("pandoc: tables, with spans and captions reported") {
  std::string cell = R"([["",[],[]],{"t":"AlignDefault"},1,1,[{"t":"Plain","c":[{"t":"Str","c":"X"}]}]])";
  std::string wide = R"([["",[],[]],{"t":"AlignDefault"},1,2,[{"t":"Plain","c":[{"t":"Str","c":"W"}]}]])";
  std::string row = R"([["",[],[]],[)" + cell + "," + cell + "]]";
  std::string table = R"({"t":"Table","c":[["",[],[]],[null,[{"t":"Plain","c":[{"t":"Str","c":"Cap"}]},{"t":"Plain","c":[{"t":"Str","c":"More"}]}]],)"
                      R"([[{"t":"AlignLeft"},{"t":"ColWidthDefault"}],[{"t":"AlignRight"},{"t":"ColWidth","c":0.5}]],)"
                      R"([["",[],[]],[)" +
                      row + R"(]],[[["",[],[]],0,[],[)" + row + R"(,[["",[],[]],[)" + wide +
                      R"(]]]]],)"
                      R"([["",[],[]],[]]]})";
  Diagnostics diags;
  Document doc = read_json(doc_json(table), diags);
  REQUIRE(doc.blocks.size() == 3);  // a caption of two blocks: both after the table
  auto& t = std::get<Table>(doc.blocks[0].node);
  CHECK(t.aligns == std::vector<Align>{Align::Left, Align::Right});
  CHECK(t.header == std::vector<Inlines>{{{Text{"X"}}}, {{Text{"X"}}}});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[1] == std::vector<Inlines>{{{Text{"W"}}}, {}});
  CHECK(std::get<Paragraph>(doc.blocks[1].node).content == Inlines{{Text{"Cap"}}});
  CHECK(diags.warning_count() == 2);
}

TEST_CASE("pandoc: versions, malformed documents and hostile nesting are errors at their position") {
  CHECK(
      error_of(doc_json("", "{}", "1,20")) ==
      "p.json:1:23: pandoc API version 1.20 is not supported (this build reads 1.22 and 1.23: pandoc 2.17 and later)");
  Diagnostics newer;
  read_json(doc_json("", "{}", "1,24"), newer);
  CHECK(newer.warning_count() == 1);
  CHECK(error_of("[{\"unMeta\":{}},[]]").starts_with("p.json:1:1: expected pandoc's JSON AST ('{'"));
  CHECK(error_of("{\"blocks\":[]}") ==
        "p.json:1:1: no pandoc-api-version: pandoc 1.x's JSON (before 2.0) is not supported");
  CHECK(error_of(doc_json("{\"t\":\"Para\"}")) == "p.json:1:54: malformed pandoc JSON: expected a list of inlines");
  CHECK(error_of(doc_json("{\"c\":[]}")) == "p.json:1:54: malformed pandoc JSON: an object without \"t\"");
  CHECK(error_of(doc_json("{\"t\":\"Para\",\"c\":[{\"t\":\"Str\",\"c\":5}]}")) ==
        "p.json:1:86: malformed pandoc JSON: expected a string");
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"t\":\"BlockQuote\",\"c\":[";
  CHECK(error_of(doc_json(deep)).find("values are nested more than 600 deep") != std::string::npos);
  CHECK(error_of(doc_json("{\"t\":\"Para\",\"c\":[]}") + " x").find("text after the end") != std::string::npos);
}

TEST_CASE("pandoc: quire → pandoc JSON → quire gives the same model") {
  Document doc = from_markdown(
      "---\ntitle: Round trip\ncount: 3\ncode: \"007\"\ndraft: false\nnothing: null\naddress: |\n  1 Main St\n  Seoul\n"
      "tags: [a, b]\n---\n\n"
      "# Heading *one* {#custom}\n\nSome **bold**, ~~gone~~, `code`, a [link](https://x.org \"T\") and a note[^n].\n"
      "Soft\nbreak and hard  \nbreak.\n\n"
      "> quoted\n>\n> - [x] done\n> - [ ] open\n\n"
      "3. three\n4. four\n\n"
      "- loose\n\n- list\n\n"
      "```python\nprint(1)\n```\n\n"
      "| a | b |\n|:--|--:|\n| 1 | *2* |\n\n"
      "![A caption](pic.png \"Title\")\n\n"
      "---\n\n<!-- pagebreak -->\n\n"
      "::: {#box .note lang=de}\nIn a [span]{.smallcaps} div.\n:::\n\n"
      "See [see @doe99, p. 33; -@roe] and @kim.\n\n"
      "[^n]: The note, with *emphasis*.\n\n    And a second paragraph.\n");
  std::string json = to_json(doc);
  Diagnostics diags;
  Document back = read_json(json, diags);
  for (const auto& d : diags.all()) FAIL_CHECK(format(d));
  CHECK(yaml::to_yaml(back) == yaml::to_yaml(doc));
  CHECK(back == doc);
  // And the JSON is what pandoc 2.17 reads: API 1.22.
  CHECK(json.starts_with("{\"pandoc-api-version\":[1,22,2,1],"));
}
