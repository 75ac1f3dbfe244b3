#pragma once
// Vector figures in the PDF backend: the page of a PDF (or an SVG drawn as one, image/figure.hpp)
// becomes a Form XObject, embedded once per output file however often it is drawn. The writer draws
// a placeholder (`<< /Type /XObject /QuireFigure k >>`, hpdf_raw.hpp) scaled into the image's box;
// the finishing pass (finish.hpp) or the joiner (assemble.hpp) puts figure k's Form XObject in its
// place. Internal to the PDF backend. docs/pdf.md, "Vector figures".
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "quire/image/figure.hpp"

class QPDF;
class QPDFObjectHandle;

namespace quire::render::detail {

// The figures of one output file, numbered in order of first use: figure k is the placeholder with
// /QuireFigure k and the resource /QFk. Shared by every document of a joined PDF.
class FigureRegistry {
 public:
  // The number of `path`'s page `page`, registering `figure` on first use.
  int index(const std::string& path, int page, std::shared_ptr<const image::Figure> figure);
  const image::Figure& figure(int k) const { return *figures_.at(static_cast<std::size_t>(k)); }
  std::size_t size() const { return figures_.size(); }

 private:
  std::map<std::pair<std::string, int>, int> numbers_;
  std::vector<std::shared_ptr<const image::Figure>> figures_;
};

// The key of a figure placeholder, and the figure number of one (-1 for any other object).
inline constexpr const char* kFigureKey = "/QuireFigure";
int placeholder_figure(const QPDFObjectHandle& object);

// A figure's page as a Form XObject in the figure's own parsed file: its content (one stream kept as
// stored, several joined and deflated once), its resources, its transparency group, /BBox the
// figure's box and /Matrix turning it by the page's /Rotate onto [0 0 width height]. Actions,
// JavaScript, structure keys and anything pointing at pages are taken out of everything it reaches,
// so only the drawing comes along. Copy form() into the output while this object lives.
class ImportedFigure {
 public:
  explicit ImportedFigure(const image::Figure& figure);
  ~ImportedFigure();
  ImportedFigure(const ImportedFigure&) = delete;
  ImportedFigure& operator=(const ImportedFigure&) = delete;

  QPDFObjectHandle form() const;

 private:
  std::shared_ptr<const std::string> bytes_;  // the parsed file reads from these
  std::unique_ptr<QPDF> source_;
  std::unique_ptr<QPDFObjectHandle> form_;
};

// Points each page resource that names a figure placeholder at the figure's Form XObject, copied into
// `pdf` (a single file being finished) once.
// The imported files are kept in `keep`: `pdf` reads their streams when it is written.
void fill_figures(QPDF& pdf, const FigureRegistry& figures, std::vector<std::unique_ptr<ImportedFigure>>& keep);

// The operators that draw figure `k` (resource /QFk) scaled into the box whose bottom-left corner is
// (x, y) in PDF coordinates: q … cm /QFk Do Q.
std::string draw_figure(int k, const image::Figure& figure, double x, double y, double width, double height);

}  // namespace quire::render::detail
