#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "quire/biblio/csl/style.hpp"

using namespace quire;
using namespace quire::csl;

namespace {

std::string slurp_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string first_error(const Diagnostics& diags) {
  for (const auto& d : diags.all())
    if (d.severity == Severity::Error) return format(d);
  return {};
}

// The first error of reading `xml` as a style ("" when it reads).
std::string style_error(const std::string& xml) {
  Diagnostics diags;
  auto s = read_style(xml, "s.csl", diags);
  CHECK(s.has_value() == (diags.error_count() == 0));
  return first_error(diags);
}

std::string style_with(const std::string& body) {
  return "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\">\n" + body +
         "\n<citation><layout><text macro=\"a\"/></layout></citation>\n</style>\n";
}

std::optional<Style> load(const std::string& csl, const std::string& lang, Diagnostics& diags) {
  return load_style(csl, lang, "doc.md", io::Confinement(), {"doc.md", 2, 6}, diags);
}

}  // namespace

TEST_CASE("csl: installed styles load with their macros, citation, bibliography and en-US locale") {
  Diagnostics diags;
  auto apa = load("apa", "", diags);
  REQUIRE_MESSAGE(apa, first_error(diags));
  CHECK(apa->id == "http://www.zotero.org/styles/apa");
  CHECK_FALSE(apa->note);
  CHECK(apa->citation);
  CHECK(apa->bibliography);
  CHECK(apa->macro("author-bib") != nullptr);
  CHECK(apa->option("page-range-format") == "expanded");
  REQUIRE(apa->locale.term("and"));
  CHECK(apa->locale.term("and")->single == "and");
  CHECK(apa->locale.term("editor", "short")->multiple == "eds.");
  CHECK(apa->locale.term("page", "symbol") != nullptr);  // falls back to the short form
  CHECK(apa->locale.punctuation_in_quote);
  CHECK(apa->locale.date_text.has_value());

  auto notes = load("chicago-note-bibliography", "", diags);
  REQUIRE(notes);
  CHECK(notes->note);
  CHECK(diags.error_count() == 0);
}

TEST_CASE("csl: lang picks the locale, the style's own <locale> overrides it") {
  Diagnostics diags;
  auto de = load("apa", "de-DE", diags);
  REQUIRE(de);
  CHECK(de->locale.term("and")->single == "und");
  CHECK(de->locale.lang == "de-DE");
  auto fr = load("chicago-author-date", "fr", diags);  // the primary dialect, fr-FR
  REQUIRE(fr);
  CHECK(fr->locale.term("and")->single == "et");
  // chicago-author-date's own en locale says "editor" form="verb-short" is "ed."
  auto en = load("chicago-author-date", "", diags);
  REQUIRE(en);
  CHECK(en->locale.term("editor", "verb-short")->single == "ed.");
  CHECK(diags.error_count() == 0);
}

TEST_CASE("csl: a dependent style is followed to its parent") {
  Diagnostics diags;
  auto s = load("seminars-in-pediatric-surgery", "", diags);
  REQUIRE_MESSAGE(s, first_error(diags));
  CHECK(s->title == "Seminars in Pediatric Surgery");
  CHECK(s->parent.empty());
  CHECK(s->citation);
  CHECK(s->macro("author") != nullptr);  // American Medical Association's macros
}

TEST_CASE("csl: unknown style ids get a did-you-mean, paths are confined") {
  Diagnostics diags;
  CHECK_FALSE(load("chicago-author-dat", "", diags));
  CHECK(first_error(diags) == "doc.md:2:6: error: no CSL style \"chicago-author-dat\" in " + csl_data_dir() +
                                  "/styles\n  hint: did you mean \"chicago-author-date\"?");
  Diagnostics bad;
  CHECK_FALSE(load("../etc", "", bad));
  Diagnostics outside;
  CHECK_FALSE(load_style("/etc/passwd.csl", "", "/tmp/doc.md", io::Confinement("/tmp"), {"doc.md", 2, 6}, outside));
  CHECK(first_error(outside).find("is outside the project root") != std::string::npos);
}

