#pragma once
// Checks images before anything else touches them: libharu aborts the process on a truncated PNG,
// so every PNG is fully decoded here first (libpng with its own error handler), and JPEG headers are
// parsed and checked against the file. Also the decoded pixels the PDF backend embeds.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/layout/metrics.hpp"

namespace quire::image {

struct Limits {
  std::uint64_t max_pixels = 100'000'000;  // width × height
  std::uint64_t max_file_bytes = 64u << 20;
};

// Decoded 8-bit pixels: `channels` is 1 (gray) or 3 (RGB); `alpha` is empty or width×height bytes.
struct Pixels {
  int width = 0, height = 0, channels = 3;
  std::vector<std::uint8_t> data, alpha;
};

// Decodes a PNG (any bit depth, palette, interlaced) into 8-bit pixels; nullopt with `why` set on failure.
std::optional<Pixels> decode_png(const std::string& path, std::string& why, const Limits& limits = {});

// True for a JPEG whose header is sane (SOF dimensions within limits, file ends with EOI).
bool check_jpeg(const std::string& path, int& width, int& height, std::string& why, const Limits& limits = {});

// The ImageProbe layout uses: resolves relative paths, checks the file, reports problems as warnings
// (at `pos` of the image) into `diags`, which it keeps a reference to.
class FileImageProbe : public layout::ImageProbe {
 public:
  explicit FileImageProbe(Diagnostics& diags, Limits limits = {}) : diags_(diags), limits_(limits) {}
  std::optional<layout::ImageSize> probe(const std::string& url, const std::string& source_file) const override;

 private:
  Diagnostics& diags_;
  Limits limits_;
};

}  // namespace quire::image
