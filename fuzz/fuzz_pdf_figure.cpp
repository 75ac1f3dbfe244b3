// A PDF figure (image/figure.hpp): the checks on its page, then its import as a Form XObject into a
// PDF that is written (render/pdf/figures.hpp), for any bytes. Neither may crash, hang or grow
// without bound; a refusal is a reason in `why`, an import failure a quire::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "quire/image/figure.hpp"
#include "quire/render/pdf/figures.hpp"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFWriter.hh>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::string why;
  auto figure = quire::image::pdf_figure(bytes, 1, why);
  if (!figure) return 0;
  try {
    quire::render::detail::ImportedFigure imported(*figure);
    QPDF out;
    out.emptyPDF();
    out.copyForeignObject(imported.form());
    QPDFWriter writer(out);
    writer.setOutputMemory();
    writer.write();
  } catch (const quire::Error&) {
  } catch (const std::exception&) {
    // qpdf may find a stream it cannot read only when it is written: a refusal, not a crash.
  }
  return 0;
}
