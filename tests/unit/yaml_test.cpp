#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "quire/yaml/document_yaml.hpp"

using namespace quire;
using namespace quire::model;
using quire::yaml::ReadLimits;
using quire::yaml::StreamReader;

namespace {

// Every document of a YAML stream, with the diagnostics formatted as FILE:LINE:COL: error: …
struct Read {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  std::vector<std::string> hints;
};

Read read_all(const std::string& text, ReadLimits limits = {}) {
  std::istringstream in(text);
  StreamReader reader(in, "t.yaml", limits);
  Diagnostics diags;
  Read r;
  while (auto doc = reader.next(diags)) r.docs.push_back(std::move(*doc));
  for (const auto& d : diags.all()) {
    r.errors.push_back(format(Diagnostic{d.severity, d.pos, d.message, {}}));
    r.hints.push_back(d.hint);
  }
  return r;
}

Document read_clean(const std::string& text) {
  auto r = read_all(text);
  INFO(text);
  REQUIRE(r.errors.empty());
  REQUIRE(r.docs.size() == 1);
  return r.docs.front();
}

// The errors of a one-document stream "quire: 1\nblocks:\n" + body.

Inlines text(const std::string& s) { return {Inline{Text{s}}}; }
Block block(decltype(Block::node) node, SourcePos pos = {}) {
  Block b;
  b.node = std::move(node);
  b.pos = std::move(pos);
  return b;
}

Document kitchen_sink() {
  Document doc;
  doc.meta.set("title", MetaValue::string("Annual letter"));
  Inlines rich{{Text{"We thank "}},
               {Strong{text("you")}},
               {Text{" for "}},
               {Link{text("our report"), "https://example.org", "The report"}},
               {Emph{{{Strike{text("x")}}}}},
               {Code{"a[i]: b"}},
               {InlineImage{text("logo"), "logo.png", ""}},
               {FootnoteRef{"1"}},
               {SoftBreak{}},
               {LineBreak{}},
               {Text{"."}}};
  doc.blocks.push_back(block(Heading{1, text("Introduction"), "introduction"}, {"letter.md", 1, 1}));
  doc.blocks.push_back(block(Heading{3, text("Deep"), ""}));
  doc.blocks.push_back(block(Paragraph{text("Dear friends,")}));
  doc.blocks.push_back(block(Paragraph{rich}));
  doc.blocks.push_back(block(Paragraph{}));
  BulletList bullets;
  bullets.items.push_back({{block(Paragraph{text("one")}), block(Paragraph{text("two")})}, std::nullopt});
  bullets.items.push_back({{block(Paragraph{text("done")})}, true});
  bullets.items.push_back({{}, false});
  bullets.items.push_back({{}, std::nullopt});
  bullets.tight = false;
  doc.blocks.push_back(block(bullets));
  OrderedList ordered;
  ordered.start = 3;
  ordered.items.push_back(
      {{block(OrderedList{{{{block(Paragraph{text("nested")})}, std::nullopt}}, 0, true})}, std::nullopt});
  doc.blocks.push_back(block(ordered));
  doc.blocks.push_back(block(OrderedList{}));
  doc.blocks.push_back(block(BlockQuote{{block(Paragraph{text("quoted")}), block(BlockQuote{})}}));
  doc.blocks.push_back(block(CodeBlock{"int x;\n\n  if (x) {\n\treturn;\n  }\n", "cpp"}));
  doc.blocks.push_back(block(CodeBlock{"two trailing\n\n", ""}));
  doc.blocks.push_back(block(CodeBlock{"  leading spaces\nx", ""}));
  doc.blocks.push_back(block(CodeBlock{"", ""}));
  Table table;
  table.aligns = {Align::Left, Align::Right, Align::Center, Align::Default};
  table.header = {text("Name"), text("Amount"), {}, {{Strong{text("b")}}}};
  table.rows = {{text("Kim"), text("10"), {}, text("")}, {}};
  doc.blocks.push_back(block(table));
  table.widths = {0.125, 0.5, 0.1818, 0.1932};
  doc.blocks.push_back(block(table));
  doc.blocks.push_back(block(Table{}));
  doc.blocks.push_back(block(ThematicBreak{}));
  doc.blocks.push_back(block(ThematicBreak{}, {"letter.md", 9, 1}));
  doc.blocks.push_back(block(PageBreak{}));
  doc.blocks.push_back(block(Image{"figures/chart.png", text("A chart"), "Chart", {}, {}, {}, {}}));
  doc.blocks.push_back(block(Image{"", {}, "", {}, {}, {}, {}}));
  doc.blocks.push_back(block(FootnoteDef{"1", {block(Paragraph{text("The note text.")})}}));
  doc.blocks.push_back(block(Div{{block(Paragraph{text("secret")}), block(Div{{}, "", {"note"}, {}}, {"a.md", 3, 1})},
                                 "sec-1",
                                 {"internal", "wide"},
                                 {{"audience", "internal board"}, {"data-x", "a: \"b\" #c"}}}));
  doc.blocks.push_back(block(Div{}));
  doc.blocks.push_back(block(Paragraph{text("at")}, {"dir:with:colons/a.md", 12, 0}));
  return doc;
}

const std::vector<std::string> kNastyStrings = {"안녕하세요 세계",
                                                "“curly” ‘quotes’",
                                                "emoji 😀👍🏽",
                                                "line\nbreak",
                                                "tab\there",
                                                "\ttab first",
                                                " leading",
                                                "trailing ",
                                                "  ",
                                                "key: value",
                                                "a #not comment",
                                                "#comment",
                                                "- item",
                                                "-",
                                                "--- x",
                                                "---",
                                                "...",
                                                "[x]",
                                                "{a: 1}",
                                                "*bold*",
                                                "&anchor",
                                                "!tag",
                                                "%percent",
                                                "@at",
                                                "`tick`",
                                                "yes",
                                                "no",
                                                "on",
                                                "off",
                                                "Yes",
                                                "NO",
                                                "true",
                                                "False",
                                                "null",
                                                "Null",
                                                "~",
                                                "y",
                                                "n",
                                                "1e3",
                                                "0x10",
                                                "0o17",
                                                ".inf",
                                                "-.inf",
                                                ".nan",
                                                "2020-06-02",
                                                "007",
                                                "12",
                                                "-3",
                                                "+4",
                                                "3.14",
                                                "1_000",
                                                "1:20",
                                                "",
                                                " ",
                                                "\n",
                                                "a\n",
                                                "a\n\n",
                                                "\r\n",
                                                "a: ",
                                                "a:",
                                                ":a",
                                                "a:b",
                                                "?",
                                                "? x",
                                                "x, y",
                                                "<<",
                                                "=",
                                                "'single'",
                                                "\"double\"",
                                                "back\\slash",
                                                "nul\0byte",
                                                "ctrl\x01\x1f\x7f",
                                                "nel\xc2\x85x",
                                                "ls\xe2\x80\xa8x",
                                                "bom\xef\xbb\xbfx",
                                                "nbsp\xc2\xa0",
                                                "a | b > c",
                                                "100%",
                                                "https://example.org/a?b=c#d",
                                                "x\xef\xbf\xbf"};

std::string nasty(const std::string& s) { return s; }

}  // namespace

