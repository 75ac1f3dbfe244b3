#include "quire/json/json.hpp"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/reader.h>
#include <rapidjson/writer.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>

namespace quire::json {

std::string shown(int c) {
  if (c < 0) return "the end of the file";
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", static_cast<unsigned>(c));
  return buf;
}

void Handler::bad_utf8(const SourcePos& at) { throw Error(ErrorKind::Input, at, "string is not valid UTF-8"); }

void Handler::number_out_of_range(std::string_view text, const SourcePos& at) {
  std::string t(text);
  throw Error(ErrorKind::Input, at, "number " + (t.size() > 40 ? t.substr(0, 40) + "…" : t) + " is out of range");
}

// ---- Input: bytes with positions, and what RapidJSON's errors need to be told in words ------------

struct Input::State {
  // Where a byte was: kept for the last bytes read, since RapidJSON reports an error at an offset
  // that may lie a few bytes back (the backslash of a bad escape).
  struct Seen {
    int c = -1;
    int line = 0, col = 0;
  };
  static constexpr std::size_t kRing = 64;
  static constexpr std::size_t kMaxScalar = 400;

  std::streambuf* buf;
  std::string name;
  Limits limits;
  std::string pending;  // bytes read while looking for a byte order mark, served first
  std::size_t pending_at = 0;
  std::size_t offset = 0;
  int line = 1, col = 1;
  std::array<Seen, kRing> ring{};

  // The token being read, as far as a lexer watching the bytes go by can tell.
  bool in_string = false, escape = false, in_scalar = false;
  std::size_t string_bytes = 0;
  bool too_long = false;
  int line0 = 1, col0 = 1;  // where the current (or last) token started
  std::string scalar;       // a number's or literal's bytes (at most kMaxScalar)
  std::size_t scalar_size = 0;
  int depth = 0;  // '{' and '[' open in the value being read
  // UTF-8 inside strings: continuation bytes still expected, their allowed range, where the first bad
  // sequence of the current string starts.
  int need = 0;
  unsigned lo = 0x80, hi = 0xBF;
  int seq_line = 0, seq_col = 0;
  std::optional<SourcePos> bad_utf8;

  std::string last_key;
  std::optional<std::pair<SourcePos, std::string>> stopped;  // why a handler call returned false
  rapidjson::Reader reader;

  State(std::istream& in, std::string n, Limits l) : buf(in.rdbuf()), name(std::move(n)), limits(l) {
    if (!buf || buf->sgetc() != 0xEF) return;
    char mark[3];
    std::streamsize got = buf->sgetn(mark, 3);
    if (got == 3 && std::string_view(mark, 3) == "\xEF\xBB\xBF") return;
    pending.assign(mark, static_cast<std::size_t>(got));
  }

  int peek_raw() {
    if (pending_at < pending.size()) return static_cast<unsigned char>(pending[pending_at]);
    if (!buf) return -1;
    int c = buf->sgetc();
    return c == std::char_traits<char>::eof() ? -1 : c;
  }

  int get_raw() {
    int c;
    if (pending_at < pending.size()) {
      c = static_cast<unsigned char>(pending[pending_at++]);
    } else {
      if (!buf) return -1;
      c = buf->sbumpc();
      if (c == std::char_traits<char>::eof()) return -1;
    }
    ring[offset % kRing] = {c, line, col};
    ++offset;
    if (c == '\n' || (c == '\r' && peek_raw() != '\n')) {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    return c;
  }

  SourcePos here() const { return {name, line, col}; }
  SourcePos token() const { return {name, line0, col0}; }

  // The byte at `at` (an offset already read, or the next one), or -2 when it is no longer known.
  int byte_at(std::size_t at) {
    if (at == offset) return peek_raw();
    if (at < offset && offset - at <= kRing) return ring[at % kRing].c;
    return -2;
  }
  SourcePos pos_at(std::size_t at) const {
    if (at < offset && offset - at <= kRing) return {name, ring[at % kRing].line, ring[at % kRing].col};
    return here();
  }

  void start_value() {
    in_string = escape = in_scalar = too_long = false;
    depth = 0;
    need = 0;
    bad_utf8.reset();
    stopped.reset();
  }

  // The first byte of a UTF-8 sequence inside a string, at line l, column k.
  void utf8_lead(unsigned c, int l, int k) {
    seq_line = l, seq_col = k;
    lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c == 0xE0) {
      need = 2, lo = 0xA0;
    } else if (c == 0xED) {
      need = 2, hi = 0x9F;
    } else if (c >= 0xE1 && c <= 0xEF) {
      need = 2;
    } else if (c == 0xF0) {
      need = 3, lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      need = 3;
    } else if (c == 0xF4) {
      need = 3, hi = 0x8F;
    } else {
      mark_bad();
    }
  }
  void mark_bad() {
    if (!bad_utf8) bad_utf8 = SourcePos{name, seq_line, seq_col};
  }

