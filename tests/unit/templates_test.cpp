#include <doctest/doctest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>

#include "quire/compose/assemble.hpp"
#include "quire/compose/compose.hpp"
#include "quire/compose/letter.hpp"
#include "quire/compose/templates.hpp"
#include "quire/io/file.hpp"
#include "quire/markdown/reader.hpp"

using namespace quire;
using namespace quire::model;
namespace fs = std::filesystem;

namespace {
Document md(const std::string& text, Diagnostics& diags) { return markdown::read_markdown(text, "t.md", diags); }
std::string first_error(const Diagnostics& d) {
  for (const auto& x : d.all())
    if (x.severity == Severity::Error) return format(x);
  return "";
}
Document compose_one(Document doc, compose::ComposeOptions options, Diagnostics& diags) {
  compose::Composer c(std::move(options));
  auto out = c.add(std::move(doc), diags);
  REQUIRE(out.size() == 1);
  return out[0];
}
std::string text_at(const Document& d, std::size_t i) {
  const auto& b = d.blocks.at(i);
  if (auto* p = std::get_if<Paragraph>(&b.node)) return plain_text(p->content);
  if (auto* h = std::get_if<Heading>(&b.node)) return plain_text(h->content);
  if (auto* img = std::get_if<Image>(&b.node)) return plain_text(img->caption);
  return kind_name(b);
}
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("quire-tpl-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return (path / name).string();
  }
};
}  // namespace

TEST_CASE("templates: the five built-ins are embedded and load cleanly") {
  std::vector<std::string> names;
  for (const auto& t : compose::builtin_templates()) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"casebook", "envelope", "labels", "letter", "report"});
  for (const auto& name : names) {
    Diagnostics diags;
    auto t = compose::load_template(name, diags);
    CHECK_MESSAGE(first_error(diags) == "", name);
    CHECK(t.meta.kind == MetaValue::Kind::Map);
    // Envelopes and labels print addresses, not text: they alone add no Markdown.
    bool mailing = name == "envelope" || name == "labels";
    CHECK(compose::is_mailing_template(t) == mailing);
    CHECK((t.before.empty() && t.after.empty()) == mailing);
  }
}

TEST_CASE("templates: an envelope keeps the addresses, drops the text and takes the letter's own template under it") {
  TempDir dir;
  dir.write("org.yaml", "extends: letter\nmeta:\n  papersize: letter\n  letterhead: {name: Org, address: 1 Road}\n");
  std::string letter =
      dir.write("l.md", "---\ntemplate: org.yaml\nto: {name: Kim, address: 2 Street}\n---\n\nDear Kim,\n\nText.\n");
  Diagnostics diags;
  Document doc = markdown::read_markdown(io::read_file(letter), letter, diags);
  compose::ComposeOptions options;
  options.template_name = "envelope";
  Document out = compose_one(doc, options, diags);
  CHECK(first_error(diags) == "");
  CHECK(out.blocks.empty());
  CHECK(out.meta.find("documentclass")->scalar == "envelope");    // not the letter's
  CHECK(out.meta.find_path("letterhead.name")->scalar == "Org");  // from the letter's template: the sender
  CHECK(out.meta.find("papersize")->scalar == "letter");          // so `envelope: auto` is a #10
  CHECK(out.meta.find("envelope")->scalar == "auto");
  CHECK(out.meta.find_path("to.name")->scalar == "Kim");
  CHECK(!out.meta.find("opening"));  // the letter's parts are not taken: no text is printed
  options.template_name = "labels";
  Document labels = compose_one(doc, options, diags);
  CHECK(labels.meta.find("documentclass")->scalar == "labels");
  CHECK(labels.meta.find("label-sheet")->scalar == "avery-l7163");
  CHECK(labels.blocks.empty());
}