TEST_CASE("the kitchen-sink document round-trips and its canonical text is stable") {
  Document doc = kitchen_sink();
  std::string yaml = quire::yaml::to_yaml(doc);
  Document back = read_clean(yaml);
  CHECK(back == doc);
  CHECK(quire::yaml::to_yaml(back) == yaml);
}

TEST_CASE("canonical text of a small document") {
  Document doc;
  doc.meta.set("title", MetaValue::string("Annual letter"));
  doc.blocks.push_back(block(Heading{1, text("Introduction"), "introduction"}, {"letter.md", 1, 1}));
  doc.blocks.push_back(block(Paragraph{{{Text{"We thank "}},
                                        {Strong{text("you")}},
                                        {SoftBreak{}},
                                        {Link{text("our report"), "https://example.org", ""}}}}));
  BulletList list;
  list.items = {{{block(Paragraph{text("one")})}, std::nullopt}, {{block(Paragraph{text("done")})}, true}};
  doc.blocks.push_back(block(list));
  doc.blocks.push_back(block(CodeBlock{"int x;\nint y;\n", "cpp"}));
  doc.blocks.push_back(block(ThematicBreak{}));
  CHECK(quire::yaml::to_yaml(doc) ==
        "---\n"
        "quire: 1\n"
        "meta:\n"
        "  title: Annual letter\n"
        "blocks:\n"
        "  - heading: Introduction\n"
        "    level: 1\n"
        "    id: introduction\n"
        "    pos: letter.md:1:1\n"
        "  - paragraph: [\"We thank \", {strong: you}, {soft-break: ~}, {link: our report, url: "
        "\"https://example.org\"}]\n"
        "  - bullet-list:\n"
        "      - - paragraph: one\n"
        "      - checked: true\n"
        "        blocks:\n"
        "          - paragraph: done\n"
        "  - code: |\n"
        "      int x;\n"
        "      int y;\n"
        "    lang: cpp\n"
        "  - thematic-break\n");
}

TEST_CASE("nasty strings survive as text inlines, code, attributes and metadata") {
  for (const auto& s : kNastyStrings) {
    INFO("string: [" << s << "]");
    Document doc;
    doc.meta.set(s.empty() ? "empty" : s, MetaValue::string(s));
    MetaValue list;
    list.kind = MetaValue::Kind::List;
    list.list.push_back(MetaValue::string(s));
    doc.meta.set("list", list);
    doc.blocks.push_back(block(Paragraph{text(s)}));
    doc.blocks.push_back(block(Paragraph{{{Text{s}}, {Emph{text(s)}}, {Code{s}}}}));
    doc.blocks.push_back(block(CodeBlock{s, s}));
    doc.blocks.push_back(block(Heading{2, text(s), s}));
    doc.blocks.push_back(block(Image{s, text(s), s, {}, {}, {}, {}}));
    Table t;
    t.header = {text(s)};
    doc.blocks.push_back(block(t));
    doc.blocks.push_back(block(Div{{block(Paragraph{text(s)})}, s, {s, "x"}, {{s.empty() ? "k" : s, s}, {"v", s}}}));
    std::string yaml = quire::yaml::to_yaml(doc);
    auto r = read_all(yaml);
    INFO(yaml);
    REQUIRE(r.errors.empty());
    REQUIRE(r.docs.size() == 1);
    CHECK(r.docs[0] == doc);
    CHECK(quire::yaml::to_yaml(r.docs[0]) == yaml);
  }
  CHECK(nasty("x") == "x");
}

