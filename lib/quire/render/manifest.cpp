#include "quire/render/manifest.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "quire/diag/diagnostic.hpp"
#include "quire/model/utf8.hpp"

namespace quire::render {

namespace {

// RFC 4180: a field with a separator, a quote or a line break is quoted, and its quotes doubled.
std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv(const std::vector<ManifestRow>& rows) {
  std::string out = "n,id,file,first_page,pages,bytes,sha256\r\n";
  for (const auto& row : rows) {
    out += std::to_string(row.n) + ',' + csv_field(row.id.value_or("")) + ',' + csv_field(row.file) + ',' +
           std::to_string(row.first_page) + ',' + std::to_string(row.pages) + ',' + std::to_string(row.bytes) + ',' +
           row.sha256 + "\r\n";
  }
  return out;
}

std::string json_text(const std::string& value, const char* what) {
  if (invalid_utf8_at(value) != std::string_view::npos)
    throw Error(ErrorKind::Io, std::string("the manifest cannot name ") + what +
                                   " that is not UTF-8 in JSON: " + json_string(value) + " (use a .csv manifest)");
  return json_string(value);
}

std::string json(const std::vector<ManifestRow>& rows) {
  std::string out = "[";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    out += i == 0 ? "\n" : ",\n";
    out += "  {\"n\": " + std::to_string(row.n) + ", \"id\": " + (row.id ? json_text(*row.id, "an id") : "null") +
           ", \"file\": " + json_text(row.file, "a file") + ", \"first_page\": " + std::to_string(row.first_page) +
           ", \"pages\": " + std::to_string(row.pages) + ", \"bytes\": " + std::to_string(row.bytes) +
           ", \"sha256\": \"" + row.sha256 + "\"}";
  }
  return out + (rows.empty() ? "]\n" : "\n]\n");
}

}  // namespace

ManifestFormat manifest_format(const std::string& path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos || path.find('/', dot) != std::string::npos ? "" : path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  if (ext == "csv") return ManifestFormat::Csv;
  if (ext == "json") return ManifestFormat::Json;
  throw Error(ErrorKind::Usage, "--manifest " + path + ": the name must end in .csv or .json (the format)");
}

std::string manifest_text(const std::vector<ManifestRow>& rows, ManifestFormat format) {
  return format == ManifestFormat::Csv ? csv(rows) : json(rows);
}

ManifestWriter::ManifestWriter(const std::string& path)
    : path_(path),
      format_(path == "-" ? throw Error(ErrorKind::Usage, "--manifest needs a file name, not standard output")
                          : manifest_format(path)),
      out_(std::make_unique<io::OutputFile>(path)) {}

void ManifestWriter::write() {
  out_->write(manifest_text(rows_, format_));
  if (std::fflush(out_->file()) != 0) throw Error(ErrorKind::Io, path_ + ": cannot write: " + std::strerror(errno));
  written_ = true;
}

void ManifestWriter::commit() {
  if (!written_) write();
  out_->commit();
}

}  // namespace quire::render
