#pragma once
// The last pass over libharu's output, through libqpdf: the fonts (placeholders become Type 0 fonts),
// a content-derived /ID, object streams, and AES-256 encryption when asked. Internal to the PDF backend.
#include <string>

#include "quire/render/pdf/figures.hpp"
#include "quire/render/pdf/glyph_text.hpp"
#include "quire/render/pdf/images.hpp"
#include "quire/render/pdf/pdf_writer.hpp"

#include <vector>

#include "quire/layout/pages.hpp"

class QPDF;
class QPDFObjectHandle;

namespace quire::render::detail {

// What the writer drew, for the structure tree of a tagged PDF: per page, each marked-content
// sequence (`mcid` ≥ 0, numbered from 0 on each page) and each link annotation (`mcid` -1) in drawing
// order, with the element (LaidOutDocument::structure) it belongs to.
struct Mark {
  int tag = 0;
  int mcid = -1;
};
struct Tagging {
  const layout::LaidOutDocument* doc = nullptr;
  std::vector<std::vector<Mark>> pages;
};

// Rewrites `pdf` (a whole file from libharu) with the fonts of `fonts` and the images of `images` in
// place of their placeholders (hpdf_raw.hpp). Without encryption the result depends only on the input bytes and the
// glyphs drawn. Throws Error(Io) (never naming a password) when qpdf rejects the file or a password. With `tagging`,
// adds the structure tree and what PDF/UA-1 asks of the catalog and pages; with `figures`, each figure
// placeholder becomes its Form XObject (figures.hpp).
std::string finish_pdf(const std::string& pdf, const FontRegistry& fonts, const ImageRegistry& images,
                       const PdfOptions& options, const Tagging* tagging = nullptr,
                       const FigureRegistry* figures = nullptr);

// The repairs finish_pdf makes to libharu's objects, also for files joined without a rewrite
// (assemble.hpp): with `fonts`, each font placeholder becomes its face's Type 0 font (cid_font.hpp);
// each image placeholder drawn by a page (its /Resources /XObject) becomes the image's stored stream
// (images.hpp), with its soft mask; destinations keep the reader's zoom.
void tidy(QPDF& pdf, const FontRegistry* fonts, const ImageRegistry& images);

// Rewrites the whole file at `path` (assemble.hpp's output) into `out`, encrypted as `options` asks.
// qpdf reads objects from the file as it writes them. Throws Error(Io) (never naming a password).
void encrypt_file(const std::string& path, const PdfOptions& options, io::OutputFile& out);

// The key of a font placeholder (hpdf_raw.hpp) that holds its face number.
inline constexpr const char* kPlaceholderKey = "/QuireFace";
// The key of an image placeholder (hpdf_raw.hpp) that holds its image number.
inline constexpr const char* kImageKey = "/QuireImage";

// The face number of a font placeholder, or -1 for any other object.
int placeholder_face(const QPDFObjectHandle& object);

}  // namespace quire::render::detail