TEST_CASE("templates: deep merge keeps what the child does not name") {
  Diagnostics diags;
  Document d = md("---\na: {x: 1, y: {p: 1, q: 2}}\nl: [1, 2]\n---\n", diags);
  Document over = md("---\na: {y: {q: 3}, z: 4}\nl: [5]\n---\n", diags);
  MetaValue m = compose::deep_merge(d.meta, over.meta);
  CHECK(m.find_path("a.x")->scalar == "1");
  CHECK(m.find_path("a.y.p")->scalar == "1");
  CHECK(m.find_path("a.y.q")->scalar == "3");
  CHECK(m.find_path("a.z")->scalar == "4");
  CHECK(m.find("l")->list.size() == 1);
}

TEST_CASE("templates: a user template extends a built-in and overrides only what it names") {
  TempDir dir;
  auto path = dir.write("mine.yaml", "extends: letter\nmeta:\n  letterhead: {colour: \"#8B0000\", logo: logo.png}\n");
  Diagnostics diags;
  auto t = compose::load_template(path, diags);
  REQUIRE(first_error(diags) == "");
  auto base = compose::load_template("letter", diags);
  CHECK(t.meta.find_path("letterhead.colour")->scalar == "#8B0000");
  CHECK(t.meta.find_path("letterhead.logo")->scalar == (dir.path / "logo.png").string());
  CHECK(t.meta.find("documentclass")->scalar == "letter");
  CHECK(t.before == base.before);
  CHECK(t.after == base.after);
}

TEST_CASE("templates: cycles, unknown keys and unknown names are errors") {
  TempDir dir;
  dir.write("a.yaml", "extends: b.yaml\n");
  auto b = dir.write("b.yaml", "extends: a.yaml\n");
  Diagnostics diags;
  compose::load_template(b, diags);
  CHECK(first_error(diags).find("error: template 'b.yaml' extends itself") != std::string::npos);
  auto bad = dir.write("bad.yaml", "extends: letter\nbefor: x\n");
  Diagnostics d2;
  compose::load_template(bad, d2);
  CHECK(first_error(d2).starts_with(bad + ":2:8: error: unknown template key 'befor'\n"));
  Diagnostics d3;
  CHECK_THROWS_AS(compose::load_template("memo", d3), Error);
}

TEST_CASE("templates: the letter frame puts its parts in order around the text") {
  Diagnostics diags;
  Document doc =
      md("---\nfrom: {name: Ada}\nto: {name: Charles, address: \"1 Dorset St\\nLondon\"}\ndate: 2020-06-02\n"
         "subject: Engines\nsignature: {name: Ada L.}\nlang: en-GB\n---\n\nBody text.\n",
         diags);
  compose::ComposeOptions options;
  options.template_name = "letter";
  Document out = compose_one(doc, options, diags);
  REQUIRE(first_error(diags) == "");
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < out.blocks.size(); ++i) texts.push_back(text_at(out, i));
  // Layout draws the sender, date and recipient in the window field (din5008 on A4, by `auto`); the
  // frame holds what flows, with room to sign by hand.
  // Neither an opening nor a closing is set or written: the frame adds none of its own.
  CHECK(texts == std::vector<std::string>{"Engines", "Body text.", "div"});
  texts.clear();
  for (const auto& b : std::get<Div>(out.blocks.back().node).blocks)
    texts.push_back(plain_text(std::get<Paragraph>(b.node).content));
  CHECK(texts == std::vector<std::string>{"\u00a0 \u00a0", "Ada L."});
  CHECK(out.meta.find("documentclass")->scalar == "letter");
  CHECK(out.meta.find("letter-window")->scalar == "din5008");
  CHECK(out.meta.find_path("address-window.top")->scalar == "45mm");
  CHECK(out.meta.find("letter-date")->scalar == "2 June 2020");
  // Without a window the date, the recipient and the reference flow after the letterhead.
  Document none =
      md("---\nto: {name: Charles, address: \"1 Dorset St\\nLondon\"}\ndate: 2020-06-02\nlang: en-GB\n"
         "letter-window: none\nreference: AB-1\n---\n\nBody text.\n",
         diags);
  Document flowed = compose_one(none, options, diags);
  REQUIRE(first_error(diags) == "");
  texts.clear();
  for (std::size_t i = 0; i < 4; ++i) texts.push_back(text_at(flowed, i));
  CHECK(texts ==
        std::vector<std::string>{"2 June 2020", "Charles 1 Dorset St London", "Our reference: AB-1", "Body text."});
  CHECK(!flowed.meta.find("address-window"));
}

