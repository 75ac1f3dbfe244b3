// YAML records, one at a time, in either of two layouts:
//   - a block list of maps at column 1 (`- name: Kim` …): split at the lines that start with "- ";
//   - a stream of maps, one per document (`---` between them): split at the `---` lines.
// Each piece is read on its own with yaml::read_value, so memory stays flat. Splitting by lines is
// sound here: in a top-level block list no line of an item's content can start at column 1 with "-"
// (it would be less indented than the item), and a `---` line at column 1 always ends a document.
#include <algorithm>

#include "quire/data/readers.hpp"
#include "quire/data/source.hpp"
#include "quire/yaml/document_yaml.hpp"

namespace quire::data::detail {

namespace {

using model::MetaValue;

constexpr std::size_t kMaxRecordBytes = 16u << 20;

bool blank_or_comment(const std::string& line) {
  auto first = line.find_first_not_of(" \t\r");
  return first == std::string::npos || line[first] == '#';
}

// "---" or "..." alone (or followed by blanks or a comment): a document marker.
bool marker(const std::string& line, const char* which) {
  if (line.compare(0, 3, which) != 0) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

bool item_start(const std::string& line) {
  return !line.empty() && line[0] == '-' && (line.size() == 1 || line[1] == ' ' || line[1] == '\t' || line[1] == '\r');
}

class YamlReader : public RecordReader {
 public:
  YamlReader(std::istream& in, const std::string& name) : in_(in), name_(name) {}

  std::optional<Record> next(Diagnostics& diags) override {
    std::string chunk;
    int first_line = 0;
    while (true) {
      std::string line;
      if (!take_line(line)) break;
      int here = line_;
      if (mode_ == Mode::Unknown) {
        if (blank_or_comment(line) || line[0] == '%' || marker(line, "---")) continue;
        mode_ = item_start(line) ? Mode::List : Mode::Stream;
      }
      if (marker(line, "...")) {
        if (mode_ == Mode::List) ended_ = true;
        if (first_line) break;
        continue;
      }
      if (marker(line, "---")) {
        if (mode_ == Mode::List)
          throw Error(ErrorKind::Input, SourcePos{name_, here, 1}, "a second YAML document after a list of records");
        if (first_line) break;
        // `--- key: value` starts the document on the marker's own line.
        std::string rest = line.substr(3);
        if (blank_or_comment(rest)) continue;
        line = "   " + rest;
      }
      if (mode_ == Mode::List) {
        if (ended_ && !blank_or_comment(line))
          throw Error(ErrorKind::Input, SourcePos{name_, here, 1}, "text after the end of the list of records");
        if (item_start(line)) {
          if (first_line) {
            held_ = std::move(line);  // the next record starts here
            held_line_ = here;
            break;
          }
          line[0] = ' ';  // the item's map, as indented as its continuation lines
          first_line = here;
        } else if (!first_line && !blank_or_comment(line)) {
          throw Error(ErrorKind::Input, SourcePos{name_, here, 1},
                      "expected '- ' at the start of a record (the file is a list of records)");
        } else if (!blank_or_comment(line) && line[0] != ' ' && line[0] != '\t') {
          throw Error(ErrorKind::Input, SourcePos{name_, here, 1},
                      "expected '- ' at the start of the next record, or an indented line");
        }
      } else if (!first_line) {
        if (blank_or_comment(line)) continue;
        first_line = here;
      }
      if (!first_line) continue;
      // Blank and comment lines inside a record are kept so positions inside the piece stay right.
      chunk += line;
      chunk += '\n';
      if (chunk.size() > kMaxRecordBytes)
        throw Error(ErrorKind::Input, SourcePos{name_, first_line, 0}, "record is longer than 16 MiB");
    }
    if (!first_line) return std::nullopt;
    Record record;
    record.number = ++count_;
    record.pos = {name_, first_line, 0};
    Diagnostics found;
    MetaValue v = yaml::read_meta(chunk, name_, first_line, found);
    int last_line = first_line + static_cast<int>(std::count(chunk.begin(), chunk.end(), '\n')) - 1;
    for (Diagnostic d : found.all()) {
      // yaml-cpp reports an unclosed bracket at the end of the piece: the next record's line.
      if (d.pos.line > last_line) d.pos = {name_, last_line, 0};
      if (d.message.rfind("metadata must be a map", 0) == 0)
        d.message = "record " + std::to_string(record.number) + d.message.substr(8);
      diags.add(std::move(d));
    }
    v.pos = record.pos;
    record.values = std::move(v);
    return record;
  }

 private:
  enum class Mode { Unknown, List, Stream };

  bool take_line(std::string& line) {
    if (held_) {
      line = std::move(*held_);
      held_.reset();
      line_ = held_line_;
      return true;
    }
    if (!std::getline(in_, line)) return false;
    ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_ == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // a byte order mark
    if (line.size() > kMaxRecordBytes)
      throw Error(ErrorKind::Input, SourcePos{name_, line_, 0}, "line is longer than 16 MiB");
    return true;
  }

  std::istream& in_;
  std::string name_;
  Mode mode_ = Mode::Unknown;
  bool ended_ = false;
  int line_ = 0;
  std::optional<std::string> held_;
  int held_line_ = 0;
  int count_ = 0;
};

}  // namespace

std::unique_ptr<RecordReader> open_yaml(std::istream& in, const std::string& name) {
  return std::make_unique<YamlReader>(in, name);
}

}  // namespace quire::data::detail
