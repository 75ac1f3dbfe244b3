#include <doctest/doctest.h>

#include "quire/compose/compose.hpp"
#include "quire/compose/fields.hpp"
#include "quire/compose/format.hpp"

using namespace quire;
using namespace quire::model;

namespace {
Block para(std::string text, int line = 1) {
  return Block{Paragraph{{Inline{Text{std::move(text)}}}}, SourcePos{"a.md", line, 1}, {}};
}
std::string text_of(const Block& b) { return plain_text(std::get<Paragraph>(b.node).content); }
MetaValue number(std::string n) {
  MetaValue v;
  v.kind = MetaValue::Kind::Number;
  v.scalar = std::move(n);
  return v;
}
MetaValue list_of(std::vector<MetaValue> items) {
  MetaValue v;
  v.kind = MetaValue::Kind::List;
  v.list = std::move(items);
  return v;
}
MetaValue map_of(std::vector<std::pair<std::string, MetaValue>> items) {
  MetaValue v;
  v.kind = MetaValue::Kind::Map;
  v.map = std::move(items);
  return v;
}
Document expand(Document doc, Diagnostics& diags, bool allow_missing = false) {
  compose::FieldSettings s;
  s.allow_missing = allow_missing;
  MetaValue meta = doc.meta;
  compose::expand_fields(doc, {&meta}, s, diags);
  return doc;
}
std::string first_error(const Diagnostics& d) { return d.all().empty() ? "" : format(d.all()[0]); }
}  // namespace

TEST_CASE("formatters: dates by locale") {
  using compose::Locale;
  auto d = compose::parse_date("2020-06-02");
  REQUIRE(d);
  CHECK(compose::format_date(*d, "long", Locale::EnGB) == "2 June 2020");
  CHECK(compose::format_date(*d, "long", Locale::EnUS) == "June 2, 2020");
  CHECK(compose::format_date(*d, "long", Locale::Ko) == "2020년 6월 2일");
  CHECK(compose::format_date(*d, "long", Locale::De) == "2. Juni 2020");
  CHECK(compose::format_date(*d, "long", Locale::Fr) == "2 juin 2020");
  CHECK(compose::format_date(*compose::parse_date("2020-08-01"), "long", Locale::Fr) == "1er août 2020");
  CHECK(compose::format_date(*d, "long", Locale::Es) == "2 de junio de 2020");
  CHECK(compose::format_date(*d, "numeric", Locale::Fr) == "02/06/2020");
  CHECK(compose::format_date(*d, "numeric", Locale::EnGB) == "02/06/2020");
  CHECK(compose::format_date(*d, "numeric", Locale::EnUS) == "06/02/2020");
  CHECK(compose::format_date(*d, "iso", Locale::Ko) == "2020-06-02");
  CHECK(compose::parse_date("2024-02-29"));
  CHECK_FALSE(compose::parse_date("2023-02-29"));
  CHECK_FALSE(compose::parse_date("2020-13-45"));
  CHECK_FALSE(compose::parse_date("2020-6-2"));
  CHECK(compose::locale_from_tag("ko-KR") == Locale::Ko);
  CHECK(compose::locale_from_tag("en_GB") == Locale::EnGB);
  CHECK(compose::locale_from_tag("en") == Locale::EnUS);
  CHECK(compose::locale_from_tag("fr-CA") == Locale::Fr);
  CHECK(compose::locale_from_tag("es_MX") == Locale::Es);
}

TEST_CASE("formatters: money and numbers") {
  using compose::Locale;
  auto money = [](std::string v, std::string cur, Locale l = Locale::EnUS) {
    auto r = compose::apply_formatter("money", {cur}, v, false, l, "");
    return r.error.empty() ? r.text : "ERROR " + r.error;
  };
  CHECK(money("1234.5", "USD") == "$1,234.50");
  CHECK(money("1234500", "KRW", Locale::Ko) == "₩1,234,500");
  CHECK(money("1234.5", "EUR", Locale::De) == "1.234,50 €");
  CHECK(money("1234.5", "EUR", Locale::Fr) == "1\u202F234,50 €");
  CHECK(money("1234567.5", "EUR", Locale::Es) == "1.234.567,50 €");
  CHECK(compose::apply_formatter("money", {}, "5", false, Locale::Fr, "").text == "5,00 €");
  CHECK(money("1234.5", "GBP", Locale::EnGB) == "£1,234.50");
  CHECK(money("-0.004", "USD") == "$0.00");
  CHECK(money("999.995", "USD") == "$1,000.00");
  CHECK(money("1e999", "USD").starts_with("ERROR '1e999' is not a number"));
  CHECK(money("12", "XYZ").starts_with("ERROR unknown currency 'XYZ'"));
  // The currency from the locale when none is named.
  CHECK(compose::apply_formatter("money", {}, "5", false, Locale::Ko, "").text == "₩5");
  CHECK(compose::apply_formatter("money", {}, "5", false, Locale::EnUS, "EUR").text == "€5.00");
  CHECK(compose::apply_formatter("number", {"1"}, "1234567.25", false, Locale::EnUS, "").text == "1,234,567.3");
  CHECK(compose::apply_formatter("number", {}, "1234567.25", false, Locale::De, "").text == "1.234.567,25");
  CHECK_FALSE(compose::apply_formatter("number", {}, "12abc", false, Locale::De, "").error.empty());
}