TEST_CASE("templates: with a merge to follow, template fields wait for the record") {
  Diagnostics diags;
  Document doc =
      md("---\nsubject: Your gift of {{amount | money USD}}\n---\n\nDear {{name}},\n\nThank you, {{name}}.\n", diags);
  compose::ComposeOptions options;
  options.template_name = "letter";
  options.merge_follows = true;
  Document composed = compose_one(doc, options, diags);
  REQUIRE(first_error(diags) == "");
  MetaValue record;
  record.set("name", MetaValue::string("김민지"));
  record.set("amount", MetaValue::string("50"));
  record.set("to", MetaValue{});
  record.find("to")->set("name", MetaValue::string("김민지"));
  Document out = compose::merge_record(composed, record, 3, options, diags);
  REQUIRE(first_error(diags) == "");
  std::string all;
  for (std::size_t i = 0; i < out.blocks.size(); ++i) all += text_at(out, i) + "|";
  CHECK(all.find("Your gift of $50.00|Dear 김민지,|Thank you, 김민지.|") != std::string::npos);
}

TEST_CASE("audience: parts for other audiences are removed, inverted parts kept") {
  Diagnostics diags;
  std::string src =
      "---\nwatermark: \"{{#audience.internal}}CONFIDENTIAL{{/audience.internal}}\"\n---\n\nOpen.\n\n"
      "{{#audience.internal}}\n\nSecret block.\n\n{{/audience.internal}}\n\n"
      "Total{{#audience.internal}} (secret span){{/audience.internal}}{{^audience.internal}} (public "
      "note){{/audience.internal}}. {{name}}\n";
  for (std::string who : {"public", "internal", ""}) {
    Document doc = md(src, diags);
    compose::filter_audience(doc, who, diags);
    REQUIRE(first_error(diags) == "");
    std::string all;
    for (std::size_t i = 0; i < doc.blocks.size(); ++i) all += text_at(doc, i) + "|";
    if (who == "internal") {
      CHECK(all == "Open.|Secret block.|Total (secret span). {{name}}|");
      CHECK(doc.meta.find("watermark")->scalar == "CONFIDENTIAL");
    } else {
      CHECK(all == "Open.|Total (public note). {{name}}|");
      CHECK(doc.meta.find("watermark")->scalar == "");
      CHECK(doc.meta.find("audience")->scalar == "public");
    }
  }
}

// Every paragraph's and heading's text, depth first, divs opened: what an edition shows.
void texts_of(const Blocks& blocks, std::string& out) {
  for (const auto& b : blocks) {
    if (auto* p = std::get_if<Paragraph>(&b.node)) out += plain_text(p->content) + "|";
    if (auto* h = std::get_if<Heading>(&b.node)) out += "#" + plain_text(h->content) + "|";
    if (auto* d = std::get_if<Div>(&b.node)) texts_of(d->blocks, out);
    if (auto* f = std::get_if<FootnoteDef>(&b.node)) out += "[" + f->label + "]", texts_of(f->blocks, out);
  }
}
std::string edition(const std::string& src, const std::string& who, Diagnostics& diags) {
  Document doc = md(src, diags);
  compose::filter_audience(doc, who, diags);
  std::string out;
  texts_of(doc.blocks, out);
  return out;
}

