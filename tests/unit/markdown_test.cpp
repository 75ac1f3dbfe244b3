#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "quire/markdown/front_matter.hpp"
#include "quire/markdown/heading_id.hpp"
#include "quire/markdown/reader.hpp"

using namespace quire;
using namespace quire::model;
using quire::markdown::read_markdown;

// Failure messages show the whole document (tests only: recursion is fine for small values).
namespace {
void dump(const Inlines& ins, std::string& out);
void dump(const Blocks& bs, std::string& out);
void dump(const Inline& in, std::string& out) {
  out += kind_name(in);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (requires { v.text; }) out += "\"" + v.text + "\"";
        if constexpr (requires { v.label; }) out += "[" + v.label + "]";
        if constexpr (requires { v.url; }) out += "<" + v.url + " '" + v.title + "'>";
        if constexpr (requires { v.content; }) dump(v.content, out);
        if constexpr (std::is_same_v<T, InlineImage>) dump(v.alt, out);
      },
      in.node);
}
void dump(const Inlines& ins, std::string& out) {
  out += "(";
  for (const auto& in : ins) dump(in, out), out += " ";
  out += ")";
}
void dump(const Block& b, std::string& out) {
  out += "\n" + to_string(b.pos) + " " + kind_name(b);
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (requires { v.content; }) dump(v.content, out);
        if constexpr (requires { v.blocks; }) dump(v.blocks, out);
        if constexpr (requires { v.items; }) {
          out += v.tight ? " tight" : " loose";
          for (const auto& item : v.items)
            out += item.checked ? (*item.checked ? " [x]" : " [ ]") : " *", dump(item.blocks, out);
        }
        if constexpr (std::is_same_v<T, Heading>) out += " #" + v.id + " level " + std::to_string(v.level);
        if constexpr (std::is_same_v<T, CodeBlock>) out += " " + v.lang + " \"" + v.text + "\"";
        if constexpr (std::is_same_v<T, Image>) out += " <" + v.url + " '" + v.title + "'>", dump(v.caption, out);
        if constexpr (std::is_same_v<T, FootnoteDef>) out += " [" + v.label + "]";
        if constexpr (std::is_same_v<T, Div>) {
          out += " #" + v.id;
          for (const auto& c : v.classes) out += " ." + c;
          for (const auto& [k, val] : v.attributes) out += " " + k + "=\"" + val + "\"";
        }
        if constexpr (std::is_same_v<T, Table>) {
          for (const auto& c : v.header) dump(c, out);
          for (const auto& r : v.rows) {
            out += "\n  row";
            for (const auto& c : r) dump(c, out);
          }
        }
      },
      b.node);
}
void dump(const Blocks& bs, std::string& out) {
  out += "{";
  for (const auto& b : bs) dump(b, out);
  out += "}";
}
}  // namespace

namespace doctest {
template <>
struct StringMaker<Document> {
  static String convert(const Document& d) {
    std::string out = "meta " + std::to_string(d.meta.map.size()) + " keys";
    dump(d.blocks, out);
    return out.c_str();
  }
};
}  // namespace doctest

namespace {

const std::string kFile = "t.md";

SourcePos at(int line, int col) { return {kFile, line, col}; }

Document parse(const std::string& text, Diagnostics& diags, const markdown::ReadLimits& limits = {}) {
  return read_markdown(text, kFile, diags, limits);
}

// Parses text that must produce no diagnostics at all.
Document parse_clean(const std::string& text) {
  Diagnostics diags;
  Document doc = parse(text, diags);
  for (const auto& d : diags.all()) FAIL_CHECK(format(d));
  return doc;
}

Document doc_of(Blocks blocks) {
  Document doc;
  doc.blocks = std::move(blocks);
  return doc;
}

Inline text(std::string s) { return {Text{std::move(s)}}; }
Inlines texts(std::string s) { return {text(std::move(s))}; }
template <class T>
Block blk(T node, SourcePos pos) {
  Block b;
  b.node = std::move(node);
  b.pos = std::move(pos);
  return b;
}
Block para(Inlines in, int line, int col = 1) { return blk(Paragraph{std::move(in)}, at(line, col)); }
ListItem item(Blocks blocks, std::optional<bool> checked = std::nullopt) { return {std::move(blocks), checked}; }

// The single error reported for text, formatted.
std::string only_error(const std::string& text, const markdown::ReadLimits& limits = {}) {
  Diagnostics diags;
  Document doc = parse(text, diags, limits);
  CHECK(doc == Document{});
  REQUIRE(diags.all().size() == 1);
  return format(diags.all().front());
}

// Every diagnostic for text, formatted, one a line.
std::string errors_of(const std::string& text, const markdown::ReadLimits& limits = {}) {
  Diagnostics diags;
  parse(text, diags, limits);
  std::string out;
  for (const auto& d : diags.all()) out += format(d) + "\n";
  return out;
}

Block div(Blocks blocks, SourcePos pos, std::string id = {}, std::vector<std::string> classes = {},
          std::vector<std::pair<std::string, std::string>> attributes = {}) {
  return blk(Div{std::move(blocks), std::move(id), std::move(classes), std::move(attributes)}, std::move(pos));
}

}  // namespace

TEST_CASE("markdown: inlines map to model inlines, adjacent text merged") {
  Document doc = parse_clean(
      "Hi *em* **strong** ~~gone~~ `a*b` [link](http://x.org \"T\") ![pic *x*](p.png)\n"
      "next  \nhard [x] &amp; [^nope]\n");
  Inlines expected{
      text("Hi "),   {Emph{texts("em")}},
      text(" "),     {Strong{texts("strong")}},
      text(" "),     {Strike{texts("gone")}},
      text(" "),     {Code{"a*b"}},
      text(" "),     {Link{texts("link"), "http://x.org", "T"}},
      text(" "),     {InlineImage{{text("pic "), {Emph{texts("x")}}}, "p.png", ""}},
      {SoftBreak{}}, text("next"),
      {LineBreak{}}, text("hard [x] & [^nope]"),
  };
  CHECK(doc == doc_of({para(expected, 1)}));
}

