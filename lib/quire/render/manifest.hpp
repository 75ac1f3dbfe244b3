#pragma once
// The manifest: what a render made, one row per output document (docs/mail-merge.md, "Manifest"),
// so a script can attach each letter to its donor. CSV (RFC 4180) or JSON, chosen by the file's
// extension, written atomically when the run has finished.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quire/io/file.hpp"

namespace quire::render {

struct ManifestRow {
  long long n = 0;                // the record's number in the data file (the place in the stream otherwise)
  std::optional<std::string> id;  // the record's id column, when it has one
  std::string file;               // the output file the document is in
  int first_page = 1;             // where it starts in that file (1 unless several share a file)
  int pages = 0;
  std::uintmax_t bytes = 0;  // the file's size and SHA-256 (of the whole file when documents share it)
  std::string sha256;
};

enum class ManifestFormat { Csv, Json };

// From the extension, any case: .csv or .json. Throws Error(Usage) for any other.
ManifestFormat manifest_format(const std::string& path);

// The rows as a document of `format`: CSV with a header line and CRLF line ends, fields quoted only
// when they need it; JSON as an array of objects (id null when there is none). Throws Error(Io) for
// a JSON file name that is not UTF-8 (JSON text cannot hold it).
std::string manifest_text(const std::vector<ManifestRow>& rows, ManifestFormat format);

// Opens the manifest's temporary file at once, so that an unwritable manifest stops the run before
// any document is rendered; write() puts the rows into it (flushed: a full disk shows here), commit()
// writes them if that was not done and renames the file into place.
class ManifestWriter {
 public:
  explicit ManifestWriter(const std::string& path);  // throws Error(Usage) or Error(Io)
  void add(ManifestRow row) { rows_.push_back(std::move(row)); }
  std::vector<ManifestRow>& rows() { return rows_; }
  void write();   // throws Error(Io)
  void commit();  // throws Error(Io)

 private:
  std::string path_;
  ManifestFormat format_;
  std::unique_ptr<io::OutputFile> out_;
  std::vector<ManifestRow> rows_;
  bool written_ = false;
};

}  // namespace quire::render