TEST_CASE("canonical text of divs, nested") {
  Document doc;
  Div inner{{block(Paragraph{text("deep")})}, "", {"note"}, {}};
  doc.blocks.push_back(block(Div{{block(Paragraph{text("secret")}), block(inner, {"r.md", 4, 1})},
                                 "a",
                                 {"internal", "x y"},
                                 {{"audience", "internal"}, {"n", "007"}}},
                             {"r.md", 2, 1}));
  std::string yaml = quire::yaml::to_yaml(doc);
  CHECK(yaml ==
        "---\n"
        "quire: 1\n"
        "blocks:\n"
        "  - div:\n"
        "      - paragraph: secret\n"
        "      - div:\n"
        "          - paragraph: deep\n"
        "        classes: [note]\n"
        "        pos: r.md:4:1\n"
        "    id: a\n"
        "    classes: [internal, x y]\n"
        "    attributes:\n"
        "      audience: internal\n"
        "      \"n\": \"007\"\n"
        "    pos: r.md:2:1\n");
  CHECK(read_clean(yaml) == doc);
  CHECK(read_clean("quire: 1\nblocks:\n  - div: []\n") == [] {
    Document d;
    d.blocks.push_back(block(Div{}));
    return d;
  }());
}

TEST_CASE("canonical text of spans") {
  Document doc;
  model::Span lang{{{Text{"\u0633\u0644\u0627\u0645"}}}, "", {}, {{"lang", "ar"}}};
  model::Span all{{{Text{"x "}}, {Emph{text("y")}}}, "s1", {"note", "a b"}, {{"n", "007"}}};
  doc.blocks.push_back(block(Paragraph{{{Text{"Say "}}, {lang}, {Text{" and "}}, {all}}}));
  std::string yaml = quire::yaml::to_yaml(doc);
  CHECK(
      yaml ==
      "---\n"
      "quire: 1\n"
      "blocks:\n"
      "  - paragraph: [\"Say \", {span: \u0633\u0644\u0627\u0645, attributes: {lang: ar}}, \" and \", {span: [\"x \", "
      "{emph: \"y\"}], id: s1, classes: [note, a b], attributes: {\"n\": \"007\"}}]\n");
  CHECK(read_clean(yaml) == doc);
  auto bad = read_all("quire: 1\nblocks:\n  - paragraph: [{span: x, lang: ar}]\n");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors.front().find("t.yaml:3:") != std::string::npos);
  CHECK(bad.errors.front().find("lang") != std::string::npos);
}

TEST_CASE("canonical text of citations") {
  Document doc;
  model::Citation a{"smith04",          {{Emph{text("see")}}},   "33\u201335",  "page",
                    text(", and more"), model::CiteMode::Normal, {"r.md", 3, 7}};
  model::Citation b{"doe: 99", {}, "", "", {}, model::CiteMode::SuppressAuthor, {}};
  model::Citation c{"x", {}, "2", "chapter", {}, model::CiteMode::AuthorInText, {"r.md", 4, 1}};
  doc.blocks.push_back(block(Paragraph{{{Text{"As "}}, {model::Cite{{c}}}, {Text{" "}}, {model::Cite{{a, b}}}}}));
  std::string yaml = quire::yaml::to_yaml(doc);
  CHECK(yaml ==
        "---\n"
        "quire: 1\n"
        "blocks:\n"
        "  - paragraph: [\"As \", {cite: [{key: x, locator: \"2\", label: chapter, mode: author-in-text, pos: "
        "\"r.md:4:1\"}]}, \" \", {cite: [{key: smith04, prefix: [{emph: see}], locator: \"33\u201335\", label: page, "
        "suffix: \", and more\", pos: \"r.md:3:7\"}, {key: \"doe: 99\", mode: suppress-author}]}]\n");
  CHECK(read_clean(yaml) == doc);
  // A locator without a label is a page.
  Document page = read_clean("quire: 1\nblocks:\n  - paragraph: [{cite: [{key: a, locator: 4}]}]\n");
  CHECK(std::get<model::Cite>(std::get<Paragraph>(page.blocks.at(0).node).content.at(0).node).items.at(0).label ==
        "page");
  auto bad = read_all(
      "quire: 1\nblocks:\n  - paragraph: [{cite: [{key: a, label: chaptre, locator: 2}, {key: b, mode: inline}, "
      "{prefix: x}]}]\n  - paragraph: [{cite: a}]\n");
  REQUIRE(bad.errors.size() == 4);
  CHECK(bad.errors[0].find("t.yaml:3:41: error: unknown locator label \"chaptre\"") == 0);
  CHECK(bad.hints[0] == "did you mean \"chapter\"?");
  CHECK(bad.errors[1].find("t.yaml:3:") == 0);
  CHECK(bad.errors[1].find("citation mode") != std::string::npos);
  CHECK(bad.errors[2].find("missing \"key\" in citation") != std::string::npos);
  CHECK(bad.errors[3].find("t.yaml:4:24: error: \"cite\" must be a list") == 0);
}