  static bool scalar_byte(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '+' ||
           c == '.';
  }

  // RapidJSON's view: '\0' is the end (a NUL byte in the input ends it too: errors tell them apart).
  char rj_peek() {
    int c = peek_raw();
    if (c < 0) return '\0';
    if (in_string && string_bytes >= limits.max_string_bytes && (c != '"' || escape)) {
      too_long = true;
      return '\0';
    }
    return static_cast<char>(c);
  }

  char rj_take() {
    int l = line, k = col;
    int c = get_raw();
    if (c < 0) return '\0';
    if (in_string) {
      ++string_bytes;
      if (need > 0) {
        if (static_cast<unsigned>(c) >= lo && static_cast<unsigned>(c) <= hi) {
          --need;
          lo = 0x80, hi = 0xBF;
          return static_cast<char>(c);
        }
        mark_bad();  // a sequence cut short: then `c` is read on its own
        need = 0;
      }
      if (escape) {
        escape = false;
      } else if (c == '\\') {
        escape = true;
      } else if (c == '"') {
        in_string = false;
      } else if (c >= 0x80) {
        utf8_lead(static_cast<unsigned>(c), l, k);
      }
      return static_cast<char>(c);
    }
    if (c == '"') {
      in_string = true;
      string_bytes = 0;
      need = 0;
      lo = 0x80, hi = 0xBF;
      in_scalar = false;
      line0 = l, col0 = k;
    } else if (scalar_byte(c)) {
      if (!in_scalar) {
        in_scalar = true;
        scalar.clear();
        scalar_size = 0;
        line0 = l, col0 = k;
      }
      if (scalar.size() < kMaxScalar) scalar += static_cast<char>(c);
      ++scalar_size;
    } else {
      in_scalar = false;
      if (c == '{' || c == '[') {
        ++depth;
        line0 = l, col0 = k;
      } else if (c == '}' || c == ']') {
        --depth;
      }
    }
    return static_cast<char>(c);
  }

  // After RapidJSON stopped inside a number: the rest of its bytes, then the rest of the value.
  void skip_rest_of_value() {
    while (scalar_byte(peek_raw())) rj_take();
    while (depth > 0 || in_string) {
      if (peek_raw() < 0)
        throw Error(ErrorKind::Input, here(), "expected the rest of the value but found the end of the file");
      rj_take();
    }
  }

  [[noreturn]] void fail(rapidjson::ParseErrorCode code, std::size_t at);
};

namespace {

struct Stream {
  using Ch = char;
  Input::State* s;
  Ch Peek() const { return s->rj_peek(); }
  Ch Take() { return s->rj_take(); }
  std::size_t Tell() const { return s->offset; }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }
};

// RapidJSON's handler: positions added, depth limited, strings checked.
struct Sax {
  Input::State& s;
  Handler& h;

