#include <doctest/doctest.h>

#include "quire/compose/compose.hpp"
#include "quire/validate/check.hpp"

using namespace quire;
using namespace quire::model;

namespace {
Block para(std::string text, int line = 1) {
  return Block{Paragraph{{Inline{Text{std::move(text)}}}}, SourcePos{"a.md", line, 1}, {}};
}
std::string para_text(const Block& b) { return plain_text(std::get<Paragraph>(b.node).content); }
}  // namespace

TEST_CASE("fields are filled from metadata and --set") {
  Document doc;
  doc.meta.set("year", MetaValue::string("2026"));
  doc.blocks.push_back(para("Report {{meta.year}} for {{ meta.donor.name }}."));
  compose::ComposeOptions options;
  options.set.push_back(compose::parse_assignment("donor.name=김민지"));
  compose::Composer composer(options);
  Diagnostics diags;
  auto out = composer.add(doc, diags);
  REQUIRE(out.size() == 1);
  CHECK_FALSE(diags.has_errors());
  CHECK(para_text(out[0].blocks[0]) == "Report 2026 for 김민지.");
  CHECK(out[0].meta.find_path("donor.name")->scalar == "김민지");
}

TEST_CASE("a missing field is an error at the block, or empty when allowed") {
  Document doc;
  doc.blocks.push_back(para("Dear {{meta.name}},", 7));
  Diagnostics diags;
  compose::fill_fields(doc, doc.meta, false, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(format(diags.all()[0]).starts_with("a.md:7:1: error: field 'meta.name' has no value"));
  Diagnostics lenient;
  compose::fill_fields(doc, doc.meta, true, lenient);
  CHECK_FALSE(lenient.has_errors());
  CHECK(para_text(doc.blocks[0]) == "Dear ,");
}

TEST_CASE("field values are inserted as text, never expanded again") {
  Document doc;
  doc.meta.set("a", MetaValue::string("{{meta.a}} *b*"));
  doc.blocks.push_back(para("{{meta.a}}"));
  Diagnostics diags;
  compose::fill_fields(doc, MetaValue(doc.meta), false, diags);
  // Metadata strings are expanded once first (a's own field takes a's written value), then the body
  // takes the expanded value: nothing is expanded twice.
  CHECK(doc.meta.find("a")->scalar == "{{meta.a}} *b* *b*");
  CHECK(para_text(doc.blocks[0]) == "{{meta.a}} *b* *b*");
}

TEST_CASE("join concatenates chapters, keeps the first metadata, renames clashing footnotes") {
  auto chapter = [](const std::string& title, const std::string& note) {
    Document d;
    d.meta.set("title", MetaValue::string(title));
    d.blocks.push_back(Block{Paragraph{{Inline{Text{title}}, Inline{FootnoteRef{"1"}}}}, {}, {}});
    d.blocks.push_back(Block{FootnoteDef{"1", {Block{Paragraph{{Inline{Text{note}}}}, {}, {}}}}, {}, {}});
    return d;
  };
  compose::ComposeOptions options;
  options.join = true;
  compose::Composer composer(options);
  Diagnostics diags;
  CHECK(composer.add(chapter("One", "first note"), diags).empty());
  CHECK(composer.add(chapter("Two", "second note"), diags).empty());
  auto out = composer.finish(diags);
  REQUIRE(out.size() == 1);
  CHECK(out[0].meta.find("title")->scalar == "One");
  REQUIRE(out[0].blocks.size() == 4);
  CHECK(std::get<FootnoteDef>(out[0].blocks[3].node).label == "1-2");
  auto& ref = std::get<FootnoteRef>(std::get<Paragraph>(out[0].blocks[2].node).content[1].node);
  CHECK(ref.label == "1-2");
  validate::check_document(out[0], diags);
  CHECK_FALSE(diags.has_errors());
}

TEST_CASE("--set needs KEY=VALUE") {
  CHECK_THROWS_AS(compose::parse_assignment("novalue"), Error);
  CHECK(compose::parse_assignment("draft=true").second.kind == MetaValue::Kind::Bool);
}
