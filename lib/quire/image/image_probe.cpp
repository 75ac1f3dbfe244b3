#include "quire/image/image_probe.hpp"

#include <png.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <list>
#include <string_view>

#include "quire/image/figure.hpp"
#include "quire/io/file.hpp"

namespace quire::image {

namespace fs = std::filesystem;

namespace {

// ---- PNG -----------------------------------------------------------------------------------------
// libpng reports errors by longjmp to the last setjmp. Every function below that calls setjmp keeps
// only trivially destructible locals, so the jump skips no C++ destructor.

struct PngState {
  std::FILE* file = nullptr;
  png_structp png = nullptr;
  png_infop info = nullptr;
  char message[200] = "";

  ~PngState() {
    if (png) png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    if (file) std::fclose(file);
  }
};

void on_png_error(png_structp png, png_const_charp msg) {
  auto* state = static_cast<PngState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof state->message, "%s", msg);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}  // benign (e.g. an unknown chunk): ignored

struct PngHeader {
  png_uint_32 width = 0, height = 0;
  int channels = 0;  // after the transforms: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
  int bits = 8;      // per sample after the transforms: 8 or 16
  png_size_t rowbytes = 0;
  double dpi = 0;
};

enum class Step { Ok, Failed, TooLarge };

Step read_header(PngState& s, PngHeader& h, std::uint64_t max_pixels) {
  if (setjmp(png_jmpbuf(s.png))) return Step::Failed;
  png_init_io(s.png, s.file);
  png_read_info(s.png, s.info);
  h.width = png_get_image_width(s.png, s.info);
  h.height = png_get_image_height(s.png, s.info);
  // Checked before anything sized by the image is allocated.
  if (std::uint64_t(h.width) * h.height > max_pixels) return Step::TooLarge;
  png_uint_32 res_x = 0, res_y = 0;
  int unit = 0;
  if (png_get_pHYs(s.png, s.info, &res_x, &res_y, &unit) && unit == PNG_RESOLUTION_METER && res_x > 0)
    h.dpi = std::round(res_x * 0.0254);
  png_set_expand(s.png);  // palette → RGB, gray < 8 bits → 8 bits, tRNS → alpha; 16 bits stay 16
  png_set_interlace_handling(s.png);
  png_read_update_info(s.png, s.info);
  h.channels = png_get_channels(s.png, s.info);
  h.bits = png_get_bit_depth(s.png, s.info);
  h.rowbytes = png_get_rowbytes(s.png, s.info);
  return Step::Ok;
}

bool read_rows(PngState& s, png_bytepp rows) {
  if (setjmp(png_jmpbuf(s.png))) return false;
  png_read_image(s.png, rows);
  png_read_end(s.png, nullptr);
  return true;
}

Pixels split_channels(const PngHeader& h, const std::vector<std::uint8_t>& raw) {
  Pixels p;
  p.width = static_cast<int>(h.width);
  p.height = static_cast<int>(h.height);
  p.dpi = h.dpi;
  p.bits = h.bits;
  bool has_alpha = h.channels == 2 || h.channels == 4;
  p.channels = has_alpha ? h.channels - 1 : h.channels;
  std::size_t n = std::size_t(h.width) * h.height;
  std::size_t sample = h.bits / 8;  // bytes: libpng gives 16-bit samples high byte first
  p.data.reserve(n * p.channels * sample);
  if (has_alpha) p.alpha.reserve(n * sample);
  for (std::size_t y = 0; y < h.height; ++y) {
    const std::uint8_t* row = raw.data() + y * h.rowbytes;
    for (std::size_t x = 0; x < h.width; ++x) {
      const std::uint8_t* px = row + x * h.channels * sample;
      p.data.insert(p.data.end(), px, px + p.channels * sample);
      if (has_alpha) p.alpha.insert(p.alpha.end(), px + p.channels * sample, px + (p.channels + 1) * sample);
    }
  }
  // A fully opaque alpha channel (every byte 255, so 65535 at 16 bits) is dropped: no soft mask to embed.
  if (std::all_of(p.alpha.begin(), p.alpha.end(), [](std::uint8_t a) { return a == 255; })) p.alpha.clear();
  return p;
}

bool too_big(const std::string& path, const Limits& limits, std::string& why) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) {
    why = "cannot read \"" + path + "\": " + ec.message();
    return true;
  }
  if (size > limits.max_file_bytes) {
    why = "file is larger than the limit of " + std::to_string(limits.max_file_bytes) + " bytes";
    return true;
  }
  return false;
}

