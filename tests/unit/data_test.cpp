#include <doctest/doctest.h>

#include <sstream>

#include "quire/data/records.hpp"

using namespace quire;
using namespace quire::model;

namespace {

struct Read {
  std::vector<data::Record> records;
  Diagnostics diags;
  std::string error;  // the message of an Error that stopped the reading, with its position
};

Read read_all(const std::string& text, data::Format format, const std::string& name = "d.csv") {
  std::istringstream in(text);
  auto reader = data::open_records(in, name, format);
  Read r;
  try {
    while (auto rec = reader->next(r.diags)) r.records.push_back(std::move(*rec));
  } catch (const Error& e) {
    r.error = to_string(e.pos()) + ": " + e.what();
  }
  return r;
}

std::string value(const data::Record& r, std::string_view path) {
  const MetaValue* v = r.values.find_path(path);
  return v ? v->scalar : "<none>";
}

std::string first_error(const Diagnostics& diags) {
  for (const auto& d : diags.all())
    if (d.severity == Severity::Error) return to_string(d.pos) + ": " + d.message;
  return {};
}

}  // namespace

TEST_CASE("csv: header, quoting, embedded newlines, doubled quotes") {
  auto r = read_all(
      "name,amount,address\n"
      "Kim Min-ji,\"1,000\",\"12 Sejong-daero\nSeoul\"\n"
      "\"O'Brien, \"\"Pat\"\"\",50,Dublin\n",
      data::Format::Csv);
  CHECK(r.error.empty());
  CHECK_FALSE(r.diags.has_errors());
  REQUIRE(r.records.size() == 2);
  CHECK(value(r.records[0], "name") == "Kim Min-ji");
  CHECK(value(r.records[0], "amount") == "1,000");
  CHECK(value(r.records[0], "address") == "12 Sejong-daero\nSeoul");
  CHECK(r.records[0].pos.line == 2);
  CHECK(r.records[0].number == 1);
  // The second record starts on line 4: the first spans two lines.
  CHECK(r.records[1].pos.line == 4);
  CHECK(r.records[1].number == 2);
  CHECK(value(r.records[1], "name") == "O'Brien, \"Pat\"");
  CHECK(r.records[1].values.find("amount")->kind == MetaValue::Kind::String);
}

TEST_CASE("csv: BOM, CRLF, blank lines, no final newline, Korean") {
  auto r = read_all("\xEF\xBB\xBFname,note\r\n한지원,\"a\r\nb\"\r\n\r\nLee,\"\"", data::Format::Csv);
  CHECK(r.error.empty());
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].values.map[0].first == "name");  // the BOM is not part of the first name
  CHECK(value(r.records[0], "name") == "한지원");
  CHECK(value(r.records[0], "note") == "a\nb");  // CRLF inside a field becomes LF
  CHECK(value(r.records[1], "note") == "");
  CHECK(r.records[1].pos.line == 5);
}

TEST_CASE("csv: numbers stay text, dotted columns nest") {
  auto r = read_all("id,gift.amount,gift.year\n007,1e999,2026\n", data::Format::Csv);
  REQUIRE(r.records.size() == 1);
  CHECK(value(r.records[0], "id") == "007");
  CHECK(value(r.records[0], "gift.amount") == "1e999");
  CHECK(r.records[0].values.find_path("gift.year")->kind == MetaValue::Kind::String);
}

TEST_CASE("csv: a ragged row is an error at its line, and reading goes on") {
  auto r = read_all("a,b\n1,2\n1,2,3\n4\n5,6\n", data::Format::Csv);
  CHECK(r.error.empty());
  REQUIRE(r.records.size() == 4);
  REQUIRE(r.diags.error_count() == 2);
  CHECK(format(r.diags.all()[0]).starts_with("d.csv:3: error: record 2 has 3 fields, the header has 2"));
  CHECK(format(r.diags.all()[1]).starts_with("d.csv:4: error: record 3 has 1 field, the header has 2"));
  CHECK(value(r.records[3], "b") == "6");
}

TEST_CASE("csv: an unterminated quote stops the reading at the quote") {
  auto r = read_all("a,b\n1,2\n3,\"open\n4,5\n", data::Format::Csv);
  CHECK(r.records.size() == 1);
  CHECK(r.error == "d.csv:3:3: unterminated quoted field (the quote opened here is never closed)");
}

TEST_CASE("csv: stray quotes are errors with their column") {
  auto r = read_all("a,b\nab\"c,1\n\"x\"y,2\n", data::Format::Csv);
  REQUIRE(r.diags.error_count() == 2);
  CHECK(first_error(r.diags) == "d.csv:2:3: a quote inside an unquoted field");
  CHECK(to_string(r.diags.all()[1].pos) == "d.csv:3:4");
  CHECK(r.records.size() == 2);
}