TEST_CASE("div diagnostics") {
  auto r = read_all(
      "quire: 1\n"
      "blocks:\n"
      "  - div: x\n"                      // 3
      "    classes: a\n"                  // 4
      "    attributes: [a]\n"             // 5
      "  - div: []\n"                     // 6
      "    classes: [[a]]\n"              // 7
      "    attributes: {a: [1], a: 2}\n"  // 8
      "    class: [a]\n");                // 9
  std::vector<std::string> expected = {
      "t.yaml:8:26: error: duplicate key \"a\"",
      "t.yaml:3:10: error: \"div\" must be a list of blocks, not a scalar",
      "t.yaml:4:14: error: \"classes\" must be a list of strings, not a scalar",
      "t.yaml:5:17: error: \"attributes\" must be a map, not a list",
      "t.yaml:9:5: error: unknown key \"class\" in block \"div\"",
      "t.yaml:7:15: error: \"classes\" must be a string, not a list",
      "t.yaml:8:21: error: \"a\" must be a string, not a list",
  };
  CHECK(r.errors == expected);
  REQUIRE(r.hints.size() == expected.size());
  CHECK(r.hints[4] == "did you mean \"classes\"?");
}

TEST_CASE("plain-safe strings are written plain, others quoted") {
  Document doc;
  doc.blocks = {block(Paragraph{text("Dear friends, hello")}), block(Paragraph{text("yes")}),
                block(Paragraph{text("007")}), block(Paragraph{text("a: b")}), block(Paragraph{text("안녕")})};
  std::string yaml = quire::yaml::to_yaml(doc);
  CHECK(yaml.find("- paragraph: Dear friends, hello\n") != std::string::npos);
  CHECK(yaml.find("- paragraph: \"yes\"\n") != std::string::npos);
  CHECK(yaml.find("- paragraph: \"007\"\n") != std::string::npos);
  CHECK(yaml.find("- paragraph: \"a: b\"\n") != std::string::npos);
  CHECK(yaml.find("- paragraph: 안녕\n") != std::string::npos);
}

TEST_CASE("metadata keeps its scalar kinds") {
  auto doc = read_clean(
      "quire: 1\nmeta:\n  draft: true\n  loud: FALSE\n  count: 12\n  ratio: 1.5e3\n  hex: 0x1F\n  inf: -.inf\n"
      "  none: ~\n  empty:\n  code: \"007\"\n  answer: yes\n  tagged: !!str 12\n  date: 2020-06-02\n"
      "  list: [1, a, null]\n  map: {a: {b: [true]}}\n  nolist: []\n  nomap: {}\nblocks: []\n");
  using K = MetaValue::Kind;
  const auto& m = doc.meta;
  CHECK(m.find("draft")->kind == K::Bool);
  CHECK(m.find("loud")->kind == K::Bool);
  CHECK(m.find("loud")->scalar == "false");
  CHECK(m.find("count")->kind == K::Number);
  CHECK(m.find("count")->scalar == "12");
  CHECK(m.find("ratio")->kind == K::Number);
  CHECK(m.find("hex")->kind == K::Number);
  CHECK(m.find("inf")->kind == K::Number);
  CHECK(m.find("none")->kind == K::Null);
  CHECK(m.find("empty")->kind == K::Null);
  CHECK(m.find("code")->kind == K::String);
  CHECK(m.find("code")->scalar == "007");
  CHECK(m.find("answer")->kind == K::String);  // YAML 1.2: yes is a string
  CHECK(m.find("tagged")->kind == K::String);
  CHECK(m.find("date")->kind == K::String);
  REQUIRE(m.find("list")->list.size() == 3);
  CHECK(m.find("list")->list[0].kind == K::Number);
  CHECK(m.find("list")->list[2].kind == K::Null);
  CHECK(m.find_path("map.a.b")->list.at(0).kind == K::Bool);
  CHECK(m.find("nolist")->kind == K::List);
  CHECK(m.find("nomap")->kind == K::Map);
  CHECK(m.find("count")->pos == SourcePos{"t.yaml", 5, 10});
  // Written back, the kinds stay and the canonical text is stable.
  std::string yaml = quire::yaml::to_yaml(doc);
  CHECK(yaml.find("  answer: \"yes\"\n") != std::string::npos);
  CHECK(yaml.find("  draft: true\n") != std::string::npos);
  CHECK(yaml.find("  none: null\n") != std::string::npos);
  auto back = read_clean(yaml);
  CHECK(back == doc);
  CHECK(quire::yaml::to_yaml(back) == yaml);
  // No metadata and empty metadata stay apart.
  CHECK(read_clean("quire: 1\nblocks: []\n").meta.kind == K::Null);
  CHECK(read_clean("quire: 1\nmeta: {}\nblocks: []\n").meta.kind == K::Map);
  Document empty_meta;
  empty_meta.meta.kind = K::Map;
  CHECK(read_clean(quire::yaml::to_yaml(empty_meta)) == empty_meta);
}

TEST_CASE("a Number whose text is not a number is written as a string") {
  Document doc;
  MetaValue bad;
  bad.kind = MetaValue::Kind::Number;
  bad.scalar = "a: b";
  doc.meta.set("n", bad);
  auto back = read_clean(quire::yaml::to_yaml(doc));
  CHECK(back.meta.find("n")->kind == MetaValue::Kind::String);
  CHECK(back.meta.find("n")->scalar == "a: b");
}

