#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "quire/validate/document_schema.hpp"
#include "quire/validate/schema.hpp"
#include "quire/yaml/document_yaml.hpp"

using namespace quire;
using namespace quire::model;

namespace {

MetaValue value(const std::string& yaml, const std::string& file = "data.yaml") {
  Diagnostics diags;
  MetaValue v = yaml::read_value(yaml, file, 1, diags);
  REQUIRE_MESSAGE(!diags.has_errors(), format(diags.all().front()));
  return v;
}

std::vector<std::string> problems(const std::string& schema, const std::string& data) {
  validate::Schema s(value(schema, "schema.yaml"));
  Diagnostics diags;
  s.check(value(data), diags);
  std::vector<std::string> out;
  for (const auto& d : diags.all()) out.push_back(format(d));
  return out;
}

const char* kDonor = R"(
type: object
required: [name, amount]
properties:
  name: {type: string, minLength: 1}
  amount: {type: number, minimum: 0}
  email: {type: string, format: email}
  since: {type: string, format: date}
  country: {enum: [KR, US, DE]}
  zip: {type: string, pattern: "^[0-9]{5}$"}
additionalProperties: false
)";

}  // namespace

TEST_CASE("schema: a valid record has no problems") {
  CHECK(problems(kDonor, "{name: Kim, amount: 12.5, email: kim@example.org, since: 2024-02-29, zip: '04524'}").empty());
}

TEST_CASE("schema: each problem at its node, with the JSON pointer and a readable message") {
  auto m = problems(kDonor,
                    "name: Kim\n"
                    "amount: '12,5'\n"
                    "email: kim.example.org\n"
                    "since: 2023-02-29\n"
                    "country: FR\n"
                    "zip: '4524'\n"
                    "amuont: 3\n");
  REQUIRE(m.size() == 6);
  CHECK(m[0] == "data.yaml:2:9: error: /amount: \"12,5\" is not a number");
  CHECK(m[1] == "data.yaml:3:8: error: /email: \"kim.example.org\" is not a valid email address");
  CHECK(m[2] == "data.yaml:4:8: error: /since: \"2023-02-29\" is not a valid date (YYYY-MM-DD)");
  CHECK(m[3] == "data.yaml:5:10: error: /country: \"FR\" is not one of the allowed values (\"KR\", \"US\", \"DE\")");
  CHECK(m[4] == "data.yaml:6:6: error: /zip: \"4524\" does not match the pattern \"^[0-9]{5}$\"");
  CHECK(m[5] == "data.yaml:7:9: error: /amuont: unknown property \"amuont\"\n  hint: did you mean \"amount\"?");
}

TEST_CASE("schema: missing properties are reported at the record") {
  auto m = problems(kDonor, "{name: ''}");
  REQUIRE(m.size() == 2);
  CHECK(m[0] == "data.yaml:1:1: error: /: missing required property \"amount\"");
  CHECK(m[1] == "data.yaml:1:8: error: /name: \"\" is shorter than 1 characters");
}

TEST_CASE("schema: $ref within the file, draft-04 by $schema, types are strict") {
  const char* schema = R"({"$schema": "http://json-schema.org/draft-04/schema#",
    "definitions": {"positive": {"type": "integer", "minimum": 1}},
    "type": "array", "items": {"$ref": "#/definitions/positive"}})";
  CHECK(problems(schema, "[1, 2, 3]").empty());
  auto m = problems(schema, "[1, '2', 0, 1.5]");
  REQUIRE(m.size() == 3);
  CHECK(m[0] == "data.yaml:1:5: error: /1: \"2\" is not an integer");
  CHECK(m[1] == "data.yaml:1:10: error: /2: 0 is less than the minimum 1");
  CHECK(m[2] == "data.yaml:1:13: error: /3: 1.5 is not an integer");
}

TEST_CASE("schema: a schema valijson refuses is an input error") {
  CHECK_THROWS_AS(validate::Schema(value("{type: object, properties: 3}")), Error);
}