// ---- PNGs kept for the run ----------------------------------------------------------------------

class DecodedPngs {
 public:
  std::shared_ptr<const Pixels> get(const std::string& path, std::string& why, const Limits& limits) {
    std::string file;
    try {
      file = io::read_file(path, limits.max_file_bytes);
    } catch (const Error&) {
      return decode(path, why, limits);  // decode_png says why
    }
    for (auto it = kept_.begin(); it != kept_.end(); ++it) {
      if (it->file != file) continue;
      // Kept under other limits: these may be tighter.
      if (std::uint64_t(it->pixels->width) * std::uint64_t(it->pixels->height) > limits.max_pixels) break;
      kept_.splice(kept_.begin(), kept_, it);
      return it->pixels;
    }
    auto pixels = decode(path, why, limits);
    if (!pixels) return nullptr;
    std::size_t size = file.size() + pixels->data.size() + pixels->alpha.size();
    if (size > kBytes) return pixels;
    while (!kept_.empty() && (kept_.size() >= kFiles || bytes_ + size > kBytes)) {
      bytes_ -= kept_.back().size;
      kept_.pop_back();
    }
    kept_.push_front({std::move(file), pixels, size});
    bytes_ += size;
    return pixels;
  }

 private:
  static constexpr std::size_t kFiles = 8, kBytes = std::size_t(64) << 20;

  struct Entry {
    std::string file;
    std::shared_ptr<const Pixels> pixels;
    std::size_t size = 0;
  };

  static std::shared_ptr<const Pixels> decode(const std::string& path, std::string& why, const Limits& limits) {
    auto pixels = decode_png(path, why, limits);
    return pixels ? std::make_shared<const Pixels>(std::move(*pixels)) : nullptr;
  }

  std::list<Entry> kept_;
  std::size_t bytes_ = 0;
};

// ---- JPEG ----------------------------------------------------------------------------------------

unsigned be16(const std::string& d, std::size_t at) {
  return (unsigned(static_cast<unsigned char>(d[at])) << 8) | static_cast<unsigned char>(d[at + 1]);
}

bool ends_with_eoi(const std::string& d) {
  std::size_t end = d.size();
  while (end > 0 && d[end - 1] == '\0') --end;  // some writers pad after EOI
  return end >= 2 && static_cast<unsigned char>(d[end - 2]) == 0xFF && static_cast<unsigned char>(d[end - 1]) == 0xD9;
}

// Reads a SOF segment body (after the length). False with `why` set when libharu cannot embed it.
bool read_sof(const std::string& d, std::size_t at, unsigned length, JpegInfo& info, std::string& why) {
  if (length < 8) {
    why = "JPEG frame header is too short";
    return false;
  }
  int precision = static_cast<unsigned char>(d[at]);
  info.height = static_cast<int>(be16(d, at + 1));
  info.width = static_cast<int>(be16(d, at + 3));
  info.components = static_cast<unsigned char>(d[at + 5]);
  if (precision != 8) {
    why = "JPEG with " + std::to_string(precision) + "-bit samples is not supported";
    return false;
  }
  return true;
}

bool parse_jpeg(const std::string& d, JpegInfo& info, std::string& why) {
  if (d.size() < 4 || static_cast<unsigned char>(d[0]) != 0xFF || static_cast<unsigned char>(d[1]) != 0xD8) {
    why = "not a JPEG file";
    return false;
  }
  // Segments up to the first scan: the frame header, and an Adobe marker, which may come after it.
  std::size_t pos = 2;
  bool frame = false;
  for (;;) {
    if (pos >= d.size() || static_cast<unsigned char>(d[pos]) != 0xFF) {
      why = pos < d.size() ? "corrupt JPEG marker"
            : frame        ? "JPEG file is truncated in its header"
                           : "JPEG file is truncated before its frame header";
      return false;
    }
    while (pos < d.size() && static_cast<unsigned char>(d[pos]) == 0xFF) ++pos;  // fill bytes
    if (pos >= d.size()) continue;
    unsigned marker = static_cast<unsigned char>(d[pos++]);
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // markers without a segment
    if (marker == 0xDA && frame) return true;
    if (marker == 0xD9 || marker == 0xDA) {
      why = frame ? "JPEG has no image data" : "JPEG has no frame header before its image data";
      return false;
    }
    if (pos + 2 > d.size() || be16(d, pos) < 2 || pos + be16(d, pos) > d.size()) {
      why = "JPEG file is truncated in its header";
      return false;
    }
    unsigned length = be16(d, pos);
    std::size_t body = pos + 2;
    if (marker == 0xEE && length >= 7 && d.compare(body, 5, "Adobe") == 0) info.adobe = true;
    if (marker == 0xE0 && length >= 14 && d.compare(body, 5, std::string("JFIF\0", 5)) == 0) {
      unsigned units = static_cast<unsigned char>(d[body + 7]);
      unsigned density = be16(d, body + 8);
      if (units == 1) info.dpi = density;
      if (units == 2) info.dpi = std::round(density * 2.54);
    }
    if (marker == 0xC0 || marker == 0xC1 || marker == 0xC2) {
      if (!frame && !read_sof(d, body, length, info, why)) return false;
      frame = true;
    }
    if (marker >= 0xC3 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      why = "JPEG coding is not supported (lossless, hierarchical or arithmetic)";
      return false;
    }
    pos += length;
  }
}

