// CSV (RFC 4180) and tab-separated records: a header row of column names, then one record per row.
#include "quire/data/readers.hpp"

#include <map>

#include "quire/data/source.hpp"

namespace quire::data::detail {

namespace {

using model::MetaValue;

// A record longer than this is almost always an unterminated quote swallowing the file; stopping
// there keeps memory bounded.
constexpr std::size_t kMaxRecordBytes = 16u << 20;

struct Field {
  std::string text;
  SourcePos pos;
};

// The first problem of a row that does not stop the reading (reported once the row is read).
struct Problem {
  SourcePos pos;
  std::string message;
  std::string hint;
  bool found() const { return !message.empty(); }
  void set(SourcePos at, std::string what, std::string why = {}) {
    if (found()) return;
    pos = std::move(at);
    message = std::move(what);
    hint = std::move(why);
  }
};

std::string trim(const std::string& s) {
  auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> split_dots(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (true) {
    auto dot = name.find('.', at);
    parts.push_back(name.substr(at, dot == std::string::npos ? std::string::npos : dot - at));
    if (dot == std::string::npos) return parts;
    at = dot + 1;
  }
}

class CsvReader : public RecordReader {
 public:
  CsvReader(std::istream& in, const std::string& name, char separator) : src_(in, name), sep_(separator) {}

  std::optional<Record> next(Diagnostics& diags) override {
    if (columns_.empty()) read_header();
    if (columns_.empty()) return std::nullopt;  // an empty file
    std::vector<Field> row;
    Problem problem;
    SourcePos start;
    if (!read_row(row, problem, start)) return std::nullopt;
    Record record;
    record.number = ++count_;
    record.pos = start;
    record.values.kind = MetaValue::Kind::Map;
    record.values.pos = start;
    for (std::size_t i = 0; i < row.size() && i < columns_.size(); ++i) {
      MetaValue v = MetaValue::string(std::move(row[i].text));
      v.pos = row[i].pos;
      set_path(record.values, columns_[i], std::move(v));
    }
    if (problem.found())
      diags.error(problem.pos, problem.message, problem.hint);
    else if (row.size() != columns_.size())
      diags.error(start,
                  "record " + std::to_string(record.number) + " has " + std::to_string(row.size()) +
                      (row.size() == 1 ? " field" : " fields") + ", the header has " + std::to_string(columns_.size()),
                  row.size() > columns_.size() ? "a field with a separator in it must be quoted: \"a, b\"" : "");
    return record;
  }

 private:
  // The header names the columns; a dotted name nests ("recipient.name" → {{recipient.name}}).
  void read_header() {
    std::vector<Field> row;
    Problem problem;
    SourcePos start;
    if (!read_row(row, problem, start)) return;
    if (problem.found()) throw Error(ErrorKind::Input, problem.pos, "header: " + problem.message);
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string name = trim(row[i].text);
      std::string which = "column " + std::to_string(i + 1);
      if (name.empty()) throw Error(ErrorKind::Input, row[i].pos, which + " has no name in the header");
      auto parts = split_dots(name);
      for (const auto& part : parts)
        if (part.empty())
          throw Error(ErrorKind::Input, row[i].pos, which + " name '" + name + "' has an empty part between dots");
      if (auto it = seen.find(name); it != seen.end())
        throw Error(ErrorKind::Input, row[i].pos,
                    "duplicate column name '" + name + "' (also column " + std::to_string(it->second + 1) + ")");
      // "a" and "a.b" cannot both be columns: a would be a value and a map at once.
      std::string prefix;
      for (std::size_t p = 0; p + 1 < parts.size(); ++p) {
        prefix += (p ? "." : "") + parts[p];
        if (auto it = seen.find(prefix); it != seen.end())
          throw Error(ErrorKind::Input, row[i].pos,
                      "column '" + name + "' nests inside column '" + prefix + "' (column " +
                          std::to_string(it->second + 1) + "), which holds a value");
      }
      for (const auto& [other, index] : seen)
        if (other.size() > name.size() && other.compare(0, name.size(), name) == 0 && other[name.size()] == '.')
          throw Error(ErrorKind::Input, row[i].pos,
                      "column '" + name + "' holds a value but column '" + other + "' (column " +
                          std::to_string(index + 1) + ") nests inside it");
      seen.emplace(name, i);
      columns_.push_back(std::move(parts));
    }
  }

  bool at_line_end(int c) const { return c == '\n' || c == '\r' || c == kEnd; }

  // One row into `row`; false at the end of the file. Blank lines between rows are skipped.
  bool read_row(std::vector<Field>& row, Problem& problem, SourcePos& start) {
    row.clear();
    while (src_.peek() == '\n' || src_.peek() == '\r') src_.get();
    if (src_.peek() == kEnd) return false;
    start = src_.line_start();
    std::size_t bytes = 0;
    while (true) {
      Field f;
      f.pos = src_.here();
      if (src_.peek() == '"')
        read_quoted(f, problem, bytes);
      else
        read_plain(f, problem, bytes);
      if (auto bad = invalid_utf8_at(f.text); bad != std::string::npos)
        problem.set(f.pos,
                    "field " + std::to_string(row.size() + 1) + " is not valid UTF-8 (byte " + std::to_string(bad + 1) +
                        " of the field)",
                    "save the file as UTF-8");
      else if (auto nul = f.text.find('\0'); nul != std::string::npos)  // like Markdown and YAML: refused
        problem.set(f.pos, "field " + std::to_string(row.size() + 1) + " has a NUL byte (byte " +
                               std::to_string(nul + 1) + " of the field)");
      row.push_back(std::move(f));
      int c = src_.get();
      if (c == sep_) continue;
      if (c == '\r' && src_.peek() == '\n') src_.get();
      return true;
    }
  }

  void count(std::size_t& bytes, const SourcePos& start) {
    if (++bytes > kMaxRecordBytes)
      throw Error(ErrorKind::Input, start, "record is longer than 16 MiB; is a quote left open?");
  }

  void read_plain(Field& f, Problem& problem, std::size_t& bytes) {
    for (int c = src_.peek(); c != sep_ && !at_line_end(c); c = src_.peek()) {
      if (c == '"')
        problem.set(src_.here(), "a quote inside an unquoted field",
                    "quote the whole field and double the quotes inside it: \"say \"\"hi\"\"\"");
      count(bytes, f.pos);
      f.text += static_cast<char>(src_.get());
    }
  }

  void read_quoted(Field& f, Problem& problem, std::size_t& bytes) {
    SourcePos open = src_.here();
    src_.get();
    while (true) {
      int c = src_.get();
      if (c == kEnd)
        throw Error(ErrorKind::Input, open, "unterminated quoted field (the quote opened here is never closed)");
      if (c == '"') {
        if (src_.peek() != '"') break;
        src_.get();
      } else if (c == '\r' && src_.peek() == '\n') {
        continue;  // CRLF inside a field becomes LF, as a document's text has it
      }
      count(bytes, f.pos);
      f.text += static_cast<char>(c);
    }
    if (src_.peek() != sep_ && !at_line_end(src_.peek())) {
      problem.set(src_.here(), "text after the closing quote of a field",
                  "a quote inside a quoted field is written twice: \"say \"\"hi\"\"\"");
      while (src_.peek() != sep_ && !at_line_end(src_.peek())) {
        count(bytes, f.pos);
        src_.get();
      }
    }
  }

  Source src_;
  char sep_;
  std::vector<std::vector<std::string>> columns_;  // each column's name, split at dots
  int count_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> open_csv(std::istream& in, const std::string& name, char separator) {
  return std::make_unique<CsvReader>(in, name, separator);
}

}  // namespace quire::data::detail