TEST_CASE("typed_scalar types plain text like YAML 1.2") {
  using K = MetaValue::Kind;
  CHECK(quire::yaml::typed_scalar("12").kind == K::Number);
  CHECK(quire::yaml::typed_scalar("12").scalar == "12");
  CHECK(quire::yaml::typed_scalar("true").kind == K::Bool);
  CHECK(quire::yaml::typed_scalar("True").scalar == "true");
  CHECK(quire::yaml::typed_scalar("hello").kind == K::String);
  CHECK(quire::yaml::typed_scalar("~").kind == K::Null);
  CHECK(quire::yaml::typed_scalar("yes").kind == K::String);
  CHECK(quire::yaml::typed_scalar("").kind == K::String);
  CHECK(quire::yaml::typed_scalar("").scalar.empty());
  CHECK(quire::yaml::typed_scalar("1e3").kind == K::Number);
  CHECK(quire::yaml::typed_scalar("2020-06-02").kind == K::String);
}

TEST_CASE("read_meta reads front matter with positions in the user's file") {
  Diagnostics diags;
  auto meta = quire::yaml::read_meta("title: Letter\ndate: 2024-01-01\ncount: 3\n", "a.md", 2, diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(meta.kind == MetaValue::Kind::Map);
  CHECK(meta.find("title")->scalar == "Letter");
  CHECK(meta.find("count")->kind == MetaValue::Kind::Number);
  CHECK(meta.find("count")->pos == SourcePos{"a.md", 4, 8});
  auto empty = quire::yaml::read_meta("", "a.md", 2, diags);
  CHECK(empty.kind == MetaValue::Kind::Map);
  CHECK(empty.map.empty());
  CHECK(quire::yaml::read_meta("# only a comment\n", "a.md", 2, diags).map.empty());
  CHECK_FALSE(diags.has_errors());
  quire::yaml::read_meta("- a\n- b\n", "a.md", 2, diags);
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all()[0]) == "a.md:2:1: error: metadata must be a map, not a list");
  diags.clear();
  quire::yaml::read_meta("a: 1\nb: [1\n", "a.md", 10, diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.all()[0].pos.line >= 11);
  diags.clear();
  quire::yaml::read_meta("a: &x 1\nb: *x\na: 2\n", "a.md", 1, diags);
  REQUIRE(diags.all().size() == 2);
  CHECK(format(diags.all()[0]) == "a.md:2:4: error: aliases are not allowed in quire documents");
  CHECK(format(diags.all()[1]) == "a.md:3:1: error: duplicate key \"a\"");
}

TEST_CASE("format version") {
  auto r = read_all("blocks: []\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:1: error: missing format version 'quire: 1'");
  r = read_all("quire: 2\nblocks: []\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:8: error: format version 2 is not supported (this build reads 1)");
  r = read_all("quire: one\nblocks: []\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:8: error: format version \"one\" is not supported (this build reads 1)");
  r = read_all("quire: 1.0\nblocks: []\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:8: error: format version \"1.0\" is not supported (this build reads 1)");
  r = read_all("quire: \"1\"\nblocks: []\n");
  CHECK(r.errors.size() == 1);
  r = read_all("blocks: []\nquire: 1\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:1: error: 'quire: 1' must be the first key of a document");
  r = read_all("quire: 1\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:1: error: missing \"blocks\"");
  r = read_all("- a\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:1:1: error: a quire document must be a map, not a list");
}

TEST_CASE("a table's column widths: written only when set, read back, checked") {
  Table t;
  t.aligns = {Align::Left, Align::Default};
  t.header = {text("a"), text("b")};
  t.widths = {0.75, 0.25};
  Document doc;
  doc.blocks.push_back(block(t));
  std::string yaml = quire::yaml::to_yaml(doc);
  CHECK(yaml.find("      align: [left, default]\n      widths: [0.75, 0.25]\n      header: [a, b]\n") !=
        std::string::npos);
  CHECK(read_clean(yaml) == doc);
  t.widths.clear();
  doc.blocks.front() = block(t);
  CHECK(quire::yaml::to_yaml(doc).find("widths") == std::string::npos);
  auto r = read_all(
      "quire: 1\nblocks:\n  - table: {align: [left], widths: [0], header: [a], rows: []}\n"
      "  - table: {align: [left], widths: [wide], header: [a], rows: []}\n"
      "  - table: {align: [left], widths: 0.5, header: [a], rows: []}\n");
  REQUIRE(r.errors.size() == 3);
  CHECK(r.errors[0] ==
        "t.yaml:3:37: error: a column width must be a number greater than 0 and at most 1 (a share of the text width)");
  CHECK(r.errors[1].rfind("t.yaml:4:37: error: a column width must be", 0) == 0);
  CHECK(r.errors[2] == "t.yaml:5:36: error: \"widths\" must be a list, not a scalar");
}