bool has_scheme(const std::string& url, std::string& scheme) {
  auto colon = url.find(':');
  if (colon == std::string::npos || colon < 2) return false;  // "C:" would be a drive, not a scheme
  for (std::size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = std::isalpha(static_cast<unsigned char>(c)) ||
              (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  scheme = url.substr(0, colon);
  return true;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

fs::path resolve(const std::string& url, const std::string& source_file) {
  fs::path p(url);
  if (p.is_relative() && !source_file.empty() && source_file != "-") p = fs::path(source_file).parent_path() / p;
  return p.lexically_normal();
}

}  // namespace

std::optional<Pixels> decode_png(const std::string& path, std::string& why, const Limits& limits) {
  if (too_big(path, limits, why)) return std::nullopt;
  PngState s;
  s.file = io::open_c_file(path);
  if (!s.file) {
    why = "cannot open \"" + path + "\": " + std::strerror(errno);
    return std::nullopt;
  }
  png_byte sig[8] = {};
  if (std::fread(sig, 1, 8, s.file) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
    why = "not a PNG file";
    return std::nullopt;
  }
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, on_png_error, on_png_warning);
  if (s.png) s.info = png_create_info_struct(s.png);
  if (!s.png || !s.info) {
    why = "cannot initialise libpng";
    return std::nullopt;
  }
  png_set_sig_bytes(s.png, 8);
  PngHeader h;
  Step step = read_header(s, h, limits.max_pixels);
  if (step == Step::TooLarge) {
    why = "image of " + std::to_string(h.width) + "x" + std::to_string(h.height) + " pixels exceeds the limit of " +
          std::to_string(limits.max_pixels) + " pixels";
    return std::nullopt;
  }
  if (step == Step::Failed) {
    why = std::string("invalid PNG: ") + s.message;
    return std::nullopt;
  }
  std::vector<std::uint8_t> raw(h.rowbytes * h.height);
  std::vector<png_bytep> rows(h.height);
  for (std::size_t y = 0; y < h.height; ++y) rows[y] = raw.data() + y * h.rowbytes;
  if (!read_rows(s, rows.data())) {
    why = std::string("invalid PNG: ") + s.message;
    return std::nullopt;
  }
  return split_channels(h, raw);
}

bool check_jpeg(const std::string& path, JpegInfo& info, std::string& why, const Limits& limits) {
  if (too_big(path, limits, why)) return false;
  std::string data;
  try {
    data = io::read_file(path, limits.max_file_bytes);
  } catch (const Error&) {
    why = "cannot read \"" + path + "\"";
    return false;
  }
  info = {};
  if (!parse_jpeg(data, info, why)) return false;
  if (info.width == 0 || info.height == 0) {
    why = "JPEG has a zero width or height";
    return false;
  }
  if (std::uint64_t(info.width) * std::uint64_t(info.height) > limits.max_pixels) {
    why = "image of " + std::to_string(info.width) + "x" + std::to_string(info.height) +
          " pixels exceeds the limit of " + std::to_string(limits.max_pixels) + " pixels";
    return false;
  }
  if (info.components != 1 && info.components != 3 && info.components != 4) {
    why = "JPEG with " + std::to_string(info.components) + " colour components is not supported";
    return false;
  }
  if (!ends_with_eoi(data)) {
    why = "JPEG file is truncated (no end-of-image marker)";
    return false;
  }
  return true;
}

bool check_jpeg(const std::string& path, int& width, int& height, std::string& why, const Limits& limits) {
  JpegInfo info;
  bool ok = check_jpeg(path, info, why, limits);
  width = info.width;
  height = info.height;
  return ok;
}

Kind sniff(const std::string& path) {
  unsigned char head[1024] = {};
  std::FILE* f = io::open_c_file(path);
  if (!f) return Kind::Unknown;
  std::size_t n = std::fread(head, 1, sizeof head, f);
  std::fclose(f);
  static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (n >= 8 && std::memcmp(head, png_sig, 8) == 0) return Kind::Png;
  if (n >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return Kind::Jpeg;
  std::string_view text(reinterpret_cast<const char*>(head), n);
  // PDF readers accept a header anywhere in the first 1024 bytes.
  if (text.find("%PDF-") != std::string_view::npos) return Kind::Pdf;
  // XML (a BOM, a declaration, comments, a DOCTYPE first) whose root element is <svg>.
  std::size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  if (at < text.size() && text[at] == '<') {
    std::size_t svg = text.find("<svg", at);
    if (svg == std::string_view::npos) svg = text.find(":svg", at);
    if (svg != std::string_view::npos) return Kind::Svg;
  }
  return Kind::Unknown;
}

std::shared_ptr<const Pixels> decoded_png(const std::string& path, std::string& why, const Limits& limits) {
  thread_local DecodedPngs kept;
  return kept.get(path, why, limits);
}

std::optional<layout::ImageSize> FileImageProbe::probe(const std::string& url, const std::string& source_file,
                                                       const SourcePos& at) const {
  SourcePos where = at.known() || !at.file.empty() ? at : SourcePos{source_file, 0, 0};
  // A missing or broken image is an error: a run must not send out documents without their logo.
  auto refuse = [&](const std::string& why) -> std::optional<layout::ImageSize> {
    diags_.error(where, "image \"" + url + "\": " + why);
    return std::nullopt;
  };
  std::string scheme;
  if (has_scheme(url, scheme)) {
    for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Validation warns about these too: the document still renders, without them.
    if (scheme == "http" || scheme == "https" || scheme == "ftp") {
      diags_.warning(where, "image \"" + url + "\" left out: remote images are not fetched");
      return std::nullopt;
    }
    return refuse("unsupported URL scheme \"" + scheme + "\"");
  }
  // `chart.pdf#page=2`: a page of a PDF figure (unless a file has that very name).
  std::string file_url = url;
  int page = 1;
  std::error_code ec;
  if (url.find('#') != std::string::npos && !fs::exists(resolve(url, source_file), ec)) {
    page = page_fragment(file_url);
    if (page == 0) return refuse("the page in \"#page=N\" must be a whole number from 1");
  }
  fs::path path = resolve(file_url, source_file);
  if (!fs::exists(path, ec)) {
    fs::path decoded = resolve(percent_decode(file_url), source_file);  // "my%20logo.png"
    if (fs::exists(decoded, ec)) path = decoded;
  }
  // Before looking at the file at all: whether a file outside the root exists is not for a document to learn.
  if (auto why = confine_.violation(path.string())) {
    diags_.error(where, "image " + *why);
    return std::nullopt;
  }
  if (!fs::is_regular_file(path, ec)) return refuse("file \"" + path.string() + "\" not found");
  std::string why;
  layout::ImageSize size;
  size.path = path.string();
  Kind kind = sniff(size.path);
  if (page != 1 && kind != Kind::Pdf) return refuse("\"#page=" + std::to_string(page) + "\" is for PDF figures");
  switch (kind) {
    case Kind::Png: {
      auto pixels = decoded_png(size.path, why, limits_);
      if (!pixels) return refuse(why);
      size.width = pixels->width;
      size.height = pixels->height;
      if (pixels->dpi > 0) size.dpi = pixels->dpi;
      return size;
    }
    case Kind::Jpeg: {
      JpegInfo info;
      if (!check_jpeg(size.path, info, why, limits_)) return refuse(why);
      size.width = info.width;
      size.height = info.height;
      if (info.dpi > 0) size.dpi = info.dpi;
      return size;
    }
    case Kind::Pdf:
    case Kind::Svg: {
      auto figure = vector_figure(size.path, page, why, limits_);
      if (!figure) return refuse(why);
      for (const auto& warning : figure->warnings) diags_.warning(where, "image \"" + url + "\": " + warning);
      size.width = figure->width;
      size.height = figure->height;
      size.dpi = 72;
      size.page = page;
      return size;
    }
    case Kind::Unknown:
      break;
  }
  return refuse("\"" + size.path + "\" is not a PNG, JPEG, PDF or SVG file");
}

}  // namespace quire::image