  bool fail(std::string message) {
    s.stopped.emplace(s.here(), std::move(message));
    return false;
  }
  bool Null() {
    h.null(s.token());
    return true;
  }
  bool Bool(bool b) {
    h.boolean(b, s.token());
    return true;
  }
  // Not called: numbers arrive as RawNumber (kParseNumbersAsStringsFlag).
  bool Int(int) { return true; }
  bool Uint(unsigned) { return true; }
  bool Int64(std::int64_t) { return true; }
  bool Uint64(std::uint64_t) { return true; }
  bool Double(double) { return true; }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    h.number({str, length}, s.token());
    return true;
  }
  bool check(const char* str, rapidjson::SizeType length) {
    std::string_view v(str, length);
    if (s.bad_utf8) {
      SourcePos at = *s.bad_utf8;
      s.bad_utf8.reset();
      h.bad_utf8(at);
      return true;
    }
    if (v.find('\0') != std::string_view::npos)
      throw Error(ErrorKind::Input, s.token(), "a NUL character (\\u0000) in a string");
    // A \u escape of a lone surrogate: the only way a UTF-16 half gets into the decoded bytes.
    for (std::size_t i = v.find('\xED'); i != std::string_view::npos; i = v.find('\xED', i + 1))
      if (i + 1 < v.size() && static_cast<unsigned char>(v[i + 1]) >= 0xA0)
        throw Error(ErrorKind::Input, s.token(), "a lone surrogate (\\uD800–\\uDFFF) in a string");
    return true;
  }
  bool String(const char* str, rapidjson::SizeType length, bool) {
    check(str, length);
    h.string({str, length}, s.token());
    return true;
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    check(str, length);
    s.last_key.assign(str, std::min<std::size_t>(length, 80));
    h.key({str, length}, s.token());
    return true;
  }
  // RapidJSON calls this before it takes the bracket: the bracket is the next byte.
  bool StartObject() {
    if (s.depth + 1 > s.limits.max_depth)
      return fail("values are nested more than " + std::to_string(s.limits.max_depth) + " deep");
    h.start_object(s.here());
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    h.end_object();
    return true;
  }
  // RapidJSON calls this before it takes the bracket: the bracket is the next byte.
  bool StartArray() {
    if (s.depth + 1 > s.limits.max_depth)
      return fail("values are nested more than " + std::to_string(s.limits.max_depth) + " deep");
    h.start_array(s.here());
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    h.end_array();
    return true;
  }
};

constexpr unsigned kFlags =
    rapidjson::kParseIterativeFlag | rapidjson::kParseStopWhenDoneFlag | rapidjson::kParseNumbersAsStringsFlag;

}  // namespace

namespace {
std::string size_words(std::size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

[[noreturn]] void error(const SourcePos& at, const std::string& message) { throw Error(ErrorKind::Input, at, message); }
}  // namespace

void Input::State::fail(rapidjson::ParseErrorCode code, std::size_t at) {
  using namespace rapidjson;
  int c = byte_at(at);
  SourcePos where = pos_at(at);
  bool after_zero = in_scalar && (scalar == "0" || scalar == "-0") && c >= '0' && c <= '9';
  switch (code) {
    case kParseErrorTermination:
      if (stopped) error(stopped->first, stopped->second);
      break;
    case kParseErrorDocumentEmpty:
      error(where, "expected a value but found " + shown(c));
      break;
    case kParseErrorValueInvalid:
      if (in_scalar && ((scalar[0] >= 'a' && scalar[0] <= 'z') || (scalar[0] >= 'A' && scalar[0] <= 'Z'))) {
        std::string word = scalar;
        for (int n = peek_raw(); n >= 'a' && n <= 'z' && word.size() < 6; n = peek_raw())
          word += static_cast<char>(get_raw());
        error(token(), "expected true, false or null but found '" + word + "'");
      }
      if (in_scalar && scalar == "-") error(where, "expected a digit in a number but found " + shown(c));
      error(where, "expected a value but found " + shown(c));
      break;
    case kParseErrorObjectMissName:
      error(where, "expected a key in quotes but found " + shown(c));
      break;
    case kParseErrorObjectMissColon:
      error(where, "expected ':' after key \"" + last_key + "\" but found " + shown(c));
      break;
    case kParseErrorObjectMissCommaOrCurlyBracket:
      if (after_zero) error(token(), "a number must not start with 0");
      error(where, "expected ',' or '}' in an object but found " + shown(c));
      break;
    case kParseErrorArrayMissCommaOrSquareBracket:
      if (after_zero) error(token(), "a number must not start with 0");
      error(where, "expected ',' or ']' in an array but found " + shown(c));
      break;
    case kParseErrorStringUnicodeEscapeInvalidHex:
      error(where, "expected four hex digits after \\u");
      break;
    case kParseErrorStringUnicodeSurrogateInvalid: {
      std::string code_text;
      for (std::size_t i = 2; i < 6; ++i)
        if (int h = byte_at(at + i); h > 0) code_text += static_cast<char>(std::toupper(h));
      error(where, "a high surrogate (\\u" + code_text + ") must be followed by a low one");
      break;
    }
    case kParseErrorStringEscapeInvalid:
      if (c == '\\') {
        int e = byte_at(at + 1);
        error(where, "unknown escape \\" + (e > 0x20 && e < 0x7F ? std::string(1, static_cast<char>(e)) : shown(e)) +
                         " in a string");
      }
      if (c == '\n' || c == '\r') error(token(), "unterminated string (the quote opened here is never closed)");
      error(where, "a control character in a string must be escaped (" + shown(c) + ")");
      break;
    case kParseErrorStringMissQuotationMark:
      if (too_long) error(token(), "string is longer than " + size_words(limits.max_string_bytes));
      if (c == 0) error(where, "a control character in a string must be escaped (" + shown(c) + ")");
      error(token(), "unterminated string (the quote opened here is never closed)");
      break;
    case kParseErrorNumberMissFraction:
    case kParseErrorNumberMissExponent:
      error(where, "expected a digit in a number but found " + shown(c));
      break;
    default:
      break;
  }
  error(where, std::string("JSON syntax error (RapidJSON code ") + std::to_string(static_cast<int>(code)) + ")");
}

Input::Input(std::istream& in, std::string name, Limits limits)
    : s_(std::make_unique<State>(in, std::move(name), limits)) {}
Input::~Input() = default;
int Input::peek() { return s_->peek_raw(); }
int Input::get() { return s_->get_raw(); }
void Input::skip_space() {
  for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) get();
}
SourcePos Input::here() const { return s_->here(); }
const std::string& Input::name() const { return s_->name; }

