#pragma once
// The last pass over libharu's output, through libqpdf: the fonts (placeholders become Type 0 fonts),
// a content-derived /ID, object streams, and AES-256 encryption when asked. Internal to the PDF backend.
#include <string>

#include "quire/render/pdf/figures.hpp"
#include "quire/render/pdf/glyph_text.hpp"
#include "quire/render/pdf/images.hpp"
#include "quire/render/pdf/pdf_writer.hpp"

#include <utility>
#include <vector>

#include <qpdf/QPDFObjectHandle.hh>

#include "quire/layout/pages.hpp"

class QPDF;

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

// ---- Pieces of a tagged or archival file, for finish_pdf and for files joined as they come (assemble.hpp)

// The structure elements of `tagging`, made in `pdf`: elements without a parent (with `skip_root`, also
// the children of a root Document whose children are all Parts, the root left out) get /P `top_parent`
// and come back in `top`, in reading order; pages get /StructParents and /Tabs /S, links /StructParent,
// /Contents and their Link element. Keys are given from `next_key` on and note IDs numbered from
// `next_note` on; both are advanced.
struct Structure {
  std::vector<QPDFObjectHandle> top;
  std::vector<std::pair<long long, QPDFObjectHandle>> nums;   // the parent tree's entries, keys ascending
  std::vector<std::pair<std::string, QPDFObjectHandle>> ids;  // Note elements' /ID (ascending) and element
};
Structure build_structure(QPDF& pdf, const Tagging& tagging, QPDFObjectHandle top_parent, long long& next_key,
                          std::size_t& next_note, bool skip_root);

// /MarkInfo, /Lang and /ViewerPreferences << /DisplayDocTitle true >> on a tagged file's catalog.
void mark_catalog(QPDFObjectHandle catalog, const std::string& lang);

// The language a tagged PDF says it is in: the document's, else (with a warning) en-US.
std::string document_lang(const layout::LaidOutDocument& doc);

// The XMP metadata of a tagged or archival file, from `pdf`'s information dictionary (see finish.cpp).
std::string xmp(QPDF& pdf, const PdfOptions& options);

// The sRGB ICC profile of PDF/A's output intent, read once; throws Error(Io) naming the package.
const std::string& srgb_profile();

// Every annotation printable (/F 4), as PDF/A-2 asks.
void printable_annotations(QPDF& pdf);

}  // namespace quire::render::detail
