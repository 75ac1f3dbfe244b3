#pragma once
// JSON in and out for every stage, over RapidJSON (the only code that includes it): a streaming
// (SAX) reader that gives each token's FILE:LINE:COL and enforces depth and size limits, and a
// streaming writer. Nothing here holds a whole document: memory is what the handler keeps.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "quire/diag/diagnostic.hpp"

namespace quire::json {

struct Limits {
  int max_depth = 200;                       // arrays and objects inside one another
  std::size_t max_string_bytes = 16u << 20;  // one string or key, as written
};

// What the reader calls for each token, with the position where the token starts (its first byte,
// 1-based line and byte column). A handler may throw quire::Error to stop reading.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual void null(const SourcePos& at) = 0;
  virtual void boolean(bool value, const SourcePos& at) = 0;
  virtual void number(std::string_view text, const SourcePos& at) = 0;   // as written ("-1.5e3")
  virtual void string(std::string_view value, const SourcePos& at) = 0;  // escapes decoded
  virtual void key(std::string_view name, const SourcePos& at) = 0;
  virtual void start_object(const SourcePos& at) = 0;
  virtual void end_object() = 0;
  virtual void start_array(const SourcePos& at) = 0;
  virtual void end_array() = 0;
  // A string or key whose bytes are not valid UTF-8, at its first bad sequence: called once for that
  // string, before the string itself arrives (with the bytes as they are). The default throws.
  virtual void bad_utf8(const SourcePos& at);
  // A number RapidJSON cannot hold (1e999, 400 digits): reading cannot go on inside the value, so the
  // rest of the value read_value was reading is skipped (its tokens are not reported) and read_value
  // returns. `text` is the number as written (cut at 400 bytes). The default throws Error(Input)
  // "number … is out of range".
  virtual void number_out_of_range(std::string_view text, const SourcePos& at);
};

// JSON text from a stream, counting lines (LF, CRLF or a lone CR) and byte columns; a UTF-8 byte order
// mark at the start is skipped. The istream must outlive it.
class Input {
 public:
  Input(std::istream& in, std::string name, Limits limits = {});
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  int peek();  // the next byte (0–255), or -1 at the end
  int get();
  void skip_space();  // JSON white space
  SourcePos here() const;
  const std::string& name() const;

  struct State;  // private to json.cpp

 private:
  std::unique_ptr<State> s_;
  friend void read_value(Input&, Handler&);
};

// Reads one JSON value from where `in` is (after white space) and stops right after it, so that a
// caller can frame values itself (records in an array). Syntax errors and limits throw Error(Input)
// at FILE:LINE:COL with a message saying what was found.
void read_value(Input& in, Handler& handler);

// Reads a whole JSON document: one value, then only white space to the end.
void read_document(Input& in, Handler& handler);

// "'x'", "byte 0xFF" or "the end of the file": a byte as messages show it.
std::string shown(int c);

// Writes JSON to a stream as it goes, compactly (no white space), UTF-8 passed through.
class Writer {
 public:
  explicit Writer(std::ostream& out);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void start_object();
  void end_object();
  void start_array();
  void end_array();
  void key(std::string_view name);
  void string(std::string_view value);
  void integer(std::int64_t value);
  void number(double value);
  void boolean(bool value);
  void null();
  void flush();  // writes out what is buffered; throws Error(Io) when the stream failed

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quire::json
