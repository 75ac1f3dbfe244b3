// PNG fixtures are written here with libpng (linked through quire_image); JPEG fixtures are byte arrays.
#include <doctest/doctest.h>
#include <png.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "image_fixtures.hpp"
#include "quire/image/image_probe.hpp"

using namespace quire;
namespace fs = std::filesystem;

namespace {

fs::path test_dir() {
  auto dir = fs::temp_directory_path() / "quire-image-test";
  fs::create_directories(dir);
  return dir;
}

std::string write_bytes(const std::string& name, const std::string& bytes) {
  auto path = (test_dir() / name).string();
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct PngSpec {
  int width = 4, height = 3, bit_depth = 8, color_type = PNG_COLOR_TYPE_RGB;
  bool interlaced = false;
  std::vector<png_color> palette;
  std::vector<png_byte> trns;  // palette alpha
  png_uint_32 ppm = 0;         // pHYs pixels per metre
};

// Writes `rows` (already packed for the spec) as a PNG.
std::string write_png(const std::string& name, const PngSpec& spec, const std::vector<std::vector<png_byte>>& rows) {
  auto path = (test_dir() / name).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, f);
  png_set_IHDR(png, info, static_cast<png_uint_32>(spec.width), static_cast<png_uint_32>(spec.height), spec.bit_depth,
               spec.color_type, spec.interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (!spec.palette.empty()) png_set_PLTE(png, info, spec.palette.data(), static_cast<int>(spec.palette.size()));
  if (!spec.trns.empty()) png_set_tRNS(png, info, spec.trns.data(), static_cast<int>(spec.trns.size()), nullptr);
  if (spec.ppm) png_set_pHYs(png, info, spec.ppm, spec.ppm, PNG_RESOLUTION_METER);
  png_write_info(png, info);
  std::vector<png_bytep> pointers;
  for (auto& r : rows) pointers.push_back(const_cast<png_bytep>(r.data()));
  png_write_image(png, pointers.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(f);
  return path;
}

// RGB rows where pixel (x, y) is (10x, 20y, 7) — easy to check after decoding.
std::vector<std::vector<png_byte>> rgb_rows(int w, int h) {
  std::vector<std::vector<png_byte>> rows;
  for (int y = 0; y < h; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < w; ++x) row.insert(row.end(), {png_byte(10 * x), png_byte(20 * y), 7});
    rows.push_back(row);
  }
  return rows;
}

std::uint32_t crc32(const std::string& bytes) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

std::string be32(std::uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

std::string chunk(const std::string& type, const std::string& data) {
  return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
}

const std::string png_signature = "\x89PNG\r\n\x1a\n";

// IHDR for an 8-bit RGB image of the given size.
std::string ihdr(std::uint32_t w, std::uint32_t h) {
  return chunk("IHDR", be32(w) + be32(h) + std::string("\x08\x02\0\0\0", 5));
}

}  // namespace

TEST_CASE("PNG: RGB, RGBA, palette with transparency and interlaced decode to 8 bits, 16-bit ones keep 16") {
  std::string why;
  auto rgb = image::decode_png(write_png("rgb.png", {}, rgb_rows(4, 3)), why);
  REQUIRE_MESSAGE(rgb, why);
  CHECK(rgb->width == 4);
  CHECK(rgb->height == 3);
  CHECK(rgb->channels == 3);
  CHECK(rgb->alpha.empty());
  REQUIRE(rgb->data.size() == 4 * 3 * 3);
  CHECK(rgb->data[(2 * 4 + 3) * 3 + 0] == 30);  // pixel (3, 2)
  CHECK(rgb->data[(2 * 4 + 3) * 3 + 1] == 40);

  PngSpec rgba_spec;
  rgba_spec.width = 2;
  rgba_spec.height = 1;
  rgba_spec.color_type = PNG_COLOR_TYPE_RGB_ALPHA;
  auto rgba = image::decode_png(write_png("rgba.png", rgba_spec, {{1, 2, 3, 0, 4, 5, 6, 200}}), why);
  REQUIRE_MESSAGE(rgba, why);
  CHECK(rgba->channels == 3);
  CHECK(rgba->data == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6});
  CHECK(rgba->alpha == std::vector<std::uint8_t>{0, 200});

  PngSpec palette;
  palette.width = 4;
  palette.height = 1;
  palette.bit_depth = 2;
  palette.color_type = PNG_COLOR_TYPE_PALETTE;
  palette.palette = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}};
  palette.trns = {0};                                                                    // entry 0 transparent
  auto pal = image::decode_png(write_png("palette.png", palette, {{0b00011000}}), why);  // 0,1,2,0
  REQUIRE_MESSAGE(pal, why);
  CHECK(pal->channels == 3);
  CHECK(pal->data == std::vector<std::uint8_t>{255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 0, 0});
  CHECK(pal->alpha == std::vector<std::uint8_t>{0, 255, 255, 0});

  PngSpec gray16;
  gray16.width = 2;
  gray16.height = 1;
  gray16.bit_depth = 16;
  gray16.color_type = PNG_COLOR_TYPE_GRAY;
  auto g16 = image::decode_png(write_png("gray16.png", gray16, {{0xAB, 0xCD, 0x12, 0x34}}), why);
  REQUIRE_MESSAGE(g16, why);
  CHECK(g16->channels == 1);
  CHECK(g16->bits == 16);
  CHECK(g16->data == std::vector<std::uint8_t>{0xAB, 0xCD, 0x12, 0x34});  // high byte first
  CHECK(rgb->bits == 8);

  // 16-bit RGB with alpha: colour and alpha split, two bytes a sample; an opaque alpha is dropped.
  PngSpec rgba16;
  rgba16.width = 2;
  rgba16.height = 1;
  rgba16.bit_depth = 16;
  rgba16.color_type = PNG_COLOR_TYPE_RGB_ALPHA;
  auto c16 = image::decode_png(
      write_png("rgba16.png", rgba16, {{1, 2, 3, 4, 5, 6, 0xFF, 0xFE, 7, 8, 9, 10, 11, 12, 0, 1}}), why);
  REQUIRE_MESSAGE(c16, why);
  CHECK(c16->channels == 3);
  CHECK(c16->bits == 16);
  CHECK(c16->data == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(c16->alpha == std::vector<std::uint8_t>{0xFF, 0xFE, 0, 1});
  PngSpec ga16 = rgba16;
  ga16.color_type = PNG_COLOR_TYPE_GRAY_ALPHA;
  auto opaque = image::decode_png(write_png("ga16.png", ga16, {{1, 2, 0xFF, 0xFF, 3, 4, 0xFF, 0xFF}}), why);
  REQUIRE_MESSAGE(opaque, why);
  CHECK(opaque->channels == 1);
  CHECK(opaque->data == std::vector<std::uint8_t>{1, 2, 3, 4});
  CHECK(opaque->alpha.empty());

  PngSpec interlaced;
  interlaced.width = 9;
  interlaced.height = 9;
  interlaced.interlaced = true;
  interlaced.ppm = 5906;  // 150 dpi
  auto lace = image::decode_png(write_png("interlaced.png", interlaced, rgb_rows(9, 9)), why);
  REQUIRE_MESSAGE(lace, why);
  CHECK(lace->data[(8 * 9 + 5) * 3 + 0] == 50);  // pixel (5, 8)
  CHECK(lace->data[(8 * 9 + 5) * 3 + 1] == 160);
  CHECK(lace->dpi == 150);
}