TEST_CASE("markdown: autolinks keep their url") {
  Document doc = parse_clean("See https://example.org and www.x.org.\n");
  Inlines expected{text("See "),
                   {Link{texts("https://example.org"), "https://example.org", ""}},
                   text(" and "),
                   {Link{texts("www.x.org"), "http://www.x.org", ""}},
                   text(".")};
  CHECK(doc == doc_of({para(expected, 1)}));
}

TEST_CASE("markdown: smart punctuation is on, as in pandoc") {
  Document doc = parse_clean("\"Quotes\" and 'single', it's 1--2 --- wait...\n");
  CHECK(doc ==
        doc_of({para(texts("\u201CQuotes\u201D and \u2018single\u2019, it\u2019s 1\u20132 \u2014 wait\u2026"), 1)}));
}

// The text of the first paragraph of `md` (one Text after merging).
std::string first_text(const std::string& md) {
  Diagnostics diags;
  Document doc = read_markdown(md, "q.md", diags);
  const Block* b = doc.blocks.empty() ? nullptr : &doc.blocks.front();
  if (const auto* div = b ? std::get_if<Div>(&b->node) : nullptr)
    b = div->blocks.empty() ? nullptr : &div->blocks.front();
  const auto* p = b ? std::get_if<Paragraph>(&b->node) : nullptr;
  std::string out;
  if (p)
    for (const auto& in : p->content)
      if (const auto* t = std::get_if<Text>(&in.node)) out += t->text;
  return out;
}

TEST_CASE("markdown: typed quotes become the quotation marks of the text's language") {
  // English (and no lang) keeps “ ” ‘ ’.
  CHECK(first_text("---\nlang: en-GB\n---\n\"Yes,\" she said, 'quite'.\n") ==
        "\u201CYes,\u201D she said, \u2018quite\u2019.");
  // German: „ “ and ‚ ‘; an apostrophe inside a word stays one, inside quotes too.
  CHECK(first_text("---\nlang: de\n---\n\"Es geht 'gut', sagt's\" Peter's Freund.\n") ==
        "\u201EEs geht \u201Agut\u2018, sagt\u2019s\u201C Peter\u2019s Freund.");
  CHECK(first_text("---\nlang: de\n---\n'Wir geht's?'\n") == "\u201AWir geht\u2019s?\u2018");
  // French: guillemets with a narrow no-break space inside.
  CHECK(first_text("---\nlang: fr\n---\n\"Bonjour\"\n") == "\u00AB\u202FBonjour\u202F\u00BB");
  // Japanese: corner brackets.
  CHECK(first_text("---\nlang: ja\n---\n\"\u672C\"\n") == "\u300C\u672C\u300D");
  // A div's lang= wins inside it.
  CHECK(first_text("---\nlang: en\n---\n::: {lang=de}\n\"Ja\"\n:::\n") == "\u201EJa\u201C");
  // Marks typed as they are stay as typed.
  CHECK(first_text("---\nlang: de\n---\n\u201EJa\u201C und \u201Cja\u201D\n") == "\u201EJa\u201C und \u201Cja\u201D");
}

TEST_CASE("markdown: bracketed spans, as pandoc's") {
  auto span = [](Inlines content, std::string id, std::vector<std::string> classes,
                 std::vector<std::pair<std::string, std::string>> attributes) {
    return Inline{model::Span{std::move(content), std::move(id), std::move(classes), std::move(attributes)}};
  };
  Document doc = parse_clean("Say [\u0633\u0644\u0627\u0645]{lang=ar} to [all *of* them]{#x .y dir=ltr}.\n");
  CHECK(doc == doc_of({para(
                   {text("Say "), span(texts("\u0633\u0644\u0627\u0645"), "", {}, {{"lang", "ar"}}), text(" to "),
                    span({text("all "), {Emph{texts("of")}}, text(" them")}, "x", {"y"}, {{"dir", "ltr"}}), text(".")},
                   1)}));
  // Nested, and inside emphasis.
  doc = parse_clean("[a [b]{.in} c]{lang=de} *[d]{lang=fr}*\n");
  CHECK(doc == doc_of({para({span({text("a "), span(texts("b"), "", {"in"}, {}), text(" c")}, "", {}, {{"lang", "de"}}),
                             text(" "),
                             {Emph{{span(texts("d"), "", {}, {{"lang", "fr"}})}}}},
                            1)}));
  // Not spans: a space before the brace, no closing brace, bad attributes, an escaped bracket, a link.
  for (const char* plain : {"[a] {lang=x}", "[a]{lang=x", "[a]{=x}", "\\[a\\]{lang=x}", "[[a]{b=c}"}) {
    std::string want = plain;
    if (want.find('\\') != std::string::npos) want = "[a]{lang=x}";
    if (want == "[[a]{b=c}") {
      CHECK(parse_clean(std::string(plain) + "\n") ==
            doc_of({para({text("["), span(texts("a"), "", {}, {{"b", "c"}})}, 1)}));
      continue;
    }
    CHECK(parse_clean(std::string(plain) + "\n") == doc_of({para(texts(want), 1)}));
  }
  doc = parse_clean("[a](https://x.org){lang=x}\n");
  CHECK(doc == doc_of({para({{Link{texts("a"), "https://x.org", ""}}, text("{lang=x}")}, 1)}));
}

namespace {
Citation cited(std::string key, SourcePos pos, CiteMode mode = CiteMode::Normal, std::string locator = {},
               std::string label = {}, Inlines prefix = {}, Inlines suffix = {}) {
  return {std::move(key), std::move(prefix), std::move(locator), std::move(label), std::move(suffix),
          mode,           std::move(pos)};
}
Inline cite(std::vector<Citation> items) { return {Cite{std::move(items)}}; }
Inlines first_paragraph(const std::string& markdown) {
  Document doc = parse_clean(markdown);
  REQUIRE(!doc.blocks.empty());
  auto* p = std::get_if<Paragraph>(&doc.blocks.front().node);
  REQUIRE(p != nullptr);
  return p->content;
}
}  // namespace

