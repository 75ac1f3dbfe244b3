#pragma once
// The last pass over libharu's output, through libqpdf: correct ToUnicode maps, a content-derived
// /ID, object streams, and AES-256 encryption when asked. Internal to the PDF backend.
#include <map>
#include <set>
#include <string>

#include "quire/render/pdf/pdf_writer.hpp"

class QPDF;

namespace quire::render::detail {

// Code points drawn with each font, keyed by the font's PostScript name as libharu writes it
// after the subset tag ("NanumMyeongjo" for /BaseFont /HPDFAA+NanumMyeongjo).
using FontCodePoints = std::map<std::string, std::set<char32_t>>;

// Rewrites `pdf` (a whole file from libharu). Without encryption the result depends only on the
// input bytes. Throws Error(Io) (never naming a password) when qpdf rejects the file or a password.
std::string finish_pdf(const std::string& pdf, const FontCodePoints& fonts, const PdfOptions& options);

// The repairs finish_pdf makes to libharu's objects, for files joined without a rewrite (assemble.hpp):
// ToUnicode maps from `fonts`, the CIDFonts' ordering, destinations that keep the reader's zoom.
void tidy(QPDF& pdf, const FontCodePoints& fonts);

// Rewrites the whole file at `path` (assemble.hpp's output) into `out`, encrypted as `options` asks.
// qpdf reads objects from the file as it writes them. Throws Error(Io) (never naming a password).
void encrypt_file(const std::string& path, const PdfOptions& options, io::OutputFile& out);

// A ToUnicode CMap mapping each code (libharu writes UTF-8 text as 2-byte Unicode codes, CID = code)
// to itself, for the BMP code points of `code_points` (others cannot be drawn).
std::string to_unicode_cmap(const std::set<char32_t>& code_points);

}  // namespace quire::render::detail
