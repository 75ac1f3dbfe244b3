#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "quire/json/json.hpp"

using namespace quire;

namespace {

// Writes every event as "kind@line:col value" on its own line.
struct Log : json::Handler {
  std::string out;
  void put(const std::string& what, const SourcePos& at) {
    out += what + "@" + std::to_string(at.line) + ":" + std::to_string(at.col) + "\n";
  }
  void null(const SourcePos& at) override { put("null", at); }
  void boolean(bool b, const SourcePos& at) override { put(b ? "true" : "false", at); }
  void number(std::string_view t, const SourcePos& at) override { put("number " + std::string(t), at); }
  void string(std::string_view s, const SourcePos& at) override { put("string " + std::string(s), at); }
  void key(std::string_view k, const SourcePos& at) override { put("key " + std::string(k), at); }
  void start_object(const SourcePos& at) override { put("{", at); }
  void end_object() override { out += "}\n"; }
  void start_array(const SourcePos& at) override { put("[", at); }
  void end_array() override { out += "]\n"; }
};

std::string events(const std::string& text, json::Limits limits = {}) {
  std::istringstream in(text);
  json::Input input(in, "t.json", limits);
  Log log;
  json::read_document(input, log);
  return log.out;
}

std::string error(const std::string& text, json::Limits limits = {}) {
  try {
    events(text, limits);
  } catch (const Error& e) {
    return to_string(e.pos()) + ": " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("json: events come with the line and column where each token starts") {
  CHECK(events("\xEF\xBB\xBF{\"a\": [1, -2.5e3, true],\r\n \"b\": {\"c\": null, \"d\": \"\\u00e9\\ud83d\\ude00\"}}") ==
        "{@1:1\nkey a@1:2\n[@1:7\nnumber 1@1:8\nnumber -2.5e3@1:11\ntrue@1:19\n]\n"
        "key b@2:2\n{@2:7\nkey c@2:8\nnull@2:13\nkey d@2:19\nstring \u00e9\U0001F600@2:24\n}\n}\n");
  // A lone CR ends a line too.
  CHECK(events("[\r1]") == "[@1:1\nnumber 1@2:1\n]\n");
}

TEST_CASE("json: syntax errors name what was found, at its position") {
  CHECK(error("[1, 2") == "t.json:1:6: expected ',' or ']' in an array but found the end of the file");
  CHECK(error("{\"a\" 1}") == "t.json:1:6: expected ':' after key \"a\" but found '1'");
  CHECK(error("[01]") == "t.json:1:2: a number must not start with 0");
  CHECK(error("[1.]") == "t.json:1:4: expected a digit in a number but found ']'");
  CHECK(error("[nul]") == "t.json:1:2: expected true, false or null but found 'nul'");
  CHECK(error("[\"a\\x\"]") == "t.json:1:4: unknown escape \\x in a string");
  CHECK(error("[\"a\tb\"]") == "t.json:1:4: a control character in a string must be escaped (byte 0x09)");
  CHECK(error("[\"\\ud800\"]") == "t.json:1:3: a high surrogate (\\uD800) must be followed by a low one");
  CHECK(error("[\"\\u12g4\"]") == "t.json:1:3: expected four hex digits after \\u");
  CHECK(error("[1] 2") == "t.json:1:5: text after the end of the JSON value: '2'");
  CHECK(error("") == "t.json:1:1: expected a value but found the end of the file");
  CHECK(error(std::string("[\"a\0b\"]", 7)) ==
        "t.json:1:4: a control character in a string must be escaped (byte 0x00)");
  CHECK(error("[\"\\u0000\"]") == "t.json:1:2: a NUL character (\\u0000) in a string");
  CHECK(error("[\"\\udc00\"]") == "t.json:1:2: a lone surrogate (\\uD800–\\uDFFF) in a string");
}

TEST_CASE("json: limits on depth and string size; bad UTF-8 and huge numbers") {
  json::Limits limits{3, 8};
  CHECK(events("[[[]]]", limits) == "[@1:1\n[@1:2\n[@1:3\n]\n]\n]\n");
  CHECK(error("[[[[]]]]", limits) == "t.json:1:4: values are nested more than 3 deep");
  CHECK(error("[{\"a\": {\"b\": {}}}]", limits) == "t.json:1:14: values are nested more than 3 deep");
  CHECK(error(std::string(1'000'000, '['), limits) == "t.json:1:4: values are nested more than 3 deep");
  CHECK(events("[\"1234\\\"78\"]", limits) == "[@1:1\nstring 1234\"78@1:2\n]\n");
  CHECK(events("[\"12345678\"]", limits) == "[@1:1\nstring 12345678@1:2\n]\n");
  CHECK(error("[\"123456789\"]", limits) == "t.json:1:2: string is longer than 8 bytes");
  CHECK(error("[\"ok\", \"caf\xC3\"]") == "t.json:1:12: string is not valid UTF-8");
  CHECK(error("[\"\xED\xA0\x80\"]") == "t.json:1:3: string is not valid UTF-8");
  CHECK(error("[1e999]") == "t.json:1:2: number 1e999 is out of range");
  CHECK(error("[" + std::string(500, '9') + "]") == "t.json:1:2: number " + std::string(40, '9') + "… is out of range");
}

TEST_CASE("json: read_value stops after one value; a huge number skips the rest of its value") {
  std::istringstream in("{\"a\": [1e999, {\"b\": \"]}\"}], \"c\": 2} [true]");
  json::Input input(in, "t.json");
  struct Tolerant : Log {
    void number_out_of_range(std::string_view text, const SourcePos& at) override {
      put("too big " + std::string(text), at);
    }
  } log;
  json::read_value(input, log);
  CHECK(log.out == "{@1:1\nkey a@1:2\n[@1:7\ntoo big 1e999@1:8\n");
  CHECK(input.here() == SourcePos{"t.json", 1, 36});
  log.out.clear();
  json::read_value(input, log);
  CHECK(log.out == "[@1:37\ntrue@1:38\n]\n");
  CHECK(input.peek() == -1);
}

TEST_CASE("json: the writer escapes what JSON needs and passes UTF-8 through") {
  std::ostringstream out;
  json::Writer w(out);
  w.start_object();
  w.key("t");
  w.string("a\"b\\c\n\x01 \u00e9");
  w.key("n");
  w.start_array();
  w.integer(-3);
  w.number(1.5);
  w.boolean(true);
  w.null();
  w.end_array();
  w.end_object();
  w.flush();
  CHECK(out.str() == "{\"t\":\"a\\\"b\\\\c\\n\\u0001 \u00e9\",\"n\":[-3,1.5,true,null]}");
}