TEST_CASE("csl: broken and hostile styles are errors at their place") {
  CHECK(style_error(style_with("<macro name=\"a\"><text value=\"x\"/></macro>")) == "");
  CHECK(style_error("<style><citation><layout>").find("s.csl:1:") == 0);
  CHECK(style_error("<locale/>") == "s.csl:1:1: error: not a CSL style: the root element is not <style>");
  CHECK(style_error("<style/>") == "s.csl:1:1: error: the style has no <citation> (and is not a dependent style)");
  CHECK(style_error(style_with("<macro name=\"a\"><text macro=\"b\"/></macro>\n<macro name=\"b\"><group><text "
                               "macro=\"a\"/></group></macro>")) ==
        "s.csl:4:24: error: macro \"a\" calls itself (a → b → a)\n"
        "  hint: a CSL macro may not call itself, directly or through others");
  CHECK(style_error(style_with("<macro name=\"a\"><text macro=\"a\"/></macro>"))
            .find("macro \"a\" calls itself (a → a)") != std::string::npos);
  CHECK(style_error(style_with("<macro name=\"a\"><text macro=\"nope\"/></macro>")) ==
        "s.csl:3:17: error: unknown macro \"nope\"");
  CHECK(style_error(style_with("<macro name=\"a\"/><macro name=\"a\"/>")) ==
        "s.csl:3:18: error: macro \"a\" is defined twice");

  // 10,000 nested <choose><if>: refused at the first element past the limit, without recursion.
  std::string deep;
  for (int i = 0; i < 10000; ++i) deep += "<choose><if type=\"book\">";
  for (int i = 0; i < 10000; ++i) deep += "</if></choose>";
  CHECK(
      style_error(style_with("<macro name=\"a\">" + deep + "</macro>")).find("CSL elements nested more than 64 deep") !=
      std::string::npos);

  // Macros calling the next one four times: 4^30 elements if expanded.
  std::string fan = "<macro name=\"a\"><text macro=\"m0\"/></macro>";
  for (int i = 0; i < 30; ++i) {
    std::string next = "<text macro=\"m" + std::to_string(i + 1) + "\"/>";
    fan += "<macro name=\"m" + std::to_string(i) + "\">" + next + next + next + next + "</macro>";
  }
  fan += "<macro name=\"m30\"><text value=\"x\"/></macro>";
  CHECK(style_error(style_with(fan)).find("the citation expands to more than 1000000 elements") != std::string::npos);

  // A chain of 20,000 macros: checked without recursion.
  std::string chain = "<macro name=\"a\"><text macro=\"m0\"/></macro>";
  for (int i = 0; i < 20000; ++i)
    chain += "<macro name=\"m" + std::to_string(i) + "\"><text macro=\"m" + std::to_string(i + 1) + "\"/></macro>";
  chain += "<macro name=\"m20000\"><text value=\"x\"/></macro>";
  CHECK(style_error(style_with(chain)) == "");
}