void read_value(Input& in, Handler& handler) {
  in.skip_space();
  Input::State& s = *in.s_;
  s.start_value();
  Stream stream{&s};
  Sax sax{s, handler};
  rapidjson::ParseResult result = s.reader.Parse<kFlags>(stream, sax);
  if (result) return;
  if (result.Code() == rapidjson::kParseErrorNumberTooBig) {
    while (Input::State::scalar_byte(s.peek_raw())) s.rj_take();
    std::string text = s.scalar;
    handler.number_out_of_range(text, s.token());
    s.skip_rest_of_value();
    return;
  }
  s.fail(result.Code(), result.Offset());
}

void read_document(Input& in, Handler& handler) {
  read_value(in, handler);
  in.skip_space();
  if (in.peek() >= 0)
    throw Error(ErrorKind::Input, in.here(), "text after the end of the JSON value: " + shown(in.peek()));
}

// ---- Writer --------------------------------------------------------------------------------------

struct Writer::Impl {
  std::ostream& out;
  rapidjson::OStreamWrapper wrapper;
  rapidjson::Writer<rapidjson::OStreamWrapper> writer;
  explicit Impl(std::ostream& o) : out(o), wrapper(o), writer(wrapper) {}
};

Writer::Writer(std::ostream& out) : impl_(std::make_unique<Impl>(out)) {}
Writer::~Writer() = default;

namespace {
rapidjson::SizeType size_of(std::string_view s) {
  if (s.size() > 0xFFFFFFFFu) throw Error(ErrorKind::Input, "a string longer than 4 GiB cannot be written as JSON");
  return static_cast<rapidjson::SizeType>(s.size());
}
}  // namespace

void Writer::start_object() { impl_->writer.StartObject(); }
void Writer::end_object() { impl_->writer.EndObject(); }
void Writer::start_array() { impl_->writer.StartArray(); }
void Writer::end_array() { impl_->writer.EndArray(); }
void Writer::key(std::string_view name) { impl_->writer.Key(name.data(), size_of(name)); }
void Writer::string(std::string_view value) { impl_->writer.String(value.data(), size_of(value)); }
void Writer::integer(std::int64_t value) { impl_->writer.Int64(value); }
void Writer::number(double value) {
  if (!std::isfinite(value)) throw Error(ErrorKind::Input, "a number that is not finite cannot be written as JSON");
  impl_->writer.Double(value);
}
void Writer::boolean(bool value) { impl_->writer.Bool(value); }
void Writer::null() { impl_->writer.Null(); }
void Writer::flush() {
  impl_->out.flush();
  if (!impl_->out) throw Error(ErrorKind::Io, "cannot write the JSON output");
}

}  // namespace quire::json