TEST_CASE("formatters: case") {
  auto f = [](std::string name, std::string v) {
    return compose::apply_formatter(name, {}, v, false, compose::Locale::EnUS, "").text;
  };
  CHECK(f("upper", "kim min-ji, ärzte") == "KIM MIN-JI, ÄRZTE");
  CHECK(f("lower", "ÉCOLE Москва") == "école москва");
  CHECK(f("title", "ada LOVELACE-byron") == "Ada Lovelace-Byron");
  CHECK(f("upper", "김민지") == "김민지");
  CHECK_FALSE(compose::apply_formatter("shout", {}, "x", false, compose::Locale::EnUS, "").error.empty());
}

TEST_CASE("fields: formatters in text take the document's lang and currency") {
  Document doc;
  doc.meta.set("lang", MetaValue::string("en-GB"));
  doc.meta.set("date", MetaValue::string("2020-06-02"));
  doc.meta.set("amount", number("1234.5"));
  doc.meta.set("name", MetaValue::string("ada"));
  doc.blocks.push_back(
      para("{{ date | date }}; {{date | date \"ko\"}}; {{amount|money}}; {{ amount | money USD }}; "
           "{{name | title}} {{nick | default \"friend\" | upper}}"));
  Diagnostics diags;
  doc = expand(doc, diags);
  CHECK(first_error(diags) == "");
  CHECK(text_of(doc.blocks[0]) == "2 June 2020; 2020년 6월 2일; £1,234.50; $1,234.50; Ada FRIEND");
}

