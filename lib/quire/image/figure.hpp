#pragma once
// Vector figures: one page of a PDF, or an SVG drawn onto a PDF page in memory (librsvg on a cairo PDF
// surface), checked here before layout sizes them; the PDF backend imports the page as a Form XObject
// (lib/quire/render/pdf/figures.cpp). Nothing a figure names is fetched or read: an SVG's references
// to other files are refused, a PDF brings only its page's drawing (no annotations, actions, forms or
// JavaScript). docs/figures.md, "Vector figures".
#include <memory>
#include <string>
#include <vector>

#include "quire/image/image_probe.hpp"

class QPDF;
class QPDFObjectHandle;

namespace quire::image {

// A checked figure: the PDF bytes and which page of them to draw, at what size.
struct Figure {
  std::shared_ptr<const std::string> pdf;  // a whole PDF file: the figure itself, or the SVG drawn
  int page = 1;                            // 1-based
  // The page's visible box in its default user space: the TrimBox, else the CropBox, else the
  // MediaBox, each cut to the MediaBox. llx, lly, urx, ury.
  double box[4] = {0, 0, 0, 0};
  int rotate = 0;                     // the page's /Rotate: 0, 90, 180 or 270 (clockwise, as shown)
  double width = 0, height = 0;       // the size shown, in points (the box turned by `rotate`)
  bool svg = false;                   // drawn from an SVG
  std::vector<std::string> warnings;  // what was left out (JavaScript, links), for the figure's position
};

// The number of the page a figure's URL asks for: `chart.pdf#page=3` → 3 and `chart.pdf`; 1 when the
// URL has no such fragment. `url` keeps everything before the fragment. 0 for a malformed number.
int page_fragment(std::string& url);

// Checks page `page` (1-based) of the PDF `bytes`: not encrypted, a page tree without loops that
// has the page, a box of a sane size (at most 200 inches a side), Form XObjects nested at most
// limits.max_form_depth deep and never in a loop, at most limits.max_objects objects reachable from
// the page. nullptr with `why` set otherwise. Bounded in time and memory by `limits`.
std::shared_ptr<const Figure> pdf_figure(std::string bytes, int page, std::string& why, const Limits& limits = {});

// Draws the SVG `text` into a one-page PDF and checks it as pdf_figure does. Refused (nullptr with
// `why`): entity declarations other than short literal ones, external entities, references to any
// other file or URL (only `#fragment` and `data:` are drawn), elements nested deeper than
// limits.max_svg_depth or more than limits.max_svg_elements of them, a size above 200 inches.
std::shared_ptr<const Figure> svg_figure(const std::string& text, std::string& why, const Limits& limits = {});

// The figure in file `path` (a PDF or an SVG, told by its bytes), kept for the run like decoded_png:
// a letterhead's SVG logo is drawn and checked once for a whole mail merge. Per thread.
std::shared_ptr<const Figure> vector_figure(const std::string& path, int page, std::string& why,
                                            const Limits& limits = {});

// The figure's page in `pdf` (its bytes, parsed by the caller), found as pdf_figure found it, with the
// resources it inherits put on it. For the PDF backend, which links libqpdf too. Throws Error(Io)
// when the page is not there (bytes other than the figure's).
QPDFObjectHandle figure_page(QPDF& pdf, const Figure& figure);

}  // namespace quire::image
