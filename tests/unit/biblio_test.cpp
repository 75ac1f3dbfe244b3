#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "quire/biblio/bibliography.hpp"
#include "quire/biblio/readers.hpp"
#include "quire/markdown/reader.hpp"

using namespace quire;
using namespace quire::biblio;

namespace {

const std::string kDir = std::string(QUIRE_SOURCE_DIR) + "/tests/unit/biblio/";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string errors_of(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.all()) out += format(d) + "\n";
  return out;
}

std::vector<Item> bib(const std::string& text, Diagnostics& diags) { return read_bibtex(text, "t.bib", diags); }

// The one error of reading `text` as BibTeX, formatted.
std::string bib_error(const std::string& text) {
  Diagnostics diags;
  bib(text, diags);
  REQUIRE(diags.error_count() >= 1);
  return format(diags.all().front());
}

std::string dump(const Item& it) {
  std::string out = it.id + " " + it.type;
  for (const auto& [k, names] : it.names) {
    out += "\n  " + k + ":";
    for (const auto& n : names)
      out += " [" + n.family + "|" + n.given + "|" + n.non_dropping_particle + "|" + n.suffix + "|" + n.literal + "]";
  }
  for (const auto& [k, d] : it.dates) {
    out += "\n  " + k + ":";
    for (const auto& p : d.parts)
      out += " " + std::to_string(p.year) + "-" + std::to_string(p.month) + "-" + std::to_string(p.day);
    if (!d.literal.empty()) out += " literal " + d.literal;
  }
  for (const auto& [k, v] : it.variables) out += "\n  " + k + ": " + v;
  return out;
}

std::string dump(const std::vector<Item>& items) {
  std::string out;
  for (const auto& it : items) out += dump(it) + "\n";
  return out;
}

}  // namespace

TEST_CASE("biblio: CSL-JSON items: names, dates, numbers and strings") {
  Diagnostics diags;
  std::istringstream in(slurp(kDir + "sources.json"));
  auto items = read_csl_json(in, "sources.json", diags);
  CHECK(errors_of(diags) == "");
  REQUIRE(items.size() == 5);
  const Item& a = items[0];
  CHECK(a.id == "smith2019");
  CHECK(a.type == "article-journal");
  CHECK(a.names.at("author").at(1) == Name{"Berg", "Pieter", "", "van der", "", ""});
  CHECK(a.names.at("author").at(2).literal == "M\u00E9decins Sans Fronti\u00E8res");
  CHECK(a.dates.at("issued").parts == std::vector<DateParts>{{2019, 3, 0}});
  CHECK(a.variables.at("volume") == "32");
  CHECK(a.pos == model::SourcePos{"sources.json", 2, 3});
  CHECK(items[4].dates.at("issued").parts == std::vector<DateParts>{{2021, 0, 0}, {2022, 0, 0}});
}

TEST_CASE("biblio: the same items as BibTeX, CSL-YAML and CSL-JSON are the same items") {
  Diagnostics diags;
  std::istringstream in(slurp(kDir + "sources.json"));
  auto json = read_csl_json(in, "sources.json", diags);
  auto bibtex = read_bibtex(slurp(kDir + "sources.bib"), "sources.bib", diags);
  auto yaml = read_csl_yaml(slurp(kDir + "sources.yaml"), "sources.yaml", diags);
  CHECK(errors_of(diags) == "");
  CHECK(dump(bibtex) == dump(json));
  CHECK(bibtex == json);
  REQUIRE(yaml.size() == 2);
  CHECK(dump(yaml[0]) == dump(json[0]));
  CHECK(yaml[0] == json[0]);
  CHECK(yaml[1] == json[4]);
  CHECK(bibtex[2].pos == model::SourcePos{"sources.bib", 22, 1});
}

TEST_CASE("biblio: LaTeX in BibTeX fields becomes text") {
  CHECK(latex_to_text("{\\\"o}\\'e\\c{c}\\`a \\^{o}\\~n \\v{s}\\u{a}\\H{o}\\k{a}\\r{a}\\={e}\\.{z}", false) ==
        "\u00F6\u00E9\u00E7\u00E0 \u00F4\u00F1 \u0161\u0103\u0151\u0105\u00E5\u0113\u017C");
  CHECK(latex_to_text("\\ss{} \\o \\AE \\l \\'{\\i} \\c c", false) == "\u00DF \u00F8\u00C6\u0142\u00ED \u00E7");
  CHECK(latex_to_text("a--b---c~d \\& \\% \\$ \\_ ``q''", false) == "a\u2013b\u2014c\u00A0d & % $ _ \u201Cq\u201D");
  CHECK(latex_to_text("The {UN} and \\emph{{WHO}} in {\\\"U}berlingen", true) ==
        "The <span class=\"nocase\">UN</span> and WHO in \u00DCberlingen");
  CHECK(latex_to_text("The {UN}", false) == "The UN");
  CHECK(latex_to_text("  two\n  lines  ", false) == "two lines");
}

TEST_CASE("biblio: BibTeX names") {
  Diagnostics diags;
  auto items = bib(
      "@book{a, author = {Ludwig van Beethoven and de la Fontaine, Jean and Smith, III, Will and {Save the Children}"
      " and Plato and others}, title = {x}}",
      diags);
  CHECK(errors_of(diags) == "");
  REQUIRE(items.size() == 1);
  const auto& n = items[0].names.at("author");
  REQUIRE(n.size() == 5);
  CHECK(n[0] == Name{"Beethoven", "Ludwig", "", "van", "", ""});
  CHECK(n[1] == Name{"Fontaine", "Jean", "", "de la", "", ""});
  CHECK(n[2] == Name{"Smith", "Will", "", "", "III", ""});
  CHECK(n[3] == Name{"", "", "", "", "", "Save the Children"});
  CHECK(n[4] == Name{"Plato", "", "", "", "", ""});
}

