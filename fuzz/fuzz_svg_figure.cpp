// An SVG figure (image/figure.hpp): the scan for entities, references and nesting, then librsvg and
// cairo drawing it to a PDF page, for any bytes. Must never crash, hang or read a file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "quire/image/figure.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string why;
  quire::image::Limits limits;
  limits.max_svg_elements = 20'000;  // keep each run short; the bounds are tested in tests/hostile
  (void)quire::image::svg_figure(text, why, limits);
  return 0;
}
