// JSON records: an array of objects, read one object at a time so memory stays flat. The array's
// brackets and commas are read here; each record is one value read by RapidJSON's SAX reader
// (quire/json), which stops right after it.
#include <cmath>
#include <cstdlib>
#include <deque>

#include "quire/data/readers.hpp"
#include "quire/json/json.hpp"

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

// Builds one record's value tree from the reader's events.
class RecordBuilder : public json::Handler {
 public:
  RecordBuilder(Diagnostics& diags, int number) : diags_(diags), number_(number) {}

  MetaValue take() { return std::move(root_); }
  bool broken() const { return broken_; }

  void null(const SourcePos& at) override { add(scalar(MetaValue::Kind::Null, {}, at)); }
  void boolean(bool value, const SourcePos& at) override {
    add(scalar(MetaValue::Kind::Bool, value ? "true" : "false", at));
  }
  // The text is kept as written (a record's "0042" stays "0042" only as a string, as in JSON itself);
  // a number no double can hold is an error, so no later stage meets an infinity.
  void number(std::string_view text, const SourcePos& at) override {
    if (text.size() > 400 || std::isinf(std::strtod(std::string(text).c_str(), nullptr))) {
      out_of_range(text, at);
      return;
    }
    add(scalar(MetaValue::Kind::Number, std::string(text), at));
  }
  void string(std::string_view value, const SourcePos& at) override {
    add(scalar(MetaValue::Kind::String, std::string(value), at));
  }
  void key(std::string_view name, const SourcePos& at) override {
    key_ = name;
    key_pos_ = at;
  }
  void start_object(const SourcePos& at) override { open(MetaValue::Kind::Map, at); }
  void start_array(const SourcePos& at) override { open(MetaValue::Kind::List, at); }
  void end_object() override { close(); }
  void end_array() override { close(); }
  void bad_utf8(const SourcePos& at) override {
    diags_.error(at, "string is not valid UTF-8", "save the file as UTF-8");
  }
  void number_out_of_range(std::string_view text, const SourcePos& at) override {
    out_of_range(text, at);
    broken_ = true;  // the rest of the record is skipped
  }

 private:
  static MetaValue scalar(MetaValue::Kind kind, std::string text, const SourcePos& at) {
    MetaValue v;
    v.kind = kind;
    v.scalar = std::move(text);
    v.pos = at;
    return v;
  }

  void out_of_range(std::string_view text, const SourcePos& at) {
    std::string t(text);
    diags_.error(at, "number " + (t.size() > 40 ? t.substr(0, 40) + "…" : t) + " is out of range",
                 "write it as a string (\"" + t.substr(0, 20) + (t.size() > 20 ? "…" : "") + "\") to keep it as text");
  }

  void open(MetaValue::Kind kind, const SourcePos& at) {
    MetaValue v;
    v.kind = kind;
    v.pos = at;
    if (open_.empty()) {
      root_ = std::move(v);
      open_.push_back(&root_);
      return;
    }
    MetaValue* placed = add(std::move(v));
    open_.push_back(placed);
  }
  void close() { open_.pop_back(); }

  // Adds a finished value where the reader is: as the record, an array's next item, or an object's
  // member under the last key. Returns where it went (nullptr for a duplicate key's value).
  MetaValue* add(MetaValue v) {
    if (open_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    MetaValue& parent = *open_.back();
    if (parent.kind == MetaValue::Kind::List) {
      parent.list.push_back(std::move(v));
      return &parent.list.back();
    }
    if (parent.find(key_)) {
      diags_.error(key_pos_, "duplicate key '" + key_ + "' in record " + std::to_string(number_));
      discarded_.push_back(std::move(v));
      return &discarded_.back();
    }
    parent.map.emplace_back(std::move(key_), std::move(v));
    return &parent.map.back().second;
  }

  Diagnostics& diags_;
  int number_;
  MetaValue root_;
  std::deque<MetaValue> discarded_;  // duplicate keys' values, read and dropped (stable addresses)
  std::vector<MetaValue*> open_;     // the open arrays and objects, innermost last
  std::string key_;
  SourcePos key_pos_;
  bool broken_ = false;
};

class JsonReader : public RecordReader {
 public:
  JsonReader(std::istream& in, const std::string& name) : in_(in, name, json::Limits{kMaxDepth, kMaxStringBytes}) {}

  std::optional<Record> next(Diagnostics& diags) override {
    if (done_) return std::nullopt;
    if (!started_) {
      started_ = true;
      in_.skip_space();
      if (in_.peek() != '[') fail("expected a JSON array of objects ('[') but found " + json::shown(in_.peek()));
      in_.get();
      in_.skip_space();
      if (in_.peek() == ']') return finish();
    } else {
      in_.skip_space();
      int c = in_.peek();
      if (c == ']') return finish();
      if (c != ',') fail("expected ',' or ']' after record " + std::to_string(count_) + " but found " + json::shown(c));
      in_.get();
      in_.skip_space();
    }
    Record record;
    record.number = ++count_;
    record.pos = in_.here();
    RecordBuilder builder(diags, record.number);
    json::read_value(in_, builder);
    record.values = builder.take();
    if (builder.broken()) {
      record.values = MetaValue{};
      record.values.kind = MetaValue::Kind::Map;
      record.values.pos = record.pos;
    } else if (record.values.kind != MetaValue::Kind::Map) {
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
    in_.get();
    in_.skip_space();
    if (in_.peek() >= 0) fail("text after the end of the array: " + json::shown(in_.peek()));
    done_ = true;
    return std::nullopt;
  }

  [[noreturn]] void fail(const std::string& message) { throw Error(ErrorKind::Input, in_.here(), message); }

  json::Input in_;
  bool started_ = false, done_ = false;
  int count_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> open_json(std::istream& in, const std::string& name) {
  return std::make_unique<JsonReader>(in, name);
}

}  // namespace quire::data::detail
