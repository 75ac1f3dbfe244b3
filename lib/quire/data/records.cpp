#include "quire/data/records.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "quire/data/readers.hpp"
#include "quire/data/source.hpp"

namespace quire::data {

using model::MetaValue;

namespace detail {

void set_path(MetaValue& into, const std::vector<std::string>& path, MetaValue value) {
  MetaValue* node = &into;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    MetaValue* child = node->find(path[i]);
    if (!child) {
      MetaValue map;
      map.kind = MetaValue::Kind::Map;
      map.pos = value.pos;
      node->map.emplace_back(path[i], std::move(map));
      child = &node->map.back().second;
    }
    node = child;
  }
  node->map.emplace_back(path.back(), std::move(value));
}

}  // namespace detail

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Format parse_format(const std::string& name) {
  std::string n = lower(name);
  if (n == "csv") return Format::Csv;
  if (n == "tsv") return Format::Tsv;
  if (n == "json") return Format::Json;
  if (n == "yaml" || n == "yml") return Format::Yaml;
  throw Error(ErrorKind::Usage, "unknown data format '" + name + "' (expected csv, tsv, json or yaml)");
}

Format format_for_path(const std::string& path) {
  auto slash = path.rfind('/');
  auto dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) || path == "-")
    throw Error(ErrorKind::Usage, "cannot tell the format of data file '" + path +
                                      "' from its name; use --data-format csv|tsv|json|yaml");
  try {
    return parse_format(path.substr(dot + 1));
  } catch (const Error&) {
    throw Error(ErrorKind::Usage, "cannot tell the format of data file '" + path + "' from its extension '" +
                                      path.substr(dot) + "'; use --data-format csv|tsv|json|yaml");
  }
}

std::unique_ptr<RecordReader> open_records(std::istream& in, const std::string& name, Format format) {
  switch (format) {
    case Format::Csv:
      return detail::open_csv(in, name, ',');
    case Format::Tsv:
      return detail::open_csv(in, name, '\t');
    case Format::Json:
      return detail::open_json(in, name);
    case Format::Yaml:
      return detail::open_yaml(in, name);
  }
  throw Error(ErrorKind::Usage, "unknown data format");
}

namespace {

// A record number: digits only, at least 1.
bool record_number(std::string_view text, int& out) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 1;
}

}  // namespace

RecordRange parse_range(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return Error(ErrorKind::Usage,
                 "--records '" + text + "': " + why + " (expected FIRST-LAST, FIRST-, -LAST or N, from 1)");
  };
  RecordRange range;
  auto dash = text.find('-');
  std::string_view all(text);
  if (dash == std::string::npos) {
    if (!record_number(all, range.first)) throw bad("not a record number");
    range.last = range.first;
    return range;
  }
  std::string_view first = all.substr(0, dash), last = all.substr(dash + 1);
  if (first.empty() && last.empty()) throw bad("no numbers");
  if (!first.empty() && !record_number(first, range.first))
    throw bad("'" + std::string(first) + "' is not a record number");
  if (!last.empty() && !record_number(last, range.last))
    throw bad("'" + std::string(last) + "' is not a record number");
  if (range.last < range.first) throw bad("the range is empty");
  return range;
}

bool RecordFilter::matches(const MetaValue& record) const {
  const MetaValue* v = record.find_path(column);
  std::string text = v && v->is_scalar() ? v->as_text() : std::string();
  return (text == value) == equal;
}

RecordFilter parse_filter(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return Error(ErrorKind::Usage,
                 "--where '" + text + "': " + why + " (expected COLUMN == \"VALUE\" or COLUMN != \"VALUE\")");
  };
  RecordFilter filter;
  auto op = text.find("==");
  auto ne = text.find("!=");
  if (op == std::string::npos && ne == std::string::npos) throw bad("no == or !=");
  if (ne != std::string::npos && (op == std::string::npos || ne < op)) {
    op = ne;
    filter.equal = false;
  }
  auto trim = [](std::string s) {
    auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return std::string();
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
  };
  filter.column = trim(text.substr(0, op));
  std::string value = trim(text.substr(op + 2));
  if (filter.column.empty()) throw bad("no column name");
  if (filter.column.find_first_of(" \t\"'") != std::string::npos) throw bad("a column name has no spaces or quotes");
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
    filter.value = value.substr(1, value.size() - 2);
  } else if (value.find_first_of(" \t\"'") != std::string::npos) {
    throw bad("quote a value with spaces or quotes in it");
  } else {
    filter.value = value;
  }
  return filter;
}

}  // namespace quire::data