TEST_CASE("audience: divs marked for another audience are removed with their contents") {
  std::string src =
      "Open.[^both]\n\n"
      "::: internal\nSecret one.[^secret]\n\n::: {.note}\nSecret nested.\n:::\n:::\n\n"
      "::: {audience=\"internal board\"}\nFor two.\n:::\n\n"
      "::: public\nPublic only.[^both]\n:::\n\n"
      "::: {.board}\nBoard class, not declared: for everyone.\n:::\n\n"
      "::: {.note #n}\nUnmarked.\n:::\n\n"
      "[^both]: Both.\n\n[^secret]: Secret note.[^deeper]\n\n[^deeper]: Deeper note.\n";
  Diagnostics diags;
  CHECK(edition(src, "public", diags) ==
        "Open.|Public only.|Board class, not declared: for everyone.|Unmarked.|[both]Both.|");
  CHECK(edition(src, "internal", diags) ==
        "Open.|Secret one.|Secret nested.|For two.|Board class, not declared: for everyone.|Unmarked.|"
        "[both]Both.|[secret]Secret note.|[deeper]Deeper note.|");
  CHECK(edition(src, "board", diags) ==
        "Open.|For two.|Board class, not declared: for everyone.|Unmarked.|[both]Both.|");
  CHECK(edition(src, "", diags) == edition(src, "public", diags));
  CHECK_FALSE(diags.has_errors());
  // Declared under `audiences:`, a class names an audience too.
  std::string declared = "---\naudiences: [public, internal, board]\n---\n\n" + src;
  CHECK(edition(declared, "public", diags) == "Open.|Public only.|Unmarked.|[both]Both.|");
  CHECK(edition(declared, "board", diags) ==
        "Open.|For two.|Board class, not declared: for everyone.|Unmarked.|[both]Both.|");
  // Without --audience, the document's own `audience:` decides.
  CHECK(edition("---\naudience: internal\n---\n\n" + src, "", diags).find("Secret one.") != std::string::npos);
  CHECK_FALSE(diags.has_errors());
  edition("---\naudiences: [public, internal]\n---\n\nx\n", "borad", diags);
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all().front()) == "t.md:2:12: warning: audience 'borad' is not in 'audiences'");
}

TEST_CASE("audience: a note defined inside a removed div but referred to from kept text is an error") {
  std::string src = "Open.[^s]\n\n::: internal\nSecret.[^s]\n\n[^s]: Secret note.\n:::\n";
  Diagnostics diags;
  CHECK(edition(src, "public", diags) == "Open.|");
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all().front()) ==
        "t.md:1:1: error: footnote 's' is defined in a part left out of the 'public' edition\n"
        "  hint: the part is at t.md:3:1; define the note outside it");
  Diagnostics ok;
  CHECK(edition(src, "internal", ok) == "Open.|Secret.|[s]Secret note.|");
  CHECK_FALSE(ok.has_errors());
}

TEST_CASE("audience: references and links into removed divs are errors at the reference (a link at its block)") {
  std::string src =
      "---\nnumbersections: true\n---\n\n# Open\n\n::: internal\n## Secret method {#sec:secret}\n\nText.\n:::\n\n"
      "## Kept {#sec:kept}\n\nSee @sec:kept and @sec:secret.\n\nAnd [the method](#sec:secret).\n";
  Diagnostics diags;
  Document doc = md(src, diags);
  compose::ComposeOptions options;
  options.audience = "public";
  Document out = compose_one(doc, options, diags);
  std::vector<std::string> errors;
  for (const auto& d : diags.all()) errors.push_back(format(d));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] ==
        "t.md:15:19: error: '@sec:secret' refers to a part left out of the 'public' edition\n"
        "  hint: the part is at t.md:7:1; move the target out of it or mark the reference too");
  CHECK(errors[1].starts_with("t.md:17:1: error: '#sec:secret' refers to a part left out of the 'public' edition"));
  // The internal edition resolves them, and numbers headings inside divs.
  Diagnostics ok;
  options.audience = "internal";
  out = compose_one(md(src, ok), options, ok);
  CHECK_FALSE(ok.has_errors());
  std::string all;
  texts_of(out.blocks, all);
  CHECK(all == "#Open|#Secret method|Text.|#Kept|See Section 1.2 and Section 1.1.|And the method.|");
}