TEST_CASE("markdown: citations, as pandoc's") {
  constexpr auto InText = CiteMode::AuthorInText;
  // Bracketed groups with prefixes, locators and suffixes; in-text citations with and without a locator.
  CHECK(first_paragraph("As @smith04 says, and @doe99 [p. 33] agrees [see @a, chap. 2; @b, pp. 33--35, and "
                        "elsewhere].\n") ==
        Inlines{text("As "), cite({cited("smith04", at(1, 4), InText)}), text(" says, and "),
                cite({cited("doe99", at(1, 23), InText, "33", "page")}), text(" agrees "),
                cite({cited("a", at(1, 50), CiteMode::Normal, "2", "chapter", texts("see")),
                      cited("b", at(1, 63), CiteMode::Normal, "33\u201335", "page", {}, texts(", and elsewhere"))}),
                text(".")});
  // Suppressed author, a bare number as a page, a symbol, a suffix that is no locator, a braced key.
  CHECK(first_paragraph("[-@c] [@d, 12] [@e, \u00A7\u00A7 3-4] [@f, and more] [@g p. iv] @{a b}.\n") ==
        Inlines{cite({cited("c", at(1, 3), CiteMode::SuppressAuthor)}), text(" "),
                cite({cited("d", at(1, 8), CiteMode::Normal, "12", "page")}), text(" "),
                cite({cited("e", at(1, 17), CiteMode::Normal, "3-4", "section")}), text(" "),
                cite({cited("f", at(1, 32), CiteMode::Normal, "", "", {}, texts(", and more"))}), text(" "),
                cite({cited("g", at(1, 47), CiteMode::Normal, "iv", "page")}), text(" "),
                cite({cited("a b", at(1, 57), InText)}), text(".")});
  // Emphasis in a prefix; citations inside emphasis, a span and a longer bracket.
  CHECK(first_paragraph("[*see* @h, para. 4] *cf. @i* [@j]{.x} [text [@k]]\n") ==
        Inlines{cite({cited("h", at(1, 8), CiteMode::Normal, "4", "paragraph", {{Emph{texts("see")}}})}),
                text(" "),
                {Emph{{text("cf. "), cite({cited("i", at(1, 26), InText)})}}},
                text(" "),
                {model::Span{{cite({cited("j", at(1, 31), InText)})}, "", {"x"}, {}}},
                text(" [text "),
                cite({cited("k", at(1, 46))}),
                text("]")});
  // Not citations: e-mail addresses, escapes, code, link text, a group without a key.
  for (const char* plain : {"write to me@example.org", "[see this]", "a@b", "[@ a]"})
    CHECK(plain_text(first_paragraph(std::string(plain) + "\n")) == plain);
  // Cross-references are read as citations of their labels, each at its position, for compose to resolve
  // (shown as written until then).
  const char* refs = "see [@fig:a; @fig:b] and @tbl:x and [-@sec:intro]";
  CHECK(first_paragraph(std::string(refs) + "\n") ==
        Inlines{text("see "), cite({cited("fig:a", at(1, 6)), cited("fig:b", at(1, 14))}), text(" and "),
                cite({cited("tbl:x", at(1, 26), InText)}), text(" and "),
                cite({cited("sec:intro", at(1, 39), CiteMode::SuppressAuthor)})});
  CHECK(plain_text(first_paragraph(std::string(refs) + "\n")) == refs);
  CHECK(first_paragraph("\\@a and \\[@b]\n") == texts("@a and [@b]"));
  CHECK(first_paragraph("`@a` [@b](https://x.org)\n") ==
        Inlines{{Code{"@a"}}, text(" "), {Link{texts("@b"), "https://x.org", ""}}});
  // A trailing full stop ends a key; a heading and a table cell cite too, at their own lines.
  CHECK(first_paragraph("Thanks to @smith04.\n").at(1) == cite({cited("smith04", at(1, 11), InText)}));
  Document doc = parse_clean("# On @a\n\n| x |\n|---|\n| [@b] |\n");
  CHECK(std::get<Heading>(doc.blocks.at(0).node).content.at(1) == cite({cited("a", at(1, 6), InText)}));
  CHECK(std::get<Table>(doc.blocks.at(1).node).rows.at(0).at(0) == Inlines{cite({cited("b", at(5, 4))})});
}

TEST_CASE("markdown: a citation group mixing cross-references and keys stays text, with a warning") {
  Diagnostics diags;
  Document doc = parse("[@fig:a; @b]\n", diags);
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all().front()).find("t.md:1:1: warning: a citation group mixes") == 0);
}

TEST_CASE("markdown: citations shown without a bibliography") {
  auto shown = [](const std::string& markdown) { return plain_text(first_paragraph(markdown)); };
  CHECK(shown("[see @a, p. 33; @b, chaps. 2-3, and more]\n") == "(see a, p. 33; b, chaps. 2-3, and more)");
  CHECK(shown("@a [p. 33]\n") == "a (p. 33)");
  CHECK(shown("@a [and elsewhere] and [-@b]\n") == "a (and elsewhere) and (b)");
}

TEST_CASE("markdown: headings get levels, positions and unique pandoc-style ids") {
  Document doc = parse_clean(
      "# Hello, World!\n\n## Hello World\n\nSetext *two*\n------------\n\n# 1. Intro\n\n# 안녕 하세요\n\n"
      "### Ünïcode Straße\n\n# `code` & *more*\n\n# !!!\n\n# Hello World\n");
  std::vector<std::pair<int, std::string>> got;
  for (const auto& b : doc.blocks) {
    const auto* h = std::get_if<Heading>(&b.node);
    REQUIRE(h);
    got.emplace_back(h->level, h->id);
  }
  std::vector<std::pair<int, std::string>> expected{{1, "hello-world"}, {2, "hello-world-1"}, {2, "setext-two"},
                                                    {1, "intro"},       {1, "안녕-하세요"},   {3, "ünïcode-straße"},
                                                    {1, "code-more"},   {1, "section"},       {1, "hello-world-2"}};
  CHECK(got == expected);
  CHECK(doc.blocks[2] == blk(Heading{2, {text("Setext "), {Emph{texts("two")}}}, "setext-two"}, at(5, 1)));
  CHECK(doc.blocks[8].pos == at(18, 1));
}