TEST_CASE("PNG: truncated, lying and huge files are errors, never aborts") {
  std::vector<std::vector<png_byte>> noise;
  std::uint32_t seed = 1;
  for (int y = 0; y < 64; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < 64 * 3; ++x) row.push_back(png_byte((seed = seed * 1103515245u + 12345u) >> 24));
    noise.push_back(row);
  }
  PngSpec big;
  big.width = big.height = 64;
  auto good = slurp(write_png("noise.png", big, noise));
  std::string why;
  REQUIRE(image::decode_png((test_dir() / "noise.png").string(), why));

  auto truncated = write_bytes("truncated.png", good.substr(0, good.size() / 2));
  CHECK_FALSE(image::decode_png(truncated, why));
  CHECK(why.find("invalid PNG") != std::string::npos);

  // IHDR says 200×200 (CRC recomputed) but the data is for 64×64.
  auto lying = good;
  lying.replace(8, 25, ihdr(200, 200));
  CHECK_FALSE(image::decode_png(write_bytes("lying.png", lying), why));
  CHECK(why.find("invalid PNG") != std::string::npos);

  // A 50,000 × 50,000 header with no data: refused from the header, before any allocation.
  auto huge = write_bytes("huge.png", png_signature + ihdr(50000, 50000) + chunk("IDAT", "xx") + chunk("IEND", ""));
  CHECK_FALSE(image::decode_png(huge, why));
  CHECK(why == "image of 50000x50000 pixels exceeds the limit of 100000000 pixels");

  CHECK_FALSE(image::decode_png(write_bytes("text.png", "hello"), why));
  CHECK(why == "not a PNG file");
  image::Limits small;
  small.max_file_bytes = 100;
  CHECK_FALSE(image::decode_png((test_dir() / "noise.png").string(), why, small));
  CHECK(why.find("larger than the limit") != std::string::npos);
}