TEST_CASE("fields: invalid dates and numbers are errors at their position") {
  Document doc;
  doc.meta.set("date", MetaValue::string("2020-13-45"));
  doc.meta.set("amount", number("1e999"));
  doc.blocks.push_back(para("Dated {{date | date}}", 4));
  doc.blocks.push_back(para("Paid {{amount | money USD}}", 9));
  Diagnostics diags;
  expand(doc, diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(format(diags.all()[0]) == "a.md:4:1: error: field 'date': '2020-13-45' is not a date (YYYY-MM-DD)");
  CHECK(format(diags.all()[1]).starts_with("a.md:9:1: error: field 'amount': '1e999' is not a number"));
}

TEST_CASE("fields: sections repeat over lists, inverted sections show when empty") {
  Document doc;
  doc.meta.set("gifts", list_of({map_of({{"year", number("2019")}, {"amount", number("50")}}),
                                 map_of({{"year", number("2020")}, {"amount", number("75")}})}));
  doc.meta.set("tags", list_of({MetaValue::string("a"), MetaValue::string("b")}));
  doc.meta.set("none", list_of({}));
  doc.blocks.push_back(para("{{#gifts}}[{{year}}: {{amount | money USD}}]{{/gifts}}"));
  doc.blocks.push_back(para("{{#tags}}<{{.}}>{{/tags}}{{^none}} no more{{/none}}{{#none}}never{{/none}}"));
  Diagnostics diags;
  doc = expand(doc, diags);
  CHECK(first_error(diags) == "");
  CHECK(text_of(doc.blocks[0]) == "[2019: $50.00][2020: $75.00]");
  CHECK(text_of(doc.blocks[1]) == "<a><b> no more");
}

TEST_CASE("fields: a section spans emphasis and line breaks within a paragraph") {
  Document doc;
  doc.meta.set("vip", MetaValue::string("yes"));
  doc.meta.set("name", MetaValue::string("Kim"));
  Paragraph p;
  p.content = {Inline{Text{"Hello{{#vip}}, "}}, Inline{Strong{{Inline{Text{"dear {{name}}"}}}}}, Inline{SoftBreak{}},
               Inline{Text{"friend{{/vip}}!"}}};
  doc.blocks.push_back(Block{p, {}, {}});
  Diagnostics diags;
  doc = expand(doc, diags);
  CHECK(first_error(diags) == "");
  CHECK(text_of(doc.blocks[0]) == "Hello, dear Kim friend!");
  const auto& out = std::get<Paragraph>(doc.blocks[0].node).content;
  REQUIRE(out.size() == 4);
  CHECK(std::holds_alternative<Strong>(out[1].node));
}

TEST_CASE("fields: block sections repeat the blocks between tag paragraphs") {
  Document doc;
  doc.meta.set("cases",
               list_of({map_of({{"title", MetaValue::string("One")}}), map_of({{"title", MetaValue::string("Two")}})}));
  doc.blocks.push_back(para("Intro"));
  doc.blocks.push_back(para("{{#cases}}", 2));
  doc.blocks.push_back(Block{Heading{2, {Inline{Text{"Case {{title}}"}}}, ""}, {}, {}});
  doc.blocks.push_back(para("About {{title}}."));
  doc.blocks.push_back(para("{{/cases}}"));
  doc.blocks.push_back(para("{{^cases}}"));
  doc.blocks.push_back(para("No cases."));
  doc.blocks.push_back(para("{{/cases}}"));
  Diagnostics diags;
  doc = expand(doc, diags);
  CHECK(first_error(diags) == "");
  REQUIRE(doc.blocks.size() == 5);
  CHECK(plain_text(std::get<Heading>(doc.blocks[1].node).content) == "Case One");
  CHECK(text_of(doc.blocks[2]) == "About One.");
  CHECK(plain_text(std::get<Heading>(doc.blocks[3].node).content) == "Case Two");
  CHECK(text_of(doc.blocks[4]) == "About Two.");
}

TEST_CASE("fields: unbalanced sections and broken tags are errors at the block") {
  Diagnostics diags;
  Document a;
  a.blocks.push_back(para("{{#x}} open", 3));
  expand(a, diags);
  CHECK(first_error(diags).starts_with("a.md:3:1: error: section 'x' is not closed"));
  Diagnostics d2;
  Document b;
  b.blocks.push_back(para("{{/y}}", 5));
  b.blocks.push_back(para("text"));
  expand(b, d2);
  CHECK(first_error(d2).starts_with("a.md:5:1: error: '{{/y}}' closes no section"));
  Diagnostics d3;
  Document c;
  c.blocks.push_back(para("Dear {{name", 6));
  expand(c, d3);
  CHECK(first_error(d3) == "a.md:6:1: error: '{{' without a closing '}}'");
}

TEST_CASE("fields: values with newlines become line breaks and record values are never parsed") {
  Document doc;
  doc.meta.set("address", MetaValue::string("1 High St\nLondon"));
  doc.blocks.push_back(para("{{address}}|{{evil}}"));
  MetaValue record = map_of({{"evil", MetaValue::string("{{#address}}*x*{{/address}}")}});
  Diagnostics diags;
  doc = compose::merge_record(doc, record, 1, {}, diags);
  CHECK(first_error(diags) == "");
  const auto& out = std::get<Paragraph>(doc.blocks[0].node).content;
  REQUIRE(out.size() == 3);
  CHECK(std::holds_alternative<LineBreak>(out[1].node));
  CHECK(std::get<Text>(out[2].node).text == "London|{{#address}}*x*{{/address}}");
}

TEST_CASE("fields: output is bounded") {
  Document doc;
  std::vector<MetaValue> many(1000, MetaValue::string("x"));
  doc.meta.set("l", list_of(many));
  doc.blocks.push_back(para("{{#l}}{{#l}}{{#l}}0123456789{{/l}}{{/l}}{{/l}}"));
  Diagnostics diags;
  compose::FieldSettings s;
  s.max_output = 1 << 20;
  MetaValue meta = doc.meta;
  compose::expand_fields(doc, {&meta}, s, diags);
  CHECK(first_error(diags) == "a.md:1:1: error: fields expand to more than 1 MB");
}

TEST_CASE("merge_record: record columns on top of metadata, {{n}} the record number") {
  Document doc;
  doc.meta.set("org", MetaValue::string("Friends of the Library"));
  doc.meta.set("name", MetaValue::string("meta name"));
  doc.blocks.push_back(para("{{n}}. Dear {{name}}, from {{org}}: {{amount | money USD}}"));
  MetaValue record = map_of({{"name", MetaValue::string("{{org}} Kim")}, {"amount", MetaValue::string("1500")}});
  compose::ComposeOptions options;
  Diagnostics diags;
  auto out = compose::merge_record(doc, record, 7, options, diags);
  CHECK(first_error(diags) == "");
  CHECK(text_of(out.blocks[0]) == "7. Dear {{org}} Kim, from Friends of the Library: $1,500.00");
  Diagnostics missing;
  compose::merge_record(doc, map_of({{"name", MetaValue::string("x")}}), 1, options, missing);
  CHECK(first_error(missing).starts_with("a.md:1:1: error: field 'amount' has no value"));
}

TEST_CASE("merge_follows: the template stage leaves record fields in place") {
  Document doc;
  doc.blocks.push_back(para("Dear {{name}}"));
  compose::ComposeOptions options;
  options.merge_follows = true;
  compose::Composer composer(options);
  Diagnostics diags;
  auto out = composer.add(doc, diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(out.size() == 1);
  CHECK(text_of(out[0].blocks[0]) == "Dear {{name}}");
}

TEST_CASE("fields: curly quotes from Markdown's smart punctuation read as straight quotes") {
  Document doc;
  doc.meta.set("date", MetaValue::string("2020-06-02"));
  doc.blocks.push_back(para("{{ date | date \u201clong\u201d }}"));
  Diagnostics diags;
  doc = expand(doc, diags);
  CHECK(first_error(diags) == "");
  CHECK(text_of(doc.blocks[0]).find("2020") != std::string::npos);
  CHECK(text_of(doc.blocks[0]).find("June") != std::string::npos);
}