TEST_CASE("references: labels, numbers and @refs, and unknown labels are errors where they are written") {
  Diagnostics diags;
  Document doc =
      md("---\nnumbersections: true\n---\n\n# Intro\n\n# Study\n\n## Method {#sec:method}\n\n"
         "![Petitions by year](chart.png){#fig:chart}\n\n| a |\n|---|\n| 1 |\n\nTable: Counts {#tbl:counts}\n\n"
         "See @sec:method, @fig:chart and @tbl:counts.\n\nAnd @sec:nowhere.\n",
         diags);
  compose::resolve_references(doc, diags);
  CHECK(std::get<Heading>(doc.blocks[2].node).id == "sec:method");
  CHECK(text_at(doc, 2) == "Method");
  REQUIRE(std::holds_alternative<Image>(doc.blocks[3].node));
  CHECK(text_at(doc, 3) == "Figure 1: Petitions by year");
  REQUIRE(std::holds_alternative<Table>(doc.blocks[4].node));
  CHECK(plain_text(std::get<Table>(doc.blocks[4].node).caption) == "Table 1: Counts");
  CHECK(text_at(doc, 5) == "See Section 2.1, Figure 1 and Table 1.");
  const auto& refs = std::get<Paragraph>(doc.blocks[5].node).content;
  REQUIRE(refs.size() >= 2);
  CHECK(std::get<Link>(refs[1].node).url == "#sec:method");
  CHECK(first_error(diags).starts_with("t.md:21:5: error: unknown label 'sec:nowhere' in '@sec:nowhere'\n"));
}

TEST_CASE("data tables: columns, headers, sort and formats from a metadata list") {
  Diagnostics diags;
  Document doc =
      md("---\nlang: en-GB\ngifts:\n  - {name: Kim, amount: 1500, on: 2020-06-02}\n  - {name: Ada, amount: 20.5, on: "
         "2021-01-09}\n  - {name: Bo, amount: 300, on: 2019-12-31}\n---\n\n```quire-table\nrows: gifts\n"
         "columns: [name, amount, on]\nheaders: [Donor, Gift, Date]\nsort: -amount\nformat: {amount: money, on: "
         "date}\n```\n",
         diags);
  compose::build_data_tables(doc, diags);
  REQUIRE(first_error(diags) == "");
  const auto& t = std::get<Table>(doc.blocks[0].node);
  CHECK(plain_text(t.header[1]) == "Gift");
  CHECK(t.aligns[1] == Align::Right);
  REQUIRE(t.rows.size() == 3);
  CHECK(plain_text(t.rows[0][0]) == "Kim");
  CHECK(plain_text(t.rows[0][1]) == "£1,500.00");
  CHECK(plain_text(t.rows[1][0]) == "Bo");
  CHECK(plain_text(t.rows[2][2]) == "9 January 2021");
  Document bad = md("```quire-table\nrows: nothing\n```\n", diags);
  Diagnostics d2;
  compose::build_data_tables(bad, d2);
  CHECK(first_error(d2) == "t.md:2:7: error: 'nothing' is not a list in the metadata");
}