TEST_CASE("schema: formats") {
  CHECK(validate::is_valid_date("2024-02-29"));
  CHECK_FALSE(validate::is_valid_date("2023-02-29"));
  CHECK_FALSE(validate::is_valid_date("2023-04-31"));
  CHECK_FALSE(validate::is_valid_date("23-04-01"));
  CHECK(validate::is_valid_email("kim.min-ji+donor@example.org"));
  CHECK(validate::is_valid_email("\"joe bloggs\"@example.com"));
  CHECK_FALSE(validate::is_valid_email("te..st@example.com"));
  CHECK_FALSE(validate::is_valid_email(".test@example.com"));
  CHECK_FALSE(validate::is_valid_email("kim@"));
  CHECK_FALSE(validate::is_valid_email("2962"));
}

TEST_CASE("document schema: the canonical example of docs/format.md passes, broken blocks fail at their node") {
  std::ifstream in(std::string(QUIRE_SOURCE_DIR) + "/docs/format.md");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto start = text.find("```yaml\n---\n");
  REQUIRE(start != std::string::npos);
  start += 12;
  std::string example = text.substr(start, text.find("```", start) - start);
  Diagnostics diags;
  CHECK(validate::document_schema().check(value(example), diags) == 0);

  auto m = [](const std::string& yaml) {
    Diagnostics found;
    validate::document_schema().check(value(yaml, "doc.yaml"), found);
    std::vector<std::string> out;
    for (const auto& d : found.all()) out.push_back(format(d));
    return out;
  };
  auto bad = m("quire: 1\nblocks:\n  - heading: X\n    level: 9\n  - paragraph: [a, {emf: b}]\n  - headng: x\n");
  REQUIRE(bad.size() == 3);
  CHECK(bad[0] == "doc.yaml:4:12: error: /blocks/0/level: 9 is more than the maximum 6");
  CHECK(bad[1] == "doc.yaml:5:26: error: /blocks/1/paragraph/1/emf: unknown property \"emf\"");
  CHECK(bad[2] == "doc.yaml:6:13: error: /blocks/2/headng: unknown property \"headng\"");
}

TEST_CASE("document schema: divs, nested, with odd attribute values; wrong shapes fail at their node") {
  auto m = [](const std::string& yaml) {
    Diagnostics found;
    validate::document_schema().check(value(yaml, "doc.yaml"), found);
    std::vector<std::string> out;
    for (const auto& d : found.all()) out.push_back(format(d));
    return out;
  };
  CHECK(m("quire: 1\nblocks:\n  - div:\n      - div: []\n        classes: [note]\n    id: a\n"
          "    classes: [internal, \"x y\"]\n    attributes:\n      audience: internal board\n      n: 007\n"
          "      \"odd key\": \"a: b\"\n    pos: r.md:1:1\n")
            .empty());
  auto bad = m("quire: 1\nblocks:\n  - div: []\n    classes: a\n  - div: []\n    attributes: {a: [1]}\n");
  REQUIRE(bad.size() >= 2);
  CHECK(bad[0].starts_with("doc.yaml:4:14: error: /blocks/0/classes"));
  CHECK(bad.back().starts_with("doc.yaml:6:21: error: /blocks/1/attributes/a"));
}

TEST_CASE("schema: --coerce makes finite numbers of CSV text and leaves 1e999 as text") {
  validate::Schema s(value("type: object\nproperties:\n  amount: {type: number}\n  n: {type: integer}\n"));
  MetaValue record = value("{amount: '12.5', n: '1e999'}");
  s.coerce(record);
  CHECK(record.find("amount")->kind == MetaValue::Kind::Number);
  CHECK(record.find("n")->kind == MetaValue::Kind::String);
  Diagnostics diags;
  s.check(record, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].message.find("\"1e999\"") != std::string::npos);
}