TEST_CASE("markdown: heading slugs") {
  CHECK(markdown::heading_slug("Über uns — 2024") == "über-uns-2024");
  CHECK(markdown::heading_slug("snake_case and dot.ted") == "snake_case-and-dot.ted");
  CHECK(markdown::heading_slug("  Привет  Мир  ") == "привет-мир");
  CHECK(markdown::heading_slug("👍 ok") == "ok");
  CHECK(markdown::heading_slug("123") == "section");
}

TEST_CASE("markdown: bullet, ordered, nested and task lists") {
  Document doc = parse_clean(
      "- one\n- two\n  1. inner\n  2. more\n\n"
      "3. a\n\n4. b\n\n"
      "- [x] done\n- [ ] todo\n- plain\n");
  Block inner =
      blk(OrderedList{{item({para(texts("inner"), 3, 6)}), item({para(texts("more"), 4, 6)})}, 1, true}, at(3, 3));
  Block first =
      blk(BulletList{{item({para(texts("one"), 1, 3)}), item({para(texts("two"), 2, 3), inner})}, true}, at(1, 1));
  Block ordered =
      blk(OrderedList{{item({para(texts("a"), 6, 4)}), item({para(texts("b"), 8, 4)})}, 3, false}, at(6, 1));
  Block tasks = blk(BulletList{{item({para(texts("done"), 10, 7)}, true), item({para(texts("todo"), 11, 7)}, false),
                                item({para(texts("plain"), 12, 3)})},
                               true},
                    at(10, 1));
  CHECK(doc == doc_of({first, ordered, tasks}));
}

TEST_CASE("markdown: task items inside quotes and footnotes, which cmark-gfm misses") {
  Document doc = parse_clean("> - [x] *done*\n> - [ ]\ttodo\n> - \\[x] escaped\n> - [y] other\n");
  Block list =
      blk(BulletList{{item({para({{Emph{texts("done")}}}, 1, 5)}, true), item({para(texts("todo"), 2, 5)}, false),
                      item({para(texts("[x] escaped"), 3, 5)}), item({para(texts("[y] other"), 4, 5)})},
                     true},
          at(1, 3));
  CHECK(doc == doc_of({blk(BlockQuote{{list}}, at(1, 1))}));

  Document note = parse_clean("a[^1]\n\n[^1]: - [X] yes\n");
  Block bullets = blk(BulletList{{item({para(texts("yes"), 3, 9)}, true)}, true}, at(3, 7));
  Block def = blk(FootnoteDef{"1", {bullets}}, at(3, 1));
  CHECK(note == doc_of({para({text("a"), {FootnoteRef{"1"}}}, 1), def}));
}

TEST_CASE("markdown: quotes, code blocks and thematic breaks") {
  Document doc =
      parse_clean("> quoted\n> > deeper\n\n```c++ linenos\nint x;\n```\n\n    indented\n\n***\n\n```\n```\n");
  Block quote = blk(BlockQuote{{para(texts("quoted"), 1, 3), blk(BlockQuote{{para(texts("deeper"), 2, 5)}}, at(2, 3))}},
                    at(1, 1));
  CHECK(doc == doc_of({quote, blk(CodeBlock{"int x;\n", "c++"}, at(4, 1)), blk(CodeBlock{"indented\n", ""}, at(8, 5)),
                       blk(ThematicBreak{}, at(10, 1)), blk(CodeBlock{"", ""}, at(12, 1))}));
}

TEST_CASE("markdown: tables keep alignments, short rows are padded, long rows cut") {
  Document doc = parse_clean("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 |\n| 1 | *2* | 3 | 4 | 5 |\n");
  Table t;
  t.aligns = {Align::Left, Align::Center, Align::Right, Align::Default};
  t.header = {texts("a"), texts("b"), texts("c"), texts("d")};
  t.rows = {{texts("1"), {}, {}, {}}, {texts("1"), {{Emph{texts("2")}}}, texts("3"), texts("4")}};
  CHECK(doc == doc_of({blk(t, at(1, 1))}));
}

TEST_CASE("markdown: a pipe table wider than `columns` gets widths from its delimiter row, as pandoc's") {
  std::string wide = std::string(80, 'x');
  auto widths_of = [](const Document& doc) {
    REQUIRE(doc.blocks.size() >= 1);
    return std::get<Table>(doc.blocks.back().node).widths;
  };
  // ---|- : 3/4 and 1/4 (pandoc's manual); colons count with the dashes; outer pipes optional.
  CHECK(widths_of(parse_clean("a | b\n---|-\n1 | " + wide + "\n")) == std::vector<double>{0.75, 0.25});
  CHECK(widths_of(parse_clean("| a | b |\n|:-----:|--:|\n| " + wide + " | 2 |\n")) == std::vector<double>{0.7, 0.3});
  CHECK(widths_of(parse_clean("| a | b | c |\n|---|---|---|\n| " + wide + " | 2 | 3 |\n")) ==
        std::vector<double>{0.3333, 0.3333, 0.3333});  // rounded to four decimals, as YAML keeps them
  // Every line within 72 characters: no widths, layout sizes the columns.
  CHECK(widths_of(parse_clean("a | b\n---|-\n1 | " + std::string(60, 'x') + "\n")).empty());
  // 72 characters exactly is not longer than 72; 73 are (counted in characters, not bytes).
  std::string line72 = "1 | " + std::string(68, 'x');
  CHECK(widths_of(parse_clean("a | b\n---|-\n" + line72 + "\n")).empty());
  CHECK(widths_of(parse_clean("a | b\n---|-\n" + line72 + "é\n")).size() == 2);
  std::string accents;
  for (int i = 0; i < 68; ++i) accents += "é";
  CHECK(widths_of(parse_clean("a | b\n---|-\n1 | " + accents + "\n")).empty());
  // `columns:` moves the limit; inside a quote lines count from the table's own first column.
  CHECK(widths_of(parse_clean("---\ncolumns: 100\n---\na | b\n---|-\n1 | " + wide + "\n")).empty());
  CHECK(widths_of(parse_clean("---\ncolumns: 20\n---\na | b\n---|-\n1 | " + std::string(30, 'x') + "\n")) ==
        std::vector<double>{0.75, 0.25});
  Document quoted = parse_clean("> a | b\n> ---|-\n> 1 | " + std::string(68, 'x') + "\n");
  auto* quote = std::get_if<BlockQuote>(&quoted.blocks.front().node);
  REQUIRE(quote);
  CHECK(std::get<Table>(quote->blocks.front().node).widths.empty());
  Diagnostics diags;
  auto doc = parse("---\ncolumns: -3\n---\na | b\n---|-\n1 | " + wide + "\n", diags);
  CHECK(widths_of(doc).size() == 2);
  REQUIRE(diags.all().size() == 1);
  CHECK(diags.all()[0].severity == Severity::Warning);
  CHECK(diags.all()[0].message == "\"columns\" must be a whole number from 1; 72 is used");
}