TEST_CASE("includes: relative to the including file, cycles and the root are checked") {
  TempDir dir;
  fs::create_directories(dir.path / "sub");
  dir.write("sub/one.md", "---\nauthor: Kim\n---\n\n# One\n\n{{> two.yaml}}\n");
  dir.write("sub/two.yaml", "quire: 1\nblocks:\n  - paragraph: From YAML.\n");
  auto main = dir.write("main.md", "Top.\n\n{{> sub/one.md}}\n");
  Diagnostics diags;
  Document doc = markdown::read_markdown("Top.\n\n{{> sub/one.md}}\n", main, diags);
  compose::resolve_includes(doc, {}, diags);
  REQUIRE(first_error(diags) == "");
  REQUIRE(doc.blocks.size() == 3);
  CHECK(text_at(doc, 1) == "One");
  CHECK(text_at(doc, 2) == "From YAML.");
  CHECK(doc.meta.find("author")->scalar == "Kim");
  auto loop = dir.write("loop.md", "{{> loop.md}}\n");
  Document l = markdown::read_markdown("{{> loop.md}}\n", loop, diags);
  Diagnostics d2;
  compose::resolve_includes(l, {}, d2);
  CHECK(first_error(d2) == loop + ":1:1: error: 'loop.md' includes itself (an include cycle)");
  auto inner = dir.write("sub/up.md", "{{> ../main.md}}\n");
  Document u = markdown::read_markdown("{{> ../main.md}}\n", inner, diags);
  Diagnostics d3;
  compose::resolve_includes(u, {}, d3);
  CHECK(first_error(d3).find("error: include \"../main.md\" is outside the project root") != std::string::npos);
}

// ---- Letters as people write them (compose/letter.hpp) ------------------------------------------

namespace {
compose::WrittenLetter parts_of(const std::string& markdown, Document& doc) {
  Diagnostics diags;
  doc = md(markdown, diags);
  REQUIRE(first_error(diags) == "");
  return compose::take_letter_parts(doc.blocks);
}
std::string all_texts(const Document& d) {
  std::string out;
  for (std::size_t i = 0; i < d.blocks.size(); ++i) out += text_at(d, i) + "|";
  return out;
}
}  // namespace

TEST_CASE("letter parts: salutation, closing and signature lines are taken from the text") {
  Document doc;
  auto parts = parts_of(
      "# Our report\n\nDear friends of the library,\n\nFirst paragraph.\n\nLast paragraph.\n\n"
      "Thank you,\n\nAda Lovelace,\n\nCountess of Lovelace\n\nJune 2, 2026\n",
      doc);
  REQUIRE(parts.subject);
  CHECK(parts.subject->text == "Our report");
  CHECK(parts.subject->pos.line == 1);
  REQUIRE(parts.opening);
  CHECK(parts.opening->text == "Dear friends of the library,");
  CHECK(parts.opening->pos.line == 3);
  REQUIRE(parts.closing);
  CHECK(parts.closing->text == "Thank you,");
  CHECK(parts.closing->pos.line == 9);
  REQUIRE(parts.signature.size() == 3);
  CHECK(parts.signature[0].text == "Ada Lovelace,");
  CHECK(parts.signature[2].pos.line == 15);
  CHECK(all_texts(doc) == "First paragraph.|Last paragraph.|");
}

TEST_CASE("letter parts: salutations in other languages, and a closing with its lines in one paragraph") {
  for (std::string opening :
       {"Liebe Frau Weber,", "친애하는 {{name}} 님,", "Madame, Monsieur,", "To whom it may concern:"}) {
    Document doc;
    auto parts = parts_of(opening + "\n\nText.\n\nMit freundlichen Grüßen,\nJi-won Han\nDirector\n", doc);
    REQUIRE_MESSAGE(parts.opening, opening);
    CHECK(parts.opening->text == opening);
    REQUIRE(parts.closing);
    CHECK(parts.closing->text == "Mit freundlichen Grüßen,");
    REQUIRE(parts.signature.size() == 2);
    CHECK(parts.signature[1].text == "Director");
    CHECK(parts.signature[1].pos.line == parts.closing->pos.line + 2);
    CHECK(all_texts(doc) == "Text.|");
  }
}