TEST_CASE("diagnostics point at the YAML node, all of them") {
  auto r = read_all(
      "quire: 1\n"
      "blocks:\n"
      "  - heding: Intro\n"                                         // 3
      "  - heading: Intro\n"                                        // 4
      "    level: 7\n"                                              // 5
      "    lvl: 1\n"                                                // 6
      "  - paragraph: [a, {emf: b}, {link: c}, [x]]\n"              // 7
      "  - bullet-list: nope\n"                                     // 8
      "    tight: maybe\n"                                          // 9
      "  - quote: {paragraph: x}\n"                                 // 10
      "  - code: [x]\n"                                             // 11
      "  - paragraph: x\n    pos: \":3:4\"\n"                       // 12, 13
      "  - image: x\n"                                              // 14
      "  - table: {align: [left, middle], header: [], rows: []}\n"  // 15
      "  - paragraph: x\n    code: y\n"                             // 16, 17
      "  - [paragraph]\n"                                           // 18
      "  - paragraph\n"                                             // 19
      "  - ordered-list: []\n    start: -1\n"                       // 20, 21
      "blocs: []\n");                                               // 22
  std::vector<std::string> expected = {
      "t.yaml:3:5: error: unknown block \"heding\"",
      "t.yaml:6:5: error: unknown key \"lvl\" in block \"heading\"",
      "t.yaml:5:12: error: \"level\" must be an integer from 1 to 6",
      "t.yaml:7:21: error: unknown inline \"emf\"",
      "t.yaml:7:30: error: missing \"url\" in link",
      "t.yaml:7:41: error: an inline must be a string or a map, not a list",
      "t.yaml:8:18: error: list items must be a list, not a scalar",
      "t.yaml:9:12: error: \"tight\" must be true or false",
      "t.yaml:10:12: error: \"quote\" must be a list of blocks, not a map",
      "t.yaml:11:11: error: \"code\" must be a string, not a list",
      "t.yaml:13:10: error: malformed \"pos\" \":3:4\"",
      "t.yaml:14:5: error: missing \"url\" in image",
      "t.yaml:15:27: error: alignment must be left, right, center or default",
      "t.yaml:17:5: error: block has two kinds \"paragraph\" and \"code\"",
      "t.yaml:18:5: error: a block must be a map, not a list",
      "t.yaml:19:5: error: block \"paragraph\" needs content: write it as a map",
      "t.yaml:21:12: error: \"start\" must be an integer from 0 to 999999999",
      "t.yaml:22:1: error: unknown key \"blocs\" in document",
  };
  CHECK(r.errors == expected);
  REQUIRE(r.hints.size() == expected.size());
  CHECK(r.hints[0] == "did you mean \"heading\"?");
  CHECK(r.hints[1] == "did you mean \"level\"?");
  CHECK(r.hints[3] == "did you mean \"emph\"?");
  CHECK(r.hints[10] == "expected FILE:LINE:COL");
  CHECK(r.hints[17] == "did you mean \"blocks\"?");
  // The document is still returned as far as it could be read, with where each block was read.
  REQUIRE(r.docs.size() == 1);
  REQUIRE(r.docs[0].blocks.size() == 13);
  CHECK(r.docs[0].blocks[1].read_at == SourcePos{"t.yaml", 4, 5});
  CHECK(std::get<Heading>(r.docs[0].blocks[1].node).content == text("Intro"));
}

TEST_CASE("pos is what the document says, read_at where the block was read") {
  auto doc = read_clean(
      "quire: 1\nblocks:\n  - paragraph: x\n    pos: letter.md:4:2\n  - thematic-break\n"
      "  - {page-break: ~, pos: a.md:9}\n");
  CHECK(doc.blocks[0].pos == SourcePos{"letter.md", 4, 2});
  CHECK(doc.blocks[0].read_at == SourcePos{"t.yaml", 3, 5});
  CHECK(where(doc.blocks[0]) == doc.blocks[0].pos);
  CHECK_FALSE(doc.blocks[1].pos.known());
  CHECK(where(doc.blocks[1]) == SourcePos{"t.yaml", 5, 5});
  CHECK(std::holds_alternative<PageBreak>(doc.blocks[2].node));
  CHECK(doc.blocks[2].pos == SourcePos{"a.md", 9, 0});
}

TEST_CASE("accepted alternative spellings read like the canonical ones") {
  auto doc = read_clean(
      "quire: 1\nblocks:\n  - paragraph: [a, {soft-break}, {line-break: }, {line-break: null}]\n"
      "  - thematic-break: ~\n  - heading: x\n  - bullet-list: [[{paragraph: one}]]\n    tight: True\n");
  auto& p = std::get<Paragraph>(doc.blocks[0].node);
  REQUIRE(p.content.size() == 4);
  CHECK(std::holds_alternative<SoftBreak>(p.content[1].node));
  CHECK(std::holds_alternative<LineBreak>(p.content[3].node));
  CHECK(std::get<Heading>(doc.blocks[2].node).level == 1);
  CHECK(std::get<BulletList>(doc.blocks[3].node).tight);
}