TEST_CASE("markdown: a paragraph of one image is an image block") {
  Document doc = parse_clean("![A *cat*](cat.png \"The cat\")\n\n![inline](x.png) and text\n");
  Block image = blk(Image{"cat.png", {text("A "), {Emph{texts("cat")}}}, "The cat", {}, {}, {}, {}}, at(1, 1));
  Block mixed = para({{InlineImage{texts("inline"), "x.png", ""}}, text(" and text")}, 3);
  CHECK(doc == doc_of({image, mixed}));
}

TEST_CASE("markdown: footnotes keep their labels as written, definitions go last") {
  Document doc = parse_clean("Text[^Note] again[^NOTE] and[^2].\n\n[^Note]: The *note*.\n\nAfter.\n\n[^2]: Two.\n");
  Block text_block = para({text("Text"),
                           {FootnoteRef{"Note"}},
                           text(" again"),
                           {FootnoteRef{"Note"}},
                           text(" and"),
                           {FootnoteRef{"2"}},
                           text(".")},
                          1);
  Block note = blk(FootnoteDef{"Note", {para({text("The "), {Emph{texts("note")}}, text(".")}, 3, 10)}}, at(3, 1));
  Block two = blk(FootnoteDef{"2", {para(texts("Two."), 7, 7)}}, at(7, 1));
  CHECK(doc == doc_of({text_block, para(texts("After."), 5), note, two}));
}

TEST_CASE("markdown: page breaks") {
  Document doc =
      parse_clean("A\n\n\\newpage\n\nB\n\n\\pagebreak\n\n<!-- pagebreak -->\n\n<!-- just a comment -->\n\nC\n");
  CHECK(doc == doc_of({para(texts("A"), 1), blk(PageBreak{}, at(3, 1)), para(texts("B"), 5), blk(PageBreak{}, at(7, 1)),
                       blk(PageBreak{}, at(9, 1)), para(texts("C"), 13)}));
}

TEST_CASE("markdown: raw HTML is dropped with a warning at its position") {
  Diagnostics diags;
  Document doc = parse("<div>\nx\n</div>\n\nA <b>bold</b> word<!-- c -->\n\n<span>only</span>\n", diags);
  // A tag alone on its line starts an HTML block; `<span>only</span>` does not.
  CHECK(doc == doc_of({para(texts("A bold word"), 5), para(texts("only"), 7)}));
  std::vector<std::string> got;
  for (const auto& d : diags.all()) got.push_back(format(d));
  CHECK(got == std::vector<std::string>{"t.md:1:1: warning: raw HTML is not supported; dropped",
                                        "t.md:5:3: warning: raw HTML is not supported; dropped",
                                        "t.md:5:10: warning: raw HTML is not supported; dropped",
                                        "t.md:7:1: warning: raw HTML is not supported; dropped",
                                        "t.md:7:11: warning: raw HTML is not supported; dropped"});
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("markdown: CRLF line endings and a byte order mark") {
  Document doc = parse_clean("\xEF\xBB\xBF# T\r\n\r\npara\r\ntwo\r\n");
  CHECK(doc ==
        doc_of({blk(Heading{1, texts("T"), "t"}, at(1, 1)), para({text("para"), {SoftBreak{}}, text("two")}, 3)}));
}

TEST_CASE("markdown: front matter becomes metadata, body positions stay file lines") {
  Document doc = parse_clean("---\ntitle: Hello\nauthor: Me\n---\n\n# Head\n\n> quoted\n");
  REQUIRE(doc.meta.find("title"));
  CHECK(doc.meta.find("title")->as_text() == "Hello");
  CHECK(doc.meta.find("author")->as_text() == "Me");
  CHECK(doc.blocks == Blocks{blk(Heading{1, texts("Head"), "head"}, at(6, 1)),
                             blk(BlockQuote{{para(texts("quoted"), 8, 3)}}, at(8, 1))});

  Document closed_by_dots = parse_clean("---\r\ntitle: X\r\n...\r\nbody\r\n");
  CHECK(closed_by_dots.meta.find("title")->as_text() == "X");
  CHECK(closed_by_dots.blocks == Blocks{para(texts("body"), 4)});
}

TEST_CASE("markdown: front matter keeps YAML types and file positions") {
  Document doc = parse_clean("---\ntitle: \"007\"\ncount: 3\ndraft: true\nrecipient:\n  name: 김민지\n---\nDear\n");
  REQUIRE(doc.meta.kind == MetaValue::Kind::Map);
  CHECK(doc.meta.find("title")->kind == MetaValue::Kind::String);
  CHECK(doc.meta.find("count")->kind == MetaValue::Kind::Number);
  CHECK(doc.meta.find("draft")->kind == MetaValue::Kind::Bool);
  REQUIRE(doc.meta.find_path("recipient.name"));
  CHECK(doc.meta.find_path("recipient.name")->as_text() == "김민지");
  CHECK(doc.meta.find_path("recipient.name")->pos.line == 6);
  CHECK(doc.blocks == Blocks{para(texts("Dear"), 8)});
}

TEST_CASE("markdown: input that is only front matter has metadata and no blocks") {
  Document doc = parse_clean("---\ntitle: Only\n---\n");
  CHECK(doc.meta.find("title")->as_text() == "Only");
  CHECK(doc.blocks.empty());
  CHECK(parse_clean("---\n---\n").blocks.empty());
}

TEST_CASE("markdown: front matter errors keep the file's line numbers") {
  Diagnostics diags;
  Document doc = parse("---\ntitle: ok\nlist: [not, closed\n---\ntext\n", diags);
  REQUIRE(diags.has_errors());
  // yaml-cpp notices the unclosed flow at the end of the YAML text: the closing fence's line.
  CHECK(diags.all().front().pos == at(4, 1));
  CHECK(doc.blocks == Blocks{para(texts("text"), 5)});  // the body is still read

  // YAML that does not parse is an error even when it would not be a map, as in pandoc.
  Diagnostics quote_diags;
  Document quoted = parse("---\n[a, b\n---\ntext\n", quote_diags);
  REQUIRE(quote_diags.has_errors());
  CHECK(quote_diags.all().front().pos.line >= 2);
  CHECK(quoted.meta.kind == MetaValue::Kind::Map);
}

TEST_CASE("markdown: a --- block that is not a YAML map is Markdown (pandoc's front-matter rule)") {
  // A thematic break and a setext heading, as CommonMark reads the lines; nothing reported.
  CHECK(parse_clean("---\nFoo\n---\n") ==
        doc_of({blk(ThematicBreak{}, at(1, 1)), blk(Heading{2, texts("Foo"), "foo"}, at(2, 1))}));
  // A YAML list too: a thematic break, a bullet list and a thematic break.
  Document list = parse_clean("---\n- a\n- b\n---\n\ntext\n");
  CHECK(list.meta == MetaValue{});
  REQUIRE(list.blocks.size() == 4);
  CHECK(std::holds_alternative<ThematicBreak>(list.blocks[0].node));
  CHECK(std::holds_alternative<BulletList>(list.blocks[1].node));
  CHECK(list.blocks[1].pos == at(2, 1));
  CHECK(std::holds_alternative<ThematicBreak>(list.blocks[2].node));
  CHECK(list.blocks[3] == para(texts("text"), 6));
  // A number or a quoted string is a scalar as well.
  Document number = parse_clean("---\n2026\n---\n");
  CHECK(number.meta == MetaValue{});
  CHECK(number.blocks.size() == 2);
  // A map, an empty block and one holding only a comment stay front matter.
  CHECK(parse_clean("---\nFoo: bar\n---\n").meta.find("Foo")->as_text() == "bar");
  CHECK(parse_clean("---\n# only a comment\n---\ntext\n").blocks == Blocks{para(texts("text"), 4)});
}

TEST_CASE("markdown: what is not front matter") {
  // A blank line after `---` makes it a thematic break (pandoc's rule).
  CHECK(parse_clean("---\n\ntext\n") == doc_of({blk(ThematicBreak{}, at(1, 1)), para(texts("text"), 3)}));
  // `---` later in the file is not front matter either.
  CHECK(parse_clean("a\n\n---\nb: c\n---\n").meta == MetaValue{});

  Diagnostics diags;
  Document doc = parse("---\ntitle: x\n", diags);
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all().front()) ==
        "t.md:1:1: warning: front matter is not closed; read as Markdown\n  hint: end the front matter with a '---' "
        "line");
  CHECK(doc.meta == MetaValue{});
  CHECK(doc.blocks.size() == 2);
}

