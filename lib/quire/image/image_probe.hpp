#pragma once
// Checks images before anything else touches them: libharu aborts the process on a truncated PNG,
// so every PNG is fully decoded here first (libpng with its own error handler), and JPEG headers are
// parsed and checked against the file. Also the decoded pixels the PDF backend embeds.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/io/confine.hpp"
#include "quire/layout/metrics.hpp"

namespace quire::image {

struct Limits {
  std::uint64_t max_pixels = 100'000'000;  // width × height
  std::uint64_t max_file_bytes = 64u << 20;
  // Vector figures (figure.hpp).
  int max_form_depth = 64;              // Form XObjects drawn inside each other
  std::uint64_t max_objects = 500'000;  // objects reachable from the figure's page
  int max_svg_depth = 256;              // elements nested in an SVG
  std::uint64_t max_svg_elements = 250'000;
  std::uint64_t max_svg_entity_bytes = 1u << 20;  // text that entity references expand to, in all
};

// Decoded pixels: `channels` is 1 (gray) or 3 (RGB), each sample `bits` deep (8, or 16 stored high
// byte first, as PDF wants them); `alpha` is empty or one sample of the same depth per pixel.
struct Pixels {
  int width = 0, height = 0, channels = 3;
  int bits = 8;
  std::vector<std::uint8_t> data, alpha;
  double dpi = 0;  // from pHYs; 0 when the file does not say
};

// Decodes a PNG (any bit depth, palette, interlaced); nullopt with `why` set on failure. A 16-bit PNG
// keeps its 16 bits per sample (a PDF holds them: no banding in a print workflow's gradients); palette
// images and gray under 8 bits become 8-bit. The dimensions are checked against `limits` before any
// pixel memory is allocated.
std::optional<Pixels> decode_png(const std::string& path, std::string& why, const Limits& limits = {});

// decode_png's pixels, kept for the run: a letterhead's logo or a signature is decoded once for a mail
// merge, by layout's probe and the PDF backend alike, not once per letter and stage. A file is
// recognised by its bytes (read again each time: a few KiB against decoding its pixels), so a file
// changed during the run is decoded afresh. The eight files used last are kept, if together under
// 64 MiB. Per thread.
std::shared_ptr<const Pixels> decoded_png(const std::string& path, std::string& why, const Limits& limits = {});

struct JpegInfo {
  int width = 0, height = 0, components = 0;  // components: 1 gray, 3 RGB (YCbCr), 4 CMYK (or YCCK)
  double dpi = 0;                             // from the JFIF density; 0 when the file does not say
  // An Adobe APP14 marker. A four-component JPEG with one holds inverted CMYK (255 is no ink), as
  // Photoshop writes it: the PDF backend draws it with /Decode [1 0 1 0 1 0 1 0].
  bool adobe = false;
};

// True for a JPEG whose header is sane: baseline, extended or progressive Huffman SOF with dimensions
// within limits, 1, 3 or 4 components, and a file that ends with EOI (a truncated JPEG would embed as
// a broken image).
bool check_jpeg(const std::string& path, JpegInfo& info, std::string& why, const Limits& limits = {});
bool check_jpeg(const std::string& path, int& width, int& height, std::string& why, const Limits& limits = {});

enum class Kind { Unknown, Png, Jpeg, Pdf, Svg };
// The type from the first bytes of the file (never from its name); Unknown when it cannot be read.
// PDF: "%PDF-" within the first 1024 bytes; SVG: XML whose first element is <svg>.
Kind sniff(const std::string& path);

// The ImageProbe layout uses: resolves relative paths, checks the file, reports problems as errors
// (at the image's position) into `diags`, which it keeps a reference to: a missing or broken image
// fails the document. Remote URLs (http, https, ftp) are left out with a warning: quire never fetches
// anything. An image outside the project root (`confine`, symlinks resolved) is an error too.
class FileImageProbe : public layout::ImageProbe {
 public:
  explicit FileImageProbe(Diagnostics& diags, Limits limits = {}, io::Confinement confine = {})
      : diags_(diags), limits_(limits), confine_(std::move(confine)) {}
  std::optional<layout::ImageSize> probe(const std::string& url, const std::string& source_file,
                                         const SourcePos& at) const override;

 private:
  Diagnostics& diags_;
  Limits limits_;
  io::Confinement confine_;
};

}  // namespace quire::image