TEST_CASE("csv: duplicate, empty and clashing header names are errors") {
  CHECK(read_all("name,amount,name\n1,2,3\n", data::Format::Csv).error ==
        "d.csv:1:13: duplicate column name 'name' (also column 1)");
  CHECK(read_all("name,,amount\n", data::Format::Csv).error == "d.csv:1:6: column 2 has no name in the header");
  CHECK(read_all("a,a.b\n", data::Format::Csv).error.starts_with("d.csv:1:3: column 'a.b' nests inside column 'a'"));
  CHECK(read_all("a.b,a\n", data::Format::Csv).error.starts_with("d.csv:1:5: column 'a' holds a value"));
  CHECK(read_all("", data::Format::Csv).records.empty());
}

TEST_CASE("csv: invalid UTF-8 is an error at the field") {
  auto r = read_all("a,b\nok,caf\xE9\n", data::Format::Csv);
  REQUIRE(r.diags.error_count() == 1);
  CHECK(first_error(r.diags).starts_with("d.csv:2:4: field 2 is not valid UTF-8"));
}

TEST_CASE("tsv: tabs separate, quotes work the same") {
  auto r = read_all("name\tcity\nKim\t\"Seoul\tKR\"\n", data::Format::Tsv, "d.tsv");
  REQUIRE(r.records.size() == 1);
  CHECK(value(r.records[0], "city") == "Seoul\tKR");
}

TEST_CASE("json: an array of objects, typed values, positions") {
  auto r = read_all(
      "[\n"
      "  {\"name\": \"Kim \\\"MJ\\\"\", \"amount\": 1000, \"member\": true, \"note\": null,\n"
      "   \"recipient\": {\"id\": \"r-1\"}, \"tags\": [\"a\", \"b\"]},\n"
      "  {\"name\": \"\\uD55C\\uc9c0\\uC6D0 \\ud83d\\ude00\", \"amount\": -1.5e3}\n"
      "]\n",
      data::Format::Json, "d.json");
  CHECK(r.error.empty());
  CHECK_FALSE(r.diags.has_errors());
  REQUIRE(r.records.size() == 2);
  CHECK(value(r.records[0], "name") == "Kim \"MJ\"");
  CHECK(r.records[0].values.find("amount")->kind == MetaValue::Kind::Number);
  CHECK(value(r.records[0], "amount") == "1000");
  CHECK(r.records[0].values.find("member")->kind == MetaValue::Kind::Bool);
  CHECK(r.records[0].values.find("note")->kind == MetaValue::Kind::Null);
  CHECK(value(r.records[0], "recipient.id") == "r-1");
  CHECK(r.records[0].values.find("tags")->list.size() == 2);
  CHECK(to_string(r.records[0].pos) == "d.json:2:3");
  CHECK(value(r.records[1], "name") == "한지원 😀");
  CHECK(value(r.records[1], "amount") == "-1.5e3");
  CHECK(r.records[1].pos.line == 4);
}

TEST_CASE("json: 1e999 is an error at the number, reading goes on") {
  auto r = read_all("[{\"a\": 1},\n {\"a\": 1e999},\n {\"a\": 3}]", data::Format::Json, "d.json");
  CHECK(r.error.empty());
  CHECK(r.records.size() == 3);
  CHECK(first_error(r.diags) == "d.json:2:8: number 1e999 is out of range");
}

TEST_CASE("json: syntax errors stop with their position") {
  auto err = [](const std::string& text) { return read_all(text, data::Format::Json, "d.json").error; };
  CHECK(err("{\"a\": 1}") == "d.json:1:1: expected a JSON array of objects ('[') but found '{'");
  CHECK(err("[{\"a\": 1} {\"a\": 2}]") == "d.json:1:11: expected ',' or ']' after record 1 but found '{'");
  CHECK(err("[{\"a\": 01}]") == "d.json:1:8: a number must not start with 0");
  CHECK(err("[{\"a\": \"x\n\"}]") == "d.json:1:8: unterminated string (the quote opened here is never closed)");
  CHECK(err("[{\"a\": tru}]") == "d.json:1:8: expected true, false or null but found 'tru'");
  CHECK(err("[{\"a\": 1}] x") == "d.json:1:12: text after the end of the array: 'x'");
  CHECK(err("[{\"a\": \"\\ud800x\"}]").starts_with("d.json:1:9: a high surrogate"));
  CHECK(err("[{\"a\": 1,}]") == "d.json:1:10: expected a key in quotes but found '}'");
  CHECK(err(std::string(300, '[')).find("nested more than 200 deep") != std::string::npos);
  CHECK(err("[").starts_with("d.json:1:2: expected a value but found the end of the file"));
}