TEST_CASE("streams: several documents, positions of later ones, empty documents, ...") {
  std::string stream =
      "---\nquire: 1\nblocks: [{paragraph: one}]\n"
      "--- # second\n"
      "quire: 1\nblocks:\n  - paragraph: two\n"
      "...\n"
      "---\n"
      "# only a comment\n"
      "---\n"
      "---\n"
      "quire: 1\nblocks:\n  - heading: x\n    level: 9\n"
      "---\n"
      "quire: 1\nblocks: [{paragraph: four}]\n";
  std::istringstream in(stream);
  StreamReader reader(in, "s.yaml");
  Diagnostics diags;
  auto d1 = reader.next(diags);
  REQUIRE(d1);
  CHECK(reader.last_text() == "quire: 1\nblocks: [{paragraph: one}]\n");
  CHECK(d1->pos == SourcePos{"s.yaml", 2, 1});
  auto d2 = reader.next(diags);
  REQUIRE(d2);
  CHECK(d2->blocks.at(0).read_at == SourcePos{"s.yaml", 7, 5});
  CHECK_FALSE(diags.has_errors());
  auto d3 = reader.next(diags);
  REQUIRE(d3);
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all()[0]) == "s.yaml:16:12: error: \"level\" must be an integer from 1 to 6");
  auto d4 = reader.next(diags);
  REQUIRE(d4);
  CHECK(std::get<Paragraph>(d4->blocks.at(0).node).content == text("four"));
  CHECK_FALSE(reader.next(diags));
  CHECK_FALSE(reader.next(diags));
  CHECK(read_all("").docs.empty());
  CHECK(read_all("\n# nothing\n---\n...\n").docs.empty());
}

TEST_CASE("a syntax error spoils only its own document") {
  auto r = read_all("quire: 1\nblocks: [\n---\nquire: 1\nblocks: [{paragraph: ok}]\n");
  REQUIRE(r.docs.size() == 2);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].rfind("t.yaml:3:1: error: invalid YAML: ", 0) == 0);
  CHECK(r.docs[1].blocks.size() == 1);
  r = read_all("quire: 1\nblocks:\n  - paragraph: x\n   bad: y\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].rfind("t.yaml:4:", 0) == 0);
}

TEST_CASE("written streams read back document by document") {
  std::ostringstream out;
  Document a = kitchen_sink();
  Document b;
  b.blocks.push_back(block(Paragraph{text("---")}));
  b.blocks.push_back(block(CodeBlock{"---\n...\n", ""}));
  quire::yaml::write_document(out, a);
  quire::yaml::write_document(out, b);
  auto r = read_all(out.str());
  CHECK(r.errors.empty());
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[0] == a);
  CHECK(r.docs[1] == b);
}

TEST_CASE("a 20,000-document stream is read one document at a time") {
  std::ostringstream out;
  for (int i = 0; i < 20000; ++i) {
    Document d;
    d.blocks.push_back(block(Paragraph{text("document " + std::to_string(i))}));
    quire::yaml::write_document(out, d);
  }
  std::istringstream in(out.str());
  StreamReader reader(in, "big.yaml");
  Diagnostics diags;
  int n = 0;
  std::size_t longest = 0;
  while (auto doc = reader.next(diags)) {
    REQUIRE(std::get<Paragraph>(doc->blocks.at(0).node).content == text("document " + std::to_string(n)));
    longest = std::max(longest, reader.last_text().size());
    ++n;
  }
  CHECK(n == 20000);
  CHECK_FALSE(diags.has_errors());
  CHECK(longest < 100);  // only the current document is held
}

TEST_CASE("aliases, billion laughs and self-reference are refused") {
  auto r = read_all("quire: 1\nmeta:\n  a: &a [1, *a]\nblocks: []\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:3:13: error: aliases are not allowed in quire documents");
  std::string bomb = "quire: 1\nmeta:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 9; ++i) {
    std::string prev = "*l" + std::to_string(i - 1);
    bomb += "  l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
    for (int k = 1; k < 9; ++k) bomb += ", " + prev;
    bomb += "]\n";
  }
  bomb += "blocks: [{paragraph: *l8}]\n";
  r = read_all(bomb);
  REQUIRE(r.docs.size() == 1);
  CHECK(r.errors.size() == 73);  // every alias, none expanded
  CHECK(r.errors[0] == "t.yaml:4:12: error: aliases are not allowed in quire documents");
  r = read_all("quire: 1\nblocks: &b [{quote: *b}]\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:2:21: error: aliases are not allowed in quire documents");
}

TEST_CASE("nesting depth is limited") {
  std::string deep = "quire: 1\nmeta:\n  x: " + std::string(300, '[') + std::string(300, ']') + "\nblocks: []\n";
  auto r = read_all(deep);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:3:260: error: nesting is deeper than 256 levels");
  ReadLimits limits;
  limits.max_depth = 5;
  r = read_all("quire: 1\nblocks: [{quote: [{quote: [{paragraph: x}]}]}]\n", limits);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:2:27: error: nesting is deeper than 5 levels");
  // Deeper than yaml-cpp's own guard: a normal error, no crash.
  r = read_all("quire: 1\nmeta:\n  x: " + std::string(100000, '[') + "\nblocks: []\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].find("error: nesting is deeper than 256 levels") != std::string::npos);
  CHECK(r.errors[1] == "t.yaml:5:1: error: nesting is too deep for the YAML parser");
  // Deep inlines and blocks written and read back within the limit.
  Inlines in = text("core");
  for (int i = 0; i < 50; ++i) in = {Inline{Emph{in}}};
  Blocks blocks{block(Paragraph{in})};
  for (int i = 0; i < 40; ++i) blocks = {block(BlockQuote{blocks})};
  Document doc;
  doc.blocks = blocks;
  CHECK(read_clean(quire::yaml::to_yaml(doc)) == doc);
  // Absurd depth built in code is refused by the writer rather than crashing.
  Document bad;
  bad.blocks.push_back(block(Paragraph{}));
  Inlines* innermost = &std::get<Paragraph>(bad.blocks[0].node).content;
  for (int i = 0; i < 2100; ++i) {
    innermost->push_back({Strong{}});
    innermost = &std::get<Strong>(innermost->back().node).content;
  }
  innermost->push_back({Text{"x"}});
  CHECK_THROWS_AS(quire::yaml::to_yaml(bad), quire::Error);
}

TEST_CASE("invalid UTF-8, NUL bytes and duplicate keys are errors") {
  auto r = read_all("quire: 1\nblocks:\n  - paragraph: caf\xc3\n  - paragraph: ok\xff\xfe\n");
  INFO(r.errors.back());
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "t.yaml:3:19: error: invalid UTF-8 (byte column 19)");
  CHECK(r.errors[1] == "t.yaml:4:18: error: invalid UTF-8 (byte column 18)");
  r = read_all(std::string("quire: 1\nblocks:\n  - paragraph: a\0b\n", 35));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:3:17: error: NUL byte in YAML text");
  r = read_all("quire: 1\nmeta:\n  a: 1\n  a: 2\nblocks:\n  - paragraph: x\n    paragraph: y\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0] == "t.yaml:4:3: error: duplicate key \"a\"");
  CHECK(r.errors[1] == "t.yaml:7:5: error: duplicate key \"paragraph\"");
}

