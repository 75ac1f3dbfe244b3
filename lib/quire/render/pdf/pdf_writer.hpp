#pragma once
// The PDF backend: draws laid-out pages with libharu. The only code that includes hpdf.h.
#include <ctime>
#include <optional>
#include <string>

#include "quire/io/file.hpp"
#include "quire/layout/pages.hpp"

namespace quire::render {

struct PdfOptions {
  // Creation/modification date; from SOURCE_DATE_EPOCH when set so output is reproducible.
  std::optional<std::time_t> date;
};

// SOURCE_DATE_EPOCH if set and valid, else nullopt (no date written).
std::optional<std::time_t> source_date_epoch();

// Writes the document as PDF into `out` (not committed: the caller commits). Throws quire::Error(Io)
// when a font or image cannot be embedded or the file cannot be written.
void write_pdf(const layout::LaidOutDocument& doc, const PdfOptions& options, io::OutputFile& out);

}  // namespace quire::render