TEST_CASE("letter parts: what is not a salutation or a closing stays in the text") {
  Document doc;
  // A long first paragraph ending in a colon introduces what follows.
  std::string intro =
      "Over the past year we have filed more petitions than ever before, met families in four cities, and "
      "learnt three things that change how we work:";
  auto parts = parts_of(intro + "\n\nThe first.\n", doc);
  CHECK_FALSE(parts.opening);
  CHECK(all_texts(doc).starts_with("Over the past year"));
  // A short one before a list does too.
  parts = parts_of("We ask three things:\n\n- one\n- two\n", doc);
  CHECK_FALSE(parts.opening);
  // A salutation with text after it on the same line is a sentence.
  parts = parts_of("Dear Ann, thank you for writing.\n\nText.\n", doc);
  CHECK_FALSE(parts.opening);
  // A closing followed by a long paragraph is not a closing.
  parts = parts_of(
      "Dear Ann,\n\nText.\n\nWith gratitude,\n\nA postscript that goes on for quite a while, much longer than any "
      "signature line could be, because it tells one more story.\n",
      doc);
  CHECK(parts.opening);
  CHECK_FALSE(parts.closing);
  CHECK(parts.signature.empty());
  CHECK(all_texts(doc).find("With gratitude,|") != std::string::npos);
  // Nor is a comma-ended line with more lines after it than a signature has.
  parts = parts_of("Dear Ann,\n\nText.\n\nYours,\n\na\n\nb\n\nc\n\nd\n\ne\n\nf\n", doc);
  CHECK_FALSE(parts.closing);
  // A heading not followed by a salutation is the text's own.
  parts = parts_of("# Background\n\nWe began in 2014.\n", doc);
  CHECK_FALSE(parts.subject);
  CHECK(all_texts(doc) == "Background|We began in 2014.|");
}

TEST_CASE("letter parts: the front matter wins, with a warning at the text that repeats it") {
  Diagnostics diags;
  Document doc =
      md("---\nopening: Dear Charles,\nsignature: {name: Ada L.}\n---\n\nDear Charles Babbage,\n\nText.\n\n"
         "With gratitude,\n\nAda Lovelace\n",
         diags);
  auto parts = compose::take_letter_parts(doc.blocks);
  compose::set_letter_parts(doc.meta, parts, diags);
  CHECK(doc.meta.find("opening")->scalar == "Dear Charles,");
  CHECK(doc.meta.find("closing")->scalar == "With gratitude,");
  CHECK(doc.meta.find_path("signature.name")->scalar == "Ada L.");
  std::vector<std::string> warnings;
  for (const auto& d : diags.all()) warnings.push_back(format(d));
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].starts_with("t.md:6:1: warning: the letter's salutation is set by 'opening:' in the front matter"));
  CHECK(warnings[1].starts_with("t.md:12:1: warning: the letter's signature is set by 'signature:'"));
}

TEST_CASE("letter parts: the letter template prints each part once, and invents none") {
  compose::ComposeOptions options;
  options.template_name = "letter";
  Diagnostics diags;
  Document natural =
      md("---\nto: {name: Charles}\nlang: en-GB\n---\n\nDear Charles,\n\nBody text.\n\nWith gratitude,\n\n"
         "Ada Lovelace\n\nCountess of Lovelace\n\n2 June 2026\n",
         diags);
  Document out = compose_one(natural, options, diags);
  REQUIRE(first_error(diags) == "");
  CHECK(diags.all().empty());
  CHECK(all_texts(out) == "Dear Charles,|Body text.|div|");
  const auto& keep = std::get<Div>(out.blocks.back().node);
  CHECK(keep.has_class("keep"));
  std::string closing;
  for (const auto& b : keep.blocks) closing += plain_text(std::get<Paragraph>(b.node).content) + "|";
  CHECK(closing == "With gratitude,|\u00a0 \u00a0|Ada Lovelace Countess of Lovelace 2 June 2026|");
  // Nothing set and nothing written: no salutation, no closing.
  Document bare = md("---\nto: {name: Charles}\n---\n\nBody text.\n", diags);
  out = compose_one(bare, options, diags);
  CHECK(all_texts(out) == "Body text.|div|");
  CHECK(std::get<Div>(out.blocks.back().node).blocks.empty());
}