TEST_CASE("biblio: BibTeX entry types, months and theses") {
  Diagnostics diags;
  auto items = bib(
      "@phdthesis{t, author = {A, B}, title = {T}, school = {SOAS}, year = {2001}, month = {11}}\n"
      "@article{n, title = {Flood}, journaltitle = {The Guardian}, entrysubtype = {newspaper}, date = {2020-01-02}}\n"
      "@misc{m, title = {M}, howpublished = {Interview}, year = {n.d.}}\n"
      "@comment{ anything @book{x} }\n@preamble{\"\\newcommand\"}\nstray text @ here\n",
      diags);
  CHECK(errors_of(diags) == "");
  REQUIRE(items.size() == 3);
  CHECK(items[0].type == "thesis");
  CHECK(items[0].variables.at("genre") == "PhD thesis");
  CHECK(items[0].variables.at("publisher") == "SOAS");
  CHECK(items[0].dates.at("issued").parts == std::vector<DateParts>{{2001, 11, 0}});
  CHECK(items[1].type == "article-newspaper");
  CHECK(items[1].variables.at("container-title") == "The Guardian");
  CHECK(items[2].type == "document");
  CHECK(items[2].variables.at("medium") == "Interview");
  CHECK(items[2].dates.at("issued").literal == "n.d.");
}

TEST_CASE("biblio: BibTeX errors at the file's own line and column") {
  CHECK(bib_error("@book{a,\n  title = {Open {\n}\n").find("t.bib:2:11: error: '{' is not closed") == 0);
  CHECK(bib_error("@book{a, title = {x}, year = 2001 # nope}\n") ==
        "t.bib:1:37: error: unknown @string 'nope'\n  hint: define it with @string{nope = {\u2026}} before its use");
  CHECK(bib_error("@book{a,\n  title {x}}\n").find("t.bib:2:9: error: expected '=' after the field name 'title'") == 0);
  CHECK(bib_error("@book{a, title = \"x}\n").find("t.bib:1:18: error: '\"' is not closed") == 0);
  // An @string cycle cannot form: a macro is defined after its value is read.
  CHECK(bib_error("@string{a = b}\n@string{b = a}\n").find("t.bib:1:13: error: unknown @string 'b'") == 0);
  // A chain of macros doubling each other stops at 1 MiB.
  std::string chain = "@string{m0 = {xxxxxxxxxxxxxxxx}}\n";
  for (int k = 1; k <= 30; ++k)
    chain += "@string{m" + std::to_string(k) + " = m" + std::to_string(k - 1) + " # m" + std::to_string(k - 1) + "}\n";
  CHECK(bib_error(chain).find("error: a field value longer than 1 MiB") != std::string::npos);
  // An error inside one entry leaves the others.
  Diagnostics diags;
  auto items = bib("@book{a, title = = x}\n@book{b, title = {B}}\n", diags);
  REQUIRE(items.size() == 1);
  CHECK(items[0].id == "b");
}

TEST_CASE("biblio: 10,000-deep braces are read without recursion") {
  Diagnostics diags;
  std::string deep = "@book{a, title = {" + std::string(10000, '{') + "x" + std::string(10000, '}') + "}}";
  auto items = bib(deep, diags);
  CHECK(errors_of(diags) == "");
  REQUIRE(items.size() == 1);
  CHECK(items[0].variables.at("title") == "<span class=\"nocase\">x</span>");
}

TEST_CASE("biblio: a document's bibliography: files and references in the front matter") {
  Diagnostics diags;
  model::Document doc = markdown::read_markdown(
      "---\nbibliography: [sources.json, sources.bib]\nreferences:\n  - id: extra\n    type: report\n"
      "    title: Extra\n  - id: msf2021\n    title: Again\n---\nText.\n",
      kDir + "doc.md", diags);
  REQUIRE(errors_of(diags) == "");
  Bibliography b = load_bibliography(doc, io::Confinement(kDir), diags);
  CHECK(b.items.size() == 6);
  REQUIRE(b.find("extra") != nullptr);
  CHECK(b.find("extra")->variables.at("title") == "Extra");
  CHECK(b.find("msf2021")->variables.at("title") == "Annual Report");
  // Every id of the .bib file is also in the .json one: five warnings, and one for references.
  CHECK(diags.warning_count() == 6);

  Diagnostics outside;
  doc = markdown::read_markdown("---\nbibliography: ../../../CMakeLists.bib\n---\nText.\n", kDir + "doc.md", outside);
  load_bibliography(doc, io::Confinement(kDir), outside);
  CHECK(errors_of(outside).find("doc.md:2:15: error: bibliography \"../../../CMakeLists.bib\" is outside the "
                                "project root") != std::string::npos);
  Diagnostics unknown;
  doc = markdown::read_markdown("---\nbibliography: refs.txt\n---\nText.\n", kDir + "doc.md", unknown);
  load_bibliography(doc, io::Confinement(kDir), unknown);
  CHECK(errors_of(unknown).find("error: bibliography \"refs.txt\" has no known format") != std::string::npos);
  Diagnostics missing;
  doc = markdown::read_markdown("---\nbibliography: none.bib\n---\nText.\n", kDir + "doc.md", missing);
  load_bibliography(doc, io::Confinement(kDir), missing);
  CHECK(errors_of(missing).find("doc.md:2:15: error: ") != std::string::npos);
}
