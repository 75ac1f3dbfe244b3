// JSON records: an array of objects, read one object at a time so memory stays flat. A small
// reader of our own: the Debian JSON libraries read whole documents only.
#include <cmath>
#include <cstdlib>

#include "quire/data/readers.hpp"
#include "quire/data/source.hpp"
#include "quire/model/utf8.hpp"

namespace quire::data::detail {

namespace {

using model::MetaValue;

constexpr int kMaxDepth = 200;
constexpr std::size_t kMaxStringBytes = 16u << 20;

const char* kind_words(MetaValue::Kind kind) {
  switch (kind) {
    case MetaValue::Kind::Null:
      return "null";
    case MetaValue::Kind::Bool:
      return "a boolean";
    case MetaValue::Kind::Number:
      return "a number";
    case MetaValue::Kind::String:
      return "a string";
    case MetaValue::Kind::List:
      return "an array";
    case MetaValue::Kind::Map:
      return "an object";
  }
  return "a value";
}

std::string shown(int c) {
  if (c == kEnd) return "the end of the file";
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

class JsonReader : public RecordReader {
 public:
  JsonReader(std::istream& in, const std::string& name) : src_(in, name) {}

  std::optional<Record> next(Diagnostics& diags) override {
    if (done_) return std::nullopt;
    if (!started_) {
      started_ = true;
      skip_space();
      if (src_.peek() != '[') fail("expected a JSON array of objects ('[') but found " + shown(src_.peek()));
      src_.get();
      skip_space();
      if (src_.peek() == ']') return finish();
    } else {
      skip_space();
      int c = src_.peek();
      if (c == ']') return finish();
      if (c != ',') fail("expected ',' or ']' after record " + std::to_string(count_) + " but found " + shown(c));
      src_.get();
      skip_space();
    }
    diags_ = &diags;
    Record record;
    record.number = ++count_;
    record.pos = src_.here();
    record.values = value(1);
    if (record.values.kind != MetaValue::Kind::Map) {
      diags.error(record.pos, "record " + std::to_string(record.number) + " is " + kind_words(record.values.kind) +
                                  ", not an object");
      record.values = MetaValue{};
      record.values.kind = MetaValue::Kind::Map;
      record.values.pos = record.pos;
    }
    return record;
  }

 private:
  std::optional<Record> finish() {
    src_.get();
    skip_space();
    if (src_.peek() != kEnd) fail("text after the end of the array: " + shown(src_.peek()));
    done_ = true;
    return std::nullopt;
  }

  [[noreturn]] void fail(const std::string& message) { fail_at(src_.here(), message); }
  [[noreturn]] void fail_at(const SourcePos& pos, const std::string& message) {
    throw Error(ErrorKind::Input, pos, message);
  }

  void skip_space() {
    for (int c = src_.peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = src_.peek()) src_.get();
  }

  MetaValue value(int depth) {
    if (depth > kMaxDepth) fail("values are nested more than " + std::to_string(kMaxDepth) + " deep");
    MetaValue v;
    v.pos = src_.here();
    int c = src_.peek();
    if (c == '{') {
      object(v, depth);
    } else if (c == '[') {
      array(v, depth);
    } else if (c == '"') {
      v.kind = MetaValue::Kind::String;
      v.scalar = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number(v);
    } else if (c == 't' || c == 'f' || c == 'n') {
      literal(v);
    } else {
      fail("expected a value but found " + shown(c));
    }
    return v;
  }

  void object(MetaValue& v, int depth) {
    v.kind = MetaValue::Kind::Map;
    src_.get();
    skip_space();
    if (src_.peek() == '}') {
      src_.get();
      return;
    }
    while (true) {
      skip_space();
      SourcePos key_pos = src_.here();
      if (src_.peek() != '"') fail("expected a key in quotes but found " + shown(src_.peek()));
      std::string key = string();
      skip_space();
      if (src_.peek() != ':') fail("expected ':' after key \"" + key + "\" but found " + shown(src_.peek()));
      src_.get();
      skip_space();
      MetaValue item = value(depth + 1);
      if (v.find(key))
        diags_->error(key_pos, "duplicate key '" + key + "' in record " + std::to_string(count_));
      else
        v.map.emplace_back(std::move(key), std::move(item));
      skip_space();
      int c = src_.get();
      if (c == '}') return;
      if (c != ',') fail("expected ',' or '}' in an object but found " + shown(c));
    }
  }

  void array(MetaValue& v, int depth) {
    v.kind = MetaValue::Kind::List;
    src_.get();
    skip_space();
    if (src_.peek() == ']') {
      src_.get();
      return;
    }
    while (true) {
      skip_space();
      v.list.push_back(value(depth + 1));
      skip_space();
      int c = src_.get();
      if (c == ']') return;
      if (c != ',') fail("expected ',' or ']' in an array but found " + shown(c));
    }
  }

  unsigned hex4() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      int c = src_.get();
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) fail("expected four hex digits after \\u");
      code = code * 16 + static_cast<unsigned>(d);
    }
    return code;
  }

