#pragma once
// Records for a mail merge, read one at a time from CSV, JSON or YAML (docs/mail-merge.md), so that
// memory stays flat however many records a file holds.
#include <climits>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/document.hpp"

namespace quire::data {

enum class Format { Csv, Tsv, Json, Yaml };

// "csv", "tsv", "json", "yaml" (or "yml") → Format. Throws Error(Usage) for anything else.
Format parse_format(const std::string& name);
// The format a file's extension names (".csv", ".tsv", ".json", ".yaml", ".yml"; any case).
// Throws Error(Usage) when the extension names none, asking for --data-format.
Format format_for_path(const std::string& path);

struct Record {
  model::MetaValue values;  // a Map: column → value (strings for CSV, typed values for JSON and YAML)
  SourcePos pos;            // where the record starts in the data file
  int number = 0;           // its place in the file, from 1 (the merge's {{n}})
};

// Reads the records of one data file in order.
class RecordReader {
 public:
  virtual ~RecordReader() = default;
  // The next record, or nullopt at the end of the file. A problem confined to one record (a CSV row
  // with too many fields, a JSON item that is not an object) is reported into `diags` and the record
  // is still returned, numbered, so the caller can skip it (--keep-going) and go on. A problem that
  // leaves the rest of the file unreadable (an unterminated quote, a JSON syntax error, a bad or
  // duplicate CSV header) throws Error(Input) at its position.
  virtual std::optional<Record> next(Diagnostics& diags) = 0;
};

// A reader over `in` (which must outlive it); `name` is the file name diagnostics use.
std::unique_ptr<RecordReader> open_records(std::istream& in, const std::string& name, Format format);

// A record range for --records: "101-200", "101-" (to the end), "-200" (from the start), "7" (one).
// 1-based and inclusive.
struct RecordRange {
  int first = 1;
  int last = INT_MAX;
  bool contains(int n) const { return n >= first && n <= last; }
  bool past(int n) const { return n > last; }  // no later record can be in the range
};
// Throws Error(Usage) on a malformed or empty range.
RecordRange parse_range(const std::string& text);

// A record filter for --where: `column == "value"` or `column != "value"` (the value quoted with " or ',
// or bare without spaces). Dotted columns reach into nested values.
struct RecordFilter {
  std::string column;
  bool equal = true;
  std::string value;
  // True when the record's value (as text; a missing column is "") compares as asked.
  bool matches(const model::MetaValue& record) const;
};
// Throws Error(Usage) on a malformed filter.
RecordFilter parse_filter(const std::string& text);

}  // namespace quire::data