TEST_CASE("letter: without to: no address field, and a merge warns once") {
  compose::ComposeOptions options;
  options.template_name = "letter";
  Diagnostics diags;
  Document doc = md("---\ndate: 2026-06-02\n---\n\nDear Ann,\n\nBody text.\n", diags);
  Document out = compose_one(doc, options, diags);
  CHECK(diags.all().empty());
  CHECK_FALSE(out.meta.find("address-window"));
  CHECK(out.meta.find("papersize")->scalar == "a4");
  // The date flows under the letterhead instead, as with letter-window: none.
  CHECK(text_at(out, 0) == "June 2, 2026");  // en-US, the default lang
  options.merge_follows = true;
  compose_one(doc, options, diags);
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all()[0]).starts_with("t.md:1:1: warning: this letter has no 'to:'"));
  CHECK(diags.all()[0].hint.find("to: {name: \"{{name}}\", address: \"{{address}}\"}") != std::string::npos);
  Diagnostics addressed;
  Document to = md("---\nto: {name: \"{{name}}\"}\n---\n\nText.\n", addressed);
  out = compose_one(to, options, addressed);
  CHECK(addressed.all().empty());
  CHECK(out.meta.find("address-window"));
}

TEST_CASE("letter labels: by language, with the labels: map on top") {
  Diagnostics diags;
  Document doc = md("---\nlang: ko-KR\nlabels: {colour: x, cc: 사본}\n---\n", diags);
  compose::set_letter_labels(doc.meta, diags);
  CHECK(doc.meta.find_path("labels.our-reference")->scalar == "발신 문서번호");
  CHECK(doc.meta.find_path("labels.page")->scalar == "{pages}쪽 중 {page}쪽");
  CHECK(doc.meta.find_path("labels.cc")->scalar == "사본");
  CHECK_FALSE(doc.meta.find_path("labels.colour"));
  REQUIRE(diags.all().size() == 1);
  CHECK(format(diags.all()[0]).starts_with("t.md:3:18: warning: unknown letter label 'colour'"));
  for (auto [lang, date] : {std::pair{"de-AT", "Datum"}, {"fr", "Date"}, {"es-MX", "Fecha"}, {"pt", "Date"}}) {
    Document d = md(std::string("---\nlang: ") + lang + "\n---\n", diags);
    compose::set_letter_labels(d.meta, diags);
    CHECK_MESSAGE(d.meta.find_path("labels.date")->scalar == date, lang);
  }
  Document de = md("---\nstyle: {lang: de}\n---\n", diags);
  compose::set_letter_labels(de.meta, diags);
  CHECK(de.meta.find_path("labels.our-reference")->scalar == "Unser Zeichen");
  Diagnostics bad;
  Document list = md("---\nlabels: [From]\n---\n", bad);
  compose::set_letter_labels(list.meta, bad);
  CHECK(first_error(bad).starts_with("t.md:2:9: error: 'labels' must be a map"));
}

TEST_CASE("letter parts: the fields a frame prints decide which parts are taken") {
  auto names = compose::field_names("{{#opening}}\n\n{{opening}}\n\n{{/opening}} {{^x}}{{ closing | upper }}{{/x}}");
  CHECK(names == std::set<std::string>{"opening", "x", "closing"});
  // A frame without {{opening}} leaves the salutation in the text.
  Document doc;
  Diagnostics diags;
  doc = md("Dear Ann,\n\nText.\n\nYours,\n\nBo\n", diags);
  compose::LetterFrame frame;
  frame.opening = false;
  frame.signature = false;
  auto parts = compose::take_letter_parts(doc.blocks, frame);
  CHECK_FALSE(parts.opening);
  // …and a closing with signature lines it would not print stays too.
  CHECK_FALSE(parts.closing);
  CHECK(all_texts(doc) == "Dear Ann,|Text.|Yours,|Bo|");
}