TEST_CASE("JPEG: a valid header passes (CMYK too, Adobe's inverted kind told), truncated, lying and huge ones do not") {
  std::string why;
  image::JpegInfo info;
  auto good = write_bytes("tiny.jpg", fixtures::tiny_jpeg());
  REQUIRE_MESSAGE(image::check_jpeg(good, info, why), why);
  CHECK(info.width == 8);
  CHECK(info.height == 8);
  CHECK(info.components == 1);
  CHECK(info.dpi == 300);

  auto bytes = fixtures::tiny_jpeg();
  CHECK_FALSE(image::check_jpeg(write_bytes("cut.jpg", bytes.substr(0, bytes.size() - 2)), info, why));
  CHECK(why.find("truncated") != std::string::npos);
  CHECK_FALSE(image::check_jpeg(write_bytes("cut-header.jpg", bytes.substr(0, 60)), info, why));
  CHECK(why.find("truncated") != std::string::npos);

  CHECK_FALSE(image::check_jpeg(write_bytes("zero.jpg", fixtures::tiny_jpeg(1, 8, 0)), info, why));
  CHECK(why.find("zero") != std::string::npos);
  REQUIRE_MESSAGE(image::check_jpeg(write_bytes("cmyk.jpg", fixtures::tiny_jpeg(4)), info, why), why);
  CHECK(info.components == 4);
  CHECK_FALSE(info.adobe);
  // An Adobe APP14 marker, before the frame header or after it (before the scan): inverted CMYK.
  const std::string app14(
      "\xFF\xEE\x00\x0E"
      "Adobe\x00\x64\x00\x00\x00\x00\x00",
      16);
  auto cmyk = fixtures::tiny_jpeg(4);
  REQUIRE_MESSAGE(image::check_jpeg(write_bytes("adobe1.jpg", cmyk.substr(0, 2) + app14 + cmyk.substr(2)), info, why),
                  why);
  CHECK(info.adobe);
  auto sos = cmyk.find("\xFF\xDA");
  REQUIRE(image::check_jpeg(write_bytes("adobe2.jpg", cmyk.substr(0, sos) + app14 + cmyk.substr(sos)), info, why));
  CHECK(info.adobe);
  CHECK_FALSE(image::check_jpeg(write_bytes("five.jpg", fixtures::tiny_jpeg(5)), info, why));
  CHECK(why == "JPEG with 5 colour components is not supported");
  // A frame header but no scan before the end.
  CHECK_FALSE(image::check_jpeg(write_bytes("noscan.jpg", cmyk.substr(0, sos) + "\xFF\xD9"), info, why));
  CHECK(why == "JPEG has no image data");
  int w = 0, h = 0;
  CHECK_FALSE(image::check_jpeg(write_bytes("huge.jpg", fixtures::tiny_jpeg(3, 60000, 60000)), w, h, why));
  CHECK(why.find("exceeds the limit") != std::string::npos);
  CHECK(w == 60000);
  CHECK_FALSE(image::check_jpeg(write_bytes("notjpeg.jpg", "GIF89a....."), info, why));
  CHECK(why == "not a JPEG file");
}

TEST_CASE("the image probe resolves paths, sniffs types, warns about remote images and fails on broken ones") {
  fs::create_directories(test_dir() / "doc" / "img");
  auto source = (test_dir() / "doc" / "letter.md").string();
  PngSpec spec;
  spec.ppm = 11811;  // 300 dpi
  write_png("doc/img/logo.png", spec, rgb_rows(4, 3));
  std::ofstream((test_dir() / "doc" / "img" / "photo.png").string(), std::ios::binary)
      << fixtures::tiny_jpeg();  // a JPEG named .png
  std::ofstream((test_dir() / "doc" / "my logo.png").string(), std::ios::binary)
      << slurp((test_dir() / "doc" / "img" / "logo.png").string());

  Diagnostics diags;
  image::FileImageProbe probe(diags);
  auto logo = probe.probe("img/logo.png", source, {});
  REQUIRE(logo);
  CHECK(logo->path == (test_dir() / "doc" / "img" / "logo.png").string());
  CHECK(logo->width == 4);
  CHECK(logo->height == 3);
  CHECK(logo->dpi == 300);
  auto photo = probe.probe("img/photo.png", source, {});
  REQUIRE(photo);
  CHECK(photo->width == 8);
  CHECK(photo->dpi == 300);
  CHECK(probe.probe("my%20logo.png", source, {}));
  CHECK(diags.all().empty());

  CHECK_FALSE(probe.probe("https://example.org/logo.png", source, {}));
  CHECK_FALSE(probe.probe("img/missing.png", source, {source, 7, 3}));
  write_bytes("doc/broken.png", png_signature + ihdr(10, 10));
  CHECK_FALSE(probe.probe("broken.png", source, {source, 9, 1}));
  REQUIRE(diags.all().size() == 3);
  CHECK(diags.all()[0].severity == Severity::Warning);
  CHECK(diags.all()[0].pos.file == source);
  CHECK(diags.all()[0].message == "image \"https://example.org/logo.png\" left out: remote images are not fetched");
  CHECK(diags.all()[1].severity == Severity::Error);
  CHECK(diags.all()[1].pos == SourcePos{source, 7, 3});
  CHECK(diags.all()[1].message.find("image \"img/missing.png\": file") != std::string::npos);
  CHECK(diags.all()[1].message.find("not found") != std::string::npos);
  CHECK(diags.all()[2].severity == Severity::Error);
  CHECK(diags.all()[2].pos == SourcePos{source, 9, 1});
  CHECK(diags.all()[2].message.find("\"broken.png\": invalid PNG") != std::string::npos);
}
