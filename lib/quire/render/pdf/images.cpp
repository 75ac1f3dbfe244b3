#include "quire/render/pdf/images.hpp"

#include <list>

#include "quire/diag/diagnostic.hpp"
#include "quire/image/image_probe.hpp"
#include "quire/io/file.hpp"
#include "quire/render/pdf/deflate.hpp"

namespace quire::render::detail {

namespace {

// A PNG's stored image, for as long as the image stage keeps its decoded pixels: found by the pixels'
// address, which cannot be reused while the entry holds them.
struct Kept {
  std::shared_ptr<const image::Pixels> pixels;
  std::shared_ptr<const StoredImage> stored;
};
constexpr std::size_t kKeptImages = 8;

std::shared_ptr<const StoredImage> store_png(const image::Pixels& p) {
  auto stored = std::make_shared<StoredImage>();
  stored->width = p.width;
  stored->height = p.height;
  stored->bits = p.bits;
  stored->colour_space = p.channels == 1 ? "/DeviceGray" : "/DeviceRGB";
  stored->data = deflate({reinterpret_cast<const char*>(p.data.data()), p.data.size()});
  if (!p.alpha.empty()) {
    auto mask = std::make_shared<StoredImage>();
    mask->width = p.width;
    mask->height = p.height;
    mask->bits = p.bits;
    mask->colour_space = "/DeviceGray";
    mask->data = deflate({reinterpret_cast<const char*>(p.alpha.data()), p.alpha.size()});
    stored->mask = std::move(mask);
  }
  return stored;
}

std::shared_ptr<const StoredImage> stored_png(const std::string& path, std::string& why) {
  auto pixels = image::decoded_png(path, why);
  if (!pixels) return nullptr;
  thread_local std::list<Kept> kept;  // most recently used first
  for (auto it = kept.begin(); it != kept.end(); ++it) {
    if (it->pixels != pixels) continue;
    kept.splice(kept.begin(), kept, it);
    return it->stored;
  }
  auto stored = store_png(*pixels);
  kept.push_front({std::move(pixels), stored});
  if (kept.size() > kKeptImages) kept.pop_back();
  return stored;
}

std::shared_ptr<const StoredImage> stored_jpeg(const std::string& path, std::string& why) {
  image::JpegInfo info;
  image::Limits limits;
  if (!image::check_jpeg(path, info, why, limits)) return nullptr;
  auto stored = std::make_shared<StoredImage>();
  stored->width = info.width;
  stored->height = info.height;
  // check_jpeg: 1, 3 or 4 components. /DCTDecode undoes YCbCr and YCCK itself (the Adobe marker's
  // transform); Adobe's inverted CMYK is turned back by the image's /Decode.
  stored->colour_space = info.components == 1 ? "/DeviceGray" : info.components == 3 ? "/DeviceRGB" : "/DeviceCMYK";
  stored->inverted = info.components == 4 && info.adobe;
  stored->filter = "/DCTDecode";
  try {
    stored->data = io::read_file(path, limits.max_file_bytes);
  } catch (const Error& e) {
    why = e.what();
    return nullptr;
  }
  return stored;
}

}  // namespace

std::shared_ptr<const StoredImage> stored_image(const std::string& path, std::string& why) {
  switch (image::sniff(path)) {
    case image::Kind::Png:
      return stored_png(path, why);
    case image::Kind::Jpeg:
      return stored_jpeg(path, why);
    case image::Kind::Pdf:
    case image::Kind::Svg:  // vector figures are Form XObjects (figures.hpp)
    case image::Kind::Unknown:
      break;
  }
  why = "not a readable PNG or JPEG file";
  return nullptr;
}

int ImageRegistry::index(const std::string& path, std::string& why) {
  for (std::size_t i = 0; i < paths_.size(); ++i)
    if (paths_[i] == path) return static_cast<int>(i);
  auto stored = stored_image(path, why);
  if (!stored) return -1;
  paths_.push_back(path);
  images_.push_back(std::move(stored));
  return static_cast<int>(images_.size() - 1);
}

}  // namespace quire::render::detail