TEST_CASE("markdown: split_front_matter") {
  auto fm = markdown::split_front_matter("---\na: 1\r\nb: 2\n---  \nbody");
  CHECK(fm.present);
  CHECK(fm.yaml == "a: 1\nb: 2\n");
  CHECK(fm.yaml_first_line == 2);
  CHECK(fm.body_line_offset == 4);
  CHECK(fm.body_offset == std::string("---\na: 1\r\nb: 2\n---  \n").size());
  CHECK_FALSE(markdown::split_front_matter("--- x\na: 1\n---\n").present);
  CHECK_FALSE(markdown::split_front_matter(" ---\na: 1\n---\n").present);
}

TEST_CASE("markdown: invalid UTF-8 and NUL bytes are errors at their position") {
  CHECK(only_error("ok\nab\xFF\n") == "t.md:2:3: error: invalid UTF-8 (byte 0xFF)");
  CHECK(only_error("\xC3\xA9t\xC3\xA9 \xC3(\n") == "t.md:1:7: error: invalid UTF-8 (byte 0xC3)");  // truncated
  CHECK(only_error("x\r\n\xC0\xAF\n") == "t.md:2:1: error: invalid UTF-8 (byte 0xC0)");            // overlong
  CHECK(only_error("\xED\xA0\x80\n") == "t.md:1:1: error: invalid UTF-8 (byte 0xED)");             // surrogate
  CHECK(only_error("\xF4\x90\x80\x80\n") == "t.md:1:1: error: invalid UTF-8 (byte 0xF4)");         // > U+10FFFF
  CHECK(only_error("a\rb\rc\xE2\x82") == "t.md:3:2: error: invalid UTF-8 (byte 0xE2)");            // at EOF
  CHECK(only_error(std::string("one\ntw\0o\n", 9)) == "t.md:2:3: error: NUL byte in input");
  // Inside front matter too, with the file's lines.
  CHECK(only_error("---\ntitle: \xFF\n---\n") == "t.md:2:8: error: invalid UTF-8 (byte 0xFF)");
}

TEST_CASE("markdown: nesting deeper than the limit is an error at the too-deep block") {
  markdown::ReadLimits limits;
  limits.max_nesting = 3;
  Diagnostics ok;
  CHECK(parse("> > > x\n", ok, limits).blocks.size() == 1);
  CHECK_FALSE(ok.has_errors());
  CHECK(only_error("> > > > x\n", limits) == "t.md:1:7: error: block quotes and lists nested more than 3 levels deep");
  CHECK(only_error("---\na: b\n---\n- a\n  - b\n    > c\n    > - d\n", limits) ==
        "t.md:7:7: error: block quotes and lists nested more than 3 levels deep");
  CHECK(only_error("x *a **b [c *d*](u) b** a*\n", limits) ==
        "t.md:1:13: error: inline markup nested more than 3 levels deep");

  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "> ";
  CHECK(only_error(deep + "x\n") == "t.md:1:129: error: block quotes and lists nested more than 64 levels deep");
  CHECK(only_error(std::string(10000, '*') + "a" + std::string(10000, '*')) ==
        "t.md:1:1: error: inline markup nested more than 64 levels deep");  // cmark's position for them all
}