TEST_CASE("CRLF line endings and a BOM are accepted") {
  auto doc = read_clean("\xEF\xBB\xBFquire: 1\r\nmeta:\r\n  title: x y\r\nblocks:\r\n  - paragraph: a b\r\n");
  CHECK(doc.meta.find("title")->scalar == "x y");
  CHECK(std::get<Paragraph>(doc.blocks.at(0).node).content == text("a b"));
  auto r = read_all("quire: 1\r\nblocks: []\r\n---\r\nquire: 1\r\nblocks:\r\n  - heading: x\r\n    level: 0\r\n");
  REQUIRE(r.docs.size() == 2);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:7:12: error: \"level\" must be an integer from 1 to 6");
}

TEST_CASE("a document over max_document_bytes is skipped to the next separator") {
  ReadLimits limits;
  limits.max_document_bytes = 200;
  std::string big = "quire: 1\nblocks:\n  - paragraph: " + std::string(10000, 'x') + "\n";
  auto r = read_all("quire: 1\nblocks: []\n---\n" + big + "---\nquire: 1\nblocks: [{paragraph: after}]\n", limits);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:4:1: error: document is larger than the limit of 200 bytes");
  REQUIRE(r.docs.size() == 3);
  CHECK(std::get<Paragraph>(r.docs[2].blocks.at(0).node).content == text("after"));
  limits.max_documents = 1;
  r = read_all("quire: 1\nblocks: []\n---\nquire: 1\nblocks: []\n", limits);
  CHECK(r.docs.size() == 1);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == "t.yaml:4:1: error: more than 1 documents in one stream");
}

TEST_CASE("dump canonical samples for an external check" * doctest::skip()) {
  // Run with --no-skip to write /tmp/quire-yaml-samples.yaml (checked with PyYAML by hand).
  std::ostringstream out;
  quire::yaml::write_document(out, kitchen_sink());
  for (const auto& s : kNastyStrings) {
    Document doc;
    doc.meta.set("s", MetaValue::string(s));
    doc.blocks.push_back(block(Paragraph{{{Text{s}}, {Code{s}}}}));
    doc.blocks.push_back(block(CodeBlock{s, ""}));
    quire::yaml::write_document(out, doc);
  }
  std::ofstream("/tmp/quire-yaml-samples.yaml") << out.str();
}

TEST_CASE("bytes that are not UTF-8 are written as U+FFFD, keeping the output valid") {
  Document doc;
  doc.blocks.push_back(
      block(Paragraph{text("a\xff"
                           "b")}));
  auto back = read_clean(quire::yaml::to_yaml(doc));
  CHECK(std::get<Paragraph>(back.blocks.at(0).node).content == text("a\xEF\xBF\xBD"
                                                                    "b"));
}

TEST_CASE("a separator line may carry the start of the next document") {
  auto r = read_all("quire: 1\nblocks: []\n--- {quire: 1, blocks: [{paragraph: x}]}\n--- # note\n...\n");
  CHECK(r.errors.empty());
  REQUIRE(r.docs.size() == 2);
  CHECK(r.docs[1].blocks.at(0).read_at == SourcePos{"t.yaml", 3, 25});
}

TEST_CASE("an abort document ends the stream with an error at its position") {
  std::string stream = "quire: 1\nblocks: [{paragraph: one}]\n" +
                       quire::yaml::abort_document("quire-compose failed: \"x\"") +
                       "---\nquire: 1\nblocks: [{paragraph: never read}]\n";
  std::istringstream in(stream);
  StreamReader reader(in, "s.yaml");
  Diagnostics diags;
  REQUIRE(reader.next(diags));
  CHECK_FALSE(diags.has_errors());
  CHECK_FALSE(reader.next(diags));
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all()[0]) ==
        "s.yaml:4:14: error: the stream ends early: the stage that wrote it failed (quire-compose failed: \"x\")");
  CHECK_FALSE(reader.next(diags));  // nothing after it is read
  CHECK(diags.all().size() == 1);
}