TEST_CASE("json: a record that is not an object, a duplicate key") {
  auto r = read_all("[{\"a\": 1, \"a\": 2}, 5, []]", data::Format::Json, "d.json");
  CHECK(r.records.size() == 3);
  REQUIRE(r.diags.error_count() == 3);
  CHECK(format(r.diags.all()[0]).starts_with("d.json:1:11: error: duplicate key 'a' in record 1"));
  CHECK(format(r.diags.all()[1]).starts_with("d.json:1:20: error: record 2 is a number, not an object"));
  CHECK(format(r.diags.all()[2]).starts_with("d.json:1:23: error: record 3 is an array, not an object"));
  CHECK(read_all("[]", data::Format::Json, "d.json").records.empty());
}

TEST_CASE("yaml: a list of maps, one record per item, with lines") {
  auto r = read_all(
      "# donors\n"
      "- name: Kim\n"
      "  amount: 1000\n"
      "  address: |\n"
      "    12 Sejong-daero\n"
      "    Seoul\n"
      "\n"
      "-   name: \"Lee, Pat\"\n"
      "    tags: [a, b]\n"
      "- {name: Park}\n",
      data::Format::Yaml, "d.yaml");
  CHECK(r.error.empty());
  CHECK_FALSE(r.diags.has_errors());
  REQUIRE(r.records.size() == 3);
  CHECK(value(r.records[0], "name") == "Kim");
  CHECK(r.records[0].values.find("amount")->kind == MetaValue::Kind::Number);
  CHECK(value(r.records[0], "address") == "12 Sejong-daero\nSeoul\n");
  CHECK(r.records[0].pos.line == 2);
  CHECK(value(r.records[1], "name") == "Lee, Pat");
  CHECK(r.records[1].pos.line == 8);
  CHECK(r.records[1].values.find("name")->pos.line == 8);
  CHECK(value(r.records[2], "name") == "Park");
}

TEST_CASE("yaml: a stream of maps, one per document") {
  auto r = read_all("---\nname: Kim\nyear: 2026\n---\nname: Lee\n...\n--- # third\nname: Park\n", data::Format::Yaml,
                    "d.yaml");
  CHECK(r.error.empty());
  REQUIRE(r.records.size() == 3);
  CHECK(value(r.records[1], "name") == "Lee");
  CHECK(r.records[1].pos.line == 5);
  CHECK(r.records[2].pos.line == 8);
}

TEST_CASE("yaml: problems are per record, with positions") {
  auto r = read_all("- name: Kim\n- just text\n- name: [unclosed\n- name: Park\n", data::Format::Yaml, "d.yaml");
  CHECK(r.error.empty());
  REQUIRE(r.records.size() == 4);
  CHECK(r.diags.error_count() >= 2);
  CHECK(format(r.diags.all()[0]).starts_with("d.yaml:2:3: error: record 2 must be a map"));
  CHECK(r.diags.all()[1].pos.line == 3);
  CHECK(value(r.records[3], "name") == "Park");
  CHECK(read_all("- a: 1\nb: 2\n", data::Format::Yaml, "d.yaml").error.starts_with("d.yaml:2:1: expected '- '"));
}

TEST_CASE("formats from names and extensions") {
  CHECK(data::format_for_path("donors.CSV") == data::Format::Csv);
  CHECK(data::format_for_path("a/b.yml") == data::Format::Yaml);
  CHECK(data::format_for_path("x.json") == data::Format::Json);
  CHECK_THROWS_AS(data::format_for_path("donors"), Error);
  CHECK_THROWS_AS(data::format_for_path("a.d/donors"), Error);
  CHECK_THROWS_AS(data::format_for_path("donors.xlsx"), Error);
  CHECK(data::parse_format("TSV") == data::Format::Tsv);
}

TEST_CASE("record ranges") {
  auto r = data::parse_range("101-200");
  CHECK(r.first == 101);
  CHECK(r.last == 200);
  CHECK(r.contains(101));
  CHECK(r.contains(200));
  CHECK_FALSE(r.contains(201));
  CHECK(r.past(201));
  CHECK(data::parse_range("5-").last == INT_MAX);
  CHECK(data::parse_range("-5").first == 1);
  CHECK(data::parse_range("7").last == 7);
  for (const char* bad : {"", "-", "0-5", "5-4", "a-b", "1-2-3", "1 - 2", "99999999999"})
    CHECK_THROWS_AS(data::parse_range(bad), Error);
}

TEST_CASE("record filters") {
  auto f = data::parse_filter("country == \"KR\"");
  MetaValue rec;
  rec.set("country", MetaValue::string("KR"));
  CHECK(f.matches(rec));
  CHECK_FALSE(data::parse_filter("country != 'KR'").matches(rec));
  CHECK(data::parse_filter("country!=US").matches(rec));
  CHECK_FALSE(data::parse_filter("city == Seoul").matches(rec));
  CHECK_THROWS_AS(data::parse_filter("country = KR"), Error);
  CHECK_THROWS_AS(data::parse_filter("== KR"), Error);
  CHECK_THROWS_AS(data::parse_filter("country == South Korea"), Error);
}
