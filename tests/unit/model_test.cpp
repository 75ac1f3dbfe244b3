#include <doctest/doctest.h>

#include "quire/model/document.hpp"
#include "quire/model/utf8.hpp"

using namespace quire::model;

TEST_CASE("source positions print and parse as FILE:LINE:COL") {
  SourcePos pos{"letter.md", 12, 3};
  CHECK(to_string(pos) == "letter.md:12:3");
  SourcePos back;
  REQUIRE(parse_pos("letter.md:12:3", back));
  CHECK(back == pos);
  REQUIRE(parse_pos("C:dir/a.md:4", back));
  CHECK(back.file == "C:dir/a.md");
  CHECK(back.line == 4);
  CHECK(back.col == 0);
  CHECK_FALSE(parse_pos(":3:4", back));
}

TEST_CASE("metadata maps keep order and follow dotted paths") {
  MetaValue meta;
  MetaValue recipient;
  recipient.set("name", MetaValue::string("김민지"));
  meta.set("title", MetaValue::string("Letter"));
  meta.set("recipient", recipient);
  REQUIRE(meta.kind == MetaValue::Kind::Map);
  CHECK(meta.map.front().first == "title");
  REQUIRE(meta.find_path("recipient.name"));
  CHECK(meta.find_path("recipient.name")->as_text() == "김민지");
  CHECK(meta.find_path("recipient.age") == nullptr);
  meta.set("title", MetaValue::string("Other"));
  CHECK(meta.map.size() == 2);
  CHECK(meta.find("title")->scalar == "Other");
}

TEST_CASE("plain text flattens inline markup") {
  Inlines in{{Text{"Dear "}}, {Strong{{{Text{"friends"}}}}}, {SoftBreak{}}, {Code{"x"}}};
  CHECK(plain_text(in) == "Dear friends x");
  Block b;
  b.node = Heading{2, in, "id"};
  CHECK(std::string(kind_name(b)) == "heading");
}

TEST_CASE("UTF-8: one decoder for every stage, strict about malformed input") {
  char32_t cp = 0;
  CHECK(quire::decode_utf8("A", 0, cp) == 1);
  CHECK(cp == U'A');
  CHECK(quire::decode_utf8("\xED\x95\x9C", 0, cp) == 3);  // 한
  CHECK(cp == U'\uD55C');
  CHECK(quire::decode_utf8("\xF0\x9F\x99\x82", 0, cp) == 4);
  CHECK(cp == U'\U0001F642');
  cp = 0;
  CHECK(quire::decode_utf8("\xC0\xAF", 0, cp) == 0);          // overlong "/"
  CHECK(quire::decode_utf8("\xED\xA0\x80", 0, cp) == 0);      // a surrogate
  CHECK(quire::decode_utf8("\xF4\x90\x80\x80", 0, cp) == 0);  // past U+10FFFF
  CHECK(quire::decode_utf8("\xE2\x82", 0, cp) == 0);          // cut short
  CHECK(quire::decode_utf8("\x80", 0, cp) == 0);              // a stray continuation byte
  CHECK(cp == 0);

  std::string_view mixed = "a\xFF\xED\x95\x9C";
  std::size_t i = 0;
  CHECK(quire::next_char(mixed, i) == U'a');
  CHECK(quire::next_char(mixed, i) == U'\uFFFD');
  CHECK(i == 2);
  CHECK(quire::next_char(mixed, i) == U'\uD55C');
  CHECK(i == mixed.size());
  CHECK(quire::invalid_utf8_at(mixed) == 1);
  CHECK(quire::invalid_utf8_at("plain 한글") == std::string_view::npos);

  std::string out;
  quire::append_utf8(out, U'\uD55C');
  quire::append_utf8(out, U'\U0001F642');
  CHECK(out == "\xED\x95\x9C\xF0\x9F\x99\x82");
}