TEST_CASE("csl: DOCTYPEs are refused, so no entity is ever expanded or fetched") {
  std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE style [\n<!ENTITY a \"aaaaaaaaaa\">\n";
  for (int i = 1; i < 10; ++i) {
    std::string refs;
    for (int k = 0; k < 10; ++k) refs += "&" + std::string(1, char('a' + i - 1)) + ";";
    bomb += "<!ENTITY " + std::string(1, char('a' + i)) + " \"" + refs + "\">\n";
  }
  bomb += "]>\n<style><citation><layout><text value=\"&j;\"/></layout></citation></style>\n";
  CHECK(style_error(bomb).find("s.csl:2:1: error: a DOCTYPE is not allowed in a CSL style") == 0);
  std::string external =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE style [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<style><citation><layout><text value=\"&x;\"/></layout></citation></style>\n";
  CHECK(style_error(external).find("a DOCTYPE is not allowed") != std::string::npos);
}

// ---- Conformance fixtures: tests/csl/fixtures/*.txt in the CSL test suite's format ----------------
//   >>===== MODE =====>> citation | bibliography <<===== MODE =====<<
//   >>===== CSL =====>> a style id, or a style's XML <<===== CSL =====<<
//   >>===== INPUT =====>> CSL-JSON items <<===== INPUT =====<<
//   >>===== CITATIONS =====>> one citation per line (each in its own note): "@a|page|33; -@b; +@c"
//        (- suppresses the author, + is author-in-text) <<===== CITATIONS =====<<
//   >>===== RESULT =====>> one citation or bibliography entry per line <<===== RESULT =====<<
// Results are written with <i>, <b> and <sc> for italics, bold and small caps.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "quire/biblio/csl/processor.hpp"
#include "quire/biblio/readers.hpp"
#include "quire/model/overloaded.hpp"

namespace {

std::string section(const std::string& text, const std::string& name) {
  std::string open = ">>===== " + name + " =====>>", close = "<<===== " + name + " =====<<";
  auto a = text.find(open);
  if (a == std::string::npos) return {};
  a += open.size();
  auto b = text.find(close, a);
  std::string s = text.substr(a, b - a);
  while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(0, 1);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string markup(const model::Inlines& in) {
  std::string out;
  for (const auto& i : in)
    std::visit(overloaded{
                   [&](const model::Text& t) { out += t.text; },
                   [&](const model::Emph& e) { out += "<i>" + markup(e.content) + "</i>"; },
                   [&](const model::Strong& e) { out += "<b>" + markup(e.content) + "</b>"; },
                   [&](const model::Link& l) { out += markup(l.content); },
                   [&](const model::Span& s) {
                     bool sc = std::find(s.classes.begin(), s.classes.end(), "smallcaps") != s.classes.end();
                     out += sc ? "<sc>" + markup(s.content) + "</sc>" : markup(s.content);
                   },
                   [&](const auto&) {},
               },
               i.node);
  return out;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Runs one fixture; returns "" when the result is as expected, else what differs.
std::string run_fixture(const std::filesystem::path& path) {
  std::string text = slurp_file(path.string());
  Diagnostics diags;
  std::istringstream json(section(text, "INPUT"));
  auto items = biblio::read_csl_json(json, path.string(), diags);
  std::string csl = section(text, "CSL");
  std::optional<Style> style;
  if (csl.find('<') == std::string::npos) {
    style = load_style(csl, "", "", io::Confinement(), {}, diags);
  } else {
    style = read_style(csl, path.string(), diags);
    if (style) {
      Diagnostics ignore;
      auto en = load_style("apa", "", "", io::Confinement(), {}, ignore);  // the en-US locale
      style->locale = en->locale;
      for (const auto& l : style->locales) style->locale.apply(l);
    }
  }
  if (!style || diags.has_errors()) return "cannot read: " + first_error(diags);
  std::vector<std::string> got;
  std::vector<const biblio::Item*> order;
  std::map<std::string, const biblio::Item*> by_id;
  for (const auto& it : items) by_id[it.id] = &it;
  std::vector<csl::Cluster> clusters;
  int note = 0;
  for (const auto& line : lines_of(section(text, "CITATIONS"))) {
    csl::Cluster cl;
    cl.note = ++note;
    std::istringstream parts(line);
    for (std::string part; std::getline(parts, part, ';');) {
      while (!part.empty() && part.front() == ' ') part.erase(0, 1);
      CiteInput in;
      if (part[0] == '-') in.mode = model::CiteMode::SuppressAuthor;
      if (part[0] == '+') in.mode = model::CiteMode::AuthorInText;
      if (part[0] == '-' || part[0] == '+') part.erase(0, 1);
      part.erase(0, 1);  // @
      auto bar = part.find('|');
      std::string key = part.substr(0, bar);
      if (bar != std::string::npos) {
        auto bar2 = part.find('|', bar + 1);
        in.label = part.substr(bar + 1, bar2 - bar - 1);
        in.locator = part.substr(bar2 + 1);
      }
      if (!by_id.count(key)) return "unknown key " + key;
      in.item = by_id[key];
      if (std::find(order.begin(), order.end(), in.item) == order.end()) order.push_back(in.item);
      cl.cites.push_back(in);
    }
    clusters.push_back(cl);
  }
  if (section(text, "MODE") == "bibliography")
    for (const auto& it : items)
      if (std::find(order.begin(), order.end(), &it) == order.end()) order.push_back(&it);
  Processor proc(*style, order);
  if (section(text, "MODE") == "citation") {
    for (const auto& r : proc.cite(clusters)) {
      std::string s = markup(r.text);
      if (!r.note.empty()) s += (s.empty() ? "" : " | ") + markup(r.note);
      got.push_back(s);
    }
  } else {
    for (const auto& e : proc.bibliography()) got.push_back(markup(e.content));
  }
  std::vector<std::string> want = lines_of(section(text, "RESULT"));
  std::string diff;
  for (std::size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    std::string w = i < want.size() ? want[i] : "(nothing)", g = i < got.size() ? got[i] : "(nothing)";
    if (w != g) diff += "\n  want: " + w + "\n  got:  " + g;
  }
  return diff;
}

}  // namespace

TEST_CASE("csl: conformance fixtures (tests/csl/fixtures)") {
  std::string dir = std::string(QUIRE_SOURCE_DIR) + "/tests/csl/fixtures";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  CHECK(files.size() >= 15);
  for (const auto& f : files) {
    CAPTURE(f.filename().string());
    std::string diff = run_fixture(f);
    std::string message = f.filename().string() + ":" + diff;
    CHECK_MESSAGE(diff.empty(), message);
  }
}

TEST_CASE("csl: the same items from BibTeX and CSL-JSON give the same bibliography entries") {
  std::string dir = std::string(QUIRE_SOURCE_DIR) + "/tests/unit/biblio/";
  Diagnostics diags;
  std::ifstream json(dir + "sources.json");
  auto from_json = biblio::read_csl_json(json, "sources.json", diags);
  auto from_bib = biblio::read_bibtex(slurp_file(dir + "sources.bib"), "sources.bib", diags);
  REQUIRE(diags.error_count() == 0);
  REQUIRE(from_json.size() == from_bib.size());
  for (const char* id : {"apa", "chicago-author-date", "ieee", "chicago-note-bibliography"}) {
    CAPTURE(id);
    auto style = load_style(id, "", "", io::Confinement(), {}, diags);
    REQUIRE(style);
    auto entries = [&](const std::vector<biblio::Item>& items) {
      std::vector<const biblio::Item*> list;
      for (const auto& it : items) list.push_back(&it);
      Processor proc(*style, list);
      std::vector<std::string> out;
      for (const auto& e : proc.bibliography()) out.push_back(e.id + ": " + markup(e.content));
      return out;
    };
    auto a = entries(from_json), b = entries(from_bib);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i] == b[i]);
  }
}