TEST_CASE("markdown: tables wider than the limit are refused before cmark parses them") {
  markdown::ReadLimits limits;
  limits.max_table_columns = 3;
  Diagnostics ok;
  CHECK(parse("| a | b | c |\n|---|---|---|\n| 1 | 2 \\| 3 | 4 |\n", ok, limits).blocks.size() == 1);
  CHECK_FALSE(ok.has_errors());
  CHECK(only_error("x\n\n| a | b | c | d |\n|---|---|---|---|\n", limits) ==
        "t.md:3:1: error: table has 4 columns, more than the limit of 3");
  CHECK(only_error("---\nt: x\n---\n| a |\n|---|\n| 1 |\n|1|2|3|4|5|\n", limits) ==
        "t.md:7:1: error: table has 5 columns, more than the limit of 3");
  CHECK(only_error("> a | b\n> --|--|--|--\n", limits) ==
        "t.md:2:1: error: table has 4 columns, more than the limit of 3");

  // 10,000 columns would take cmark seconds; the pre-scan refuses them at once.
  std::string wide = "| a | b |\n|---|---|\n";
  for (int i = 0; i < 10000; ++i) wide += "|x";
  wide += "|\n";
  auto start = std::chrono::steady_clock::now();
  CHECK(only_error(wide) == "t.md:3:1: error: table has 10000 columns, more than the limit of 1000");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("markdown: large inputs") {
  std::string items;
  for (int i = 0; i < 100000; ++i) items += "- item " + std::to_string(i) + "\n";
  Document list = parse_clean(items);
  REQUIRE(list.blocks.size() == 1);
  const auto& bullets = std::get<BulletList>(list.blocks[0].node);
  REQUIRE(bullets.items.size() == 100000);
  CHECK(bullets.items.back().blocks.front() == para(texts("item 99999"), 100000, 3));

  std::string line = "word *word* ";
  std::string big;
  while (big.size() < (4u << 20)) big += line;
  Document para_doc = parse_clean(big);
  REQUIRE(para_doc.blocks.size() == 1);
  CHECK(std::get<Paragraph>(para_doc.blocks[0].node).content.size() > 500000);
}

namespace {
void collect_positions(const Blocks& blocks, std::vector<SourcePos>& out) {
  for (const auto& b : blocks) {
    out.push_back(b.pos);
    std::visit(
        [&](const auto& v) {
          if constexpr (requires { v.blocks; }) collect_positions(v.blocks, out);
          if constexpr (requires { v.items; })
            for (const auto& i : v.items) collect_positions(i.blocks, out);
        },
        b.node);
  }
}
}  // namespace

TEST_CASE("markdown: every block has a position, nested ones included") {
  Document doc = parse_clean(
      "---\ntitle: t\n---\n"
      "> - [ ] task https://example.org\n"
      ">\n"
      ">   \\newpage\n"
      ">\n"
      ">   <!-- pagebreak -->\n"
      ">\n"
      ">   | a | b |\n"
      ">   |---|:-:|\n"
      ">   | 1 | 2 |\n"
      "\n"
      "1. ![img](i.png)[^n]\n"
      "\n"
      "   ```\n"
      "   code\n"
      "   ```\n"
      "\n"
      "[^n]: > quoted\n"
      "    ---\n");
  std::vector<SourcePos> got;
  collect_positions(doc.blocks, got);
  std::vector<SourcePos> expected{at(4, 1),  at(4, 3),  at(4, 5),  at(6, 5),  at(8, 5),  at(10, 5), at(14, 1),
                                  at(14, 4), at(16, 4), at(20, 1), at(20, 7), at(20, 9), at(21, 5)};
  CHECK(got == expected);
  // Kinds, in the same order.
  const auto& quote = std::get<BlockQuote>(doc.blocks[0].node);
  const auto& task = std::get<BulletList>(quote.blocks[0].node).items[0];
  CHECK(task.checked == std::optional<bool>(false));
  REQUIRE(task.blocks.size() == 4);
  Inlines task_text{text("task "), {Link{texts("https://example.org"), "https://example.org", ""}}};
  CHECK(task.blocks[0] == para(task_text, 4, 5));
  CHECK(std::holds_alternative<PageBreak>(task.blocks[1].node));
  CHECK(std::holds_alternative<PageBreak>(task.blocks[2].node));
  CHECK(std::get<Table>(task.blocks[3].node).aligns == std::vector<Align>{Align::Default, Align::Center});
  const auto& ordered = std::get<OrderedList>(doc.blocks[1].node);
  CHECK_FALSE(ordered.tight);
  CHECK(ordered.items[0].blocks[0] == para({{InlineImage{texts("img"), "i.png", ""}}, {FootnoteRef{"n"}}}, 14, 4));
  CHECK(std::holds_alternative<FootnoteDef>(doc.blocks[2].node));
}

TEST_CASE("markdown: empty input") {
  CHECK(parse_clean("") == Document{});
  CHECK(parse_clean("\n\n").blocks.empty());
}

TEST_CASE("markdown: fenced divs with attributes, a class word, nesting, positions") {
  Document doc = parse_clean(
      "Before\n"
      "::: {#secret .internal .note audience=\"internal board\" n=3 q='it\\'s'}\n"
      "Inside *one*.\n"
      "\n"
      "  ::: warning :::\n"
      "  # Deeper\n"
      "  :::\n"
      "::::\n"
      "After\n");
  Block inner = div({blk(Heading{1, texts("Deeper"), "deeper"}, at(6, 3))}, at(5, 3), "", {"warning"});
  Block outer = div({para({text("Inside "), {Emph{texts("one")}}, text(".")}, 3), inner}, at(2, 1), "secret",
                    {"internal", "note"}, {{"audience", "internal board"}, {"n", "3"}, {"q", "it's"}});
  CHECK(doc == doc_of({para(texts("Before"), 1), outer, para(texts("After"), 9)}));
}

TEST_CASE("markdown: fenced divs keep the positions of what follows, front matter and footnotes too") {
  Document doc = parse_clean("---\ntitle: T\n---\n::: a\nx[^n]\n:::\n\ny\n\n[^n]: Note.\n");
  Block d = div({para({text("x"), {FootnoteRef{"n"}}}, 5)}, at(4, 1), "", {"a"});
  CHECK(doc.blocks ==
        doc_of({d, para(texts("y"), 8), blk(FootnoteDef{"n", {para(texts("Note."), 10, 7)}}, at(10, 1))}).blocks);
  CHECK(doc.meta.find("title")->scalar == "T");
}

TEST_CASE("markdown: colons inside code blocks are not fences, and inside list items divs nest there") {
  Document doc = parse_clean("```\n::: a\n:::\n```\n\n    ::: indented\n\n- item\n\n  ::: b\n  in\n  :::\n");
  CHECK(doc.blocks.size() == 3);
  CHECK(std::get<CodeBlock>(doc.blocks[0].node).text == "::: a\n:::\n");
  CHECK(std::get<CodeBlock>(doc.blocks[1].node).text == "::: indented\n");
  const auto& list = std::get<BulletList>(doc.blocks[2].node);
  REQUIRE(list.items.size() == 1);
  REQUIRE(list.items[0].blocks.size() == 2);
  CHECK(list.items[0].blocks[1] == div({para(texts("in"), 11, 3)}, at(10, 3), "", {"b"}));
}

TEST_CASE("markdown: a div fence interrupts a paragraph, a list and a quote") {
  Document doc = parse_clean("> q\n::: a\n- i\n:::\np\n:::: {.b}\n::::\n");
  REQUIRE(doc.blocks.size() == 4);
  CHECK(std::holds_alternative<BlockQuote>(doc.blocks[0].node));
  const auto& a = std::get<Div>(doc.blocks[1].node);
  REQUIRE(a.blocks.size() == 1);
  CHECK(std::holds_alternative<BulletList>(a.blocks[0].node));
  CHECK(doc.blocks[2] == para(texts("p"), 5));
  CHECK(doc.blocks[3] == div({}, at(6, 1), "", {"b"}));
}

TEST_CASE("markdown: div fence errors are reported at their position") {
  CHECK(errors_of("::: a\ntext\n") == "t.md:1:1: error: div is not closed\n  hint: close it with a ':::' line\n");
  CHECK(errors_of("x\n\n:::\n") ==
        "t.md:3:1: error: ':::' closes no div\n  hint: a div opens with '::: {.class}' or '::: word'\n");
  CHECK(errors_of("- i\n\n  ::: a\n  x\n") ==
        "t.md:3:3: error: div is not closed\n  hint: close it with a ':::' line before the end of the list item\n");
  CHECK(errors_of("::: a\n> ::: b\n> :::\n> x\n:::\n").empty());  // "> :::" is text, not a fence
  CHECK(errors_of("::: a\n- x\n\n  :::\n:::\n") ==
        "t.md:4:3: error: ':::' inside a list item cannot close the div opened at 1:1\n"
        "  hint: close the div after the list item, or open it inside\n");
  CHECK(errors_of("<div>\n::: a\n:::\n") ==
        "t.md:1:1: warning: raw HTML is not supported; dropped\n"
        "t.md:2:1: error: this ':::' line is not read as a div fence: it continues the block above\n"
        "  hint: put a blank line before it\n"
        "t.md:3:1: error: this ':::' line is not read as a div fence: it continues the block above\n"
        "  hint: put a blank line before it\n");
  CHECK(errors_of("---\na: 1\n---\n::: {#a #b}\n:::\n") == "t.md:4:11: error: the div has two ids\n");
  CHECK(errors_of("::: {.x\n:::\n") == "t.md:1:8: error: the attributes are not closed with '}'\n");
  CHECK(errors_of("::: two words\n:::\n") ==
        "t.md:1:9: error: a div fence takes one class name; write {.one .two} for more\n");
  CHECK(errors_of("::: {k=\"open}\n:::\n") == "t.md:1:8: error: the quoted value is not closed\n");
  CHECK(errors_of("::: {k=1 k=2}\n:::\n") == "t.md:1:10: error: attribute 'k' is given twice\n");
  CHECK(errors_of("::: {k}\n:::\n") == "t.md:1:6: error: attribute 'k' needs a value: write k=\"…\"\n");
  CHECK(errors_of("::: {.}\n:::\n") == "t.md:1:6: error: '.' must be followed by a name\n");
}

TEST_CASE("markdown: automatic heading ids after a div skip the div's id") {
  Document doc = parse_clean("::: {#intro}\n# Intro\n:::\n");
  const auto& d = std::get<Div>(doc.blocks.at(0).node);
  CHECK(d.id == "intro");
  CHECK(std::get<Heading>(d.blocks.at(0).node).id == "intro-1");
}

TEST_CASE("markdown: a footnote definition written inside a div goes back into it") {
  Document doc = parse_clean(
      "A.[^a] B.[^b] C.[^c]\n\n::: outer\n::: inner\n[^b]: In inner.\n:::\n\n[^c]: In outer.\n:::\n\n"
      "[^a]: Outside.\n");
  Block inner = div({blk(FootnoteDef{"b", {para(texts("In inner."), 5, 7)}}, at(5, 1))}, at(4, 1), "", {"inner"});
  Block outer =
      div({inner, blk(FootnoteDef{"c", {para(texts("In outer."), 8, 7)}}, at(8, 1))}, at(3, 1), "", {"outer"});
  REQUIRE(doc.blocks.size() == 3);
  CHECK(doc.blocks[1] == outer);
  CHECK(doc.blocks[2] == blk(FootnoteDef{"a", {para(texts("Outside."), 11, 7)}}, at(11, 1)));
}

TEST_CASE("markdown: divs count towards the nesting limit") {
  markdown::ReadLimits limits;
  limits.max_nesting = 2;
  CHECK(errors_of("::: a\n> x\n:::\n", limits).empty());
  CHECK(only_error("::: a\n::: b\n::: c\nx\n:::\n:::\n:::\n", limits) ==
        "t.md:3:1: error: divs, block quotes and lists nested more than 2 levels deep");
}
