#pragma once
// Images as the PDF stores them, made without libharu: a PNG's pixels deflated once per run (a
// letterhead's logo and a signature are the same in every letter of a mail merge), a JPEG's file as it
// is (/DCTDecode). libharu only draws a placeholder (hpdf_raw.hpp); the finishing pass and the joiner
// put the stored stream in its place (finish.hpp). Internal to the PDF backend.
#include <memory>
#include <string>
#include <vector>

namespace quire::render::detail {

// An image XObject's stream as stored: `data` is already encoded with `filter`.
struct StoredImage {
  int width = 0, height = 0;
  int bits = 8;                             // per sample: 8, or 16 for a 16-bit PNG
  const char* colour_space = "/DeviceRGB";  // or "/DeviceGray", "/DeviceCMYK" (JPEG)
  const char* filter = "/FlateDecode";      // or "/DCTDecode"
  bool inverted = false;                    // Adobe's inverted CMYK: /Decode [1 0 1 0 1 0 1 0]
  std::string data;
  std::shared_ptr<const StoredImage> mask;  // the soft mask (/SMask, gray), or none
};

// The stored image of the PNG or JPEG file at `path`, or null with `why` set when it cannot be read.
// A PNG is decoded and checked by the image stage (image::decoded_png, kept for the run) and deflated
// here once for as long as its decoded pixels are kept; a JPEG is checked (image::check_jpeg) and read
// afresh each time. Per thread.
std::shared_ptr<const StoredImage> stored_image(const std::string& path, std::string& why);

// The images of one output file (or of one batch of a joined file), numbered in order of first use:
// image k is placeholder k (image_placeholder).
class ImageRegistry {
 public:
  // The image's number, reading it on first use; -1 with `why` set when it cannot be read.
  int index(const std::string& path, std::string& why);
  const StoredImage& image(int index) const { return *images_.at(static_cast<std::size_t>(index)); }
  std::size_t size() const { return images_.size(); }

 private:
  std::vector<std::string> paths_;
  std::vector<std::shared_ptr<const StoredImage>> images_;
};

}  // namespace quire::render::detail
