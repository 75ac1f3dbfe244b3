#include <doctest/doctest.h>

#include "quire/model/document.hpp"

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
  Block b{Heading{2, in, "id"}, {}};
  CHECK(std::string(kind_name(b)) == "heading");
}