  std::string string() {
    SourcePos open = src_.here();
    src_.get();
    std::string out;
    bool bad_utf8_reported = false;
    while (true) {
      SourcePos at = src_.here();
      int c = src_.get();
      if (c == kEnd || c == '\n' || c == '\r')
        fail_at(open, "unterminated string (the quote opened here is never closed)");
      if (c == '"') break;
      if (c < 0x20) fail_at(at, "a control character in a string must be escaped (" + shown(c) + ")");
      if (out.size() >= kMaxStringBytes) fail_at(open, "string is longer than 16 MiB");
      if (c != '\\') {
        std::size_t before = out.size();
        out += static_cast<char>(c);
        // Check each multi-byte sequence once it is complete.
        if (c >= 0x80) {
          int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
          for (int i = 1; i < need && src_.peek() >= 0x80 && src_.peek() < 0xC0; ++i)
            out += static_cast<char>(src_.get());
          if (char32_t cp = 0;
              decode_utf8(out, before, cp) != static_cast<int>(out.size() - before) && !bad_utf8_reported) {
            diags_->error(at, "string is not valid UTF-8", "save the file as UTF-8");
            bad_utf8_reported = true;
          }
        }
        continue;
      }
      int e = src_.get();
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          char32_t code = hex4();
          if (code >= 0xDC00 && code <= 0xDFFF) fail_at(at, "a lone low surrogate (\\u" + hex(code) + ") in a string");
          if (code >= 0xD800 && code <= 0xDBFF) {
            if (src_.get() != '\\' || src_.get() != 'u')
              fail_at(at, "a high surrogate (\\u" + hex(code) + ") must be followed by a low one");
            char32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF)
              fail_at(at, "a high surrogate (\\u" + hex(code) + ") must be followed by a low one");
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          }
          if (code == 0) fail_at(at, "a NUL character (\\u0000) in a string");
          append_utf8(out, code);
          break;
        }
        default:
          fail_at(at, "unknown escape \\" + (e == kEnd ? std::string() : std::string(1, static_cast<char>(e))) +
                          " in a string");
      }
    }
    return out;
  }

  static std::string hex(char32_t code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(code));
    return buf;
  }

  void digits(std::string& out) {
    if (src_.peek() < '0' || src_.peek() > '9') fail("expected a digit in a number but found " + shown(src_.peek()));
    while (src_.peek() >= '0' && src_.peek() <= '9') out += static_cast<char>(src_.get());
  }

  // The text is kept as written (a record's "0042" stays "0042" only as a string, as in JSON itself);
  // a number no double can hold is an error, so no later stage meets an infinity.
  void number(MetaValue& v) {
    v.kind = MetaValue::Kind::Number;
    std::string& text = v.scalar;
    if (src_.peek() == '-') text += static_cast<char>(src_.get());
    if (src_.peek() == '0') {
      text += static_cast<char>(src_.get());
      if (src_.peek() >= '0' && src_.peek() <= '9') fail_at(v.pos, "a number must not start with 0");
    } else {
      digits(text);
    }
    if (src_.peek() == '.') {
      text += static_cast<char>(src_.get());
      digits(text);
    }
    if (src_.peek() == 'e' || src_.peek() == 'E') {
      text += static_cast<char>(src_.get());
      if (src_.peek() == '+' || src_.peek() == '-') text += static_cast<char>(src_.get());
      digits(text);
    }
    if (text.size() > 400 || std::isinf(std::strtod(text.c_str(), nullptr)))
      diags_->error(
          v.pos, "number " + (text.size() > 40 ? text.substr(0, 40) + "…" : text) + " is out of range",
          "write it as a string (\"" + text.substr(0, 20) + (text.size() > 20 ? "…" : "") + "\") to keep it as text");
  }

  void literal(MetaValue& v) {
    std::string word;
    while (src_.peek() >= 'a' && src_.peek() <= 'z' && word.size() < 6) word += static_cast<char>(src_.get());
    if (word == "true" || word == "false") {
      v.kind = MetaValue::Kind::Bool;
      v.scalar = word;
    } else if (word == "null") {
      v.kind = MetaValue::Kind::Null;
    } else {
      fail_at(v.pos, "expected true, false or null but found '" + word + "'");
    }
  }

  Source src_;
  Diagnostics* diags_ = nullptr;
  bool started_ = false, done_ = false;
  int count_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> open_json(std::istream& in, const std::string& name) {
  return std::make_unique<JsonReader>(in, name);
}

}  // namespace quire::data::detail
