// Writes real PDFs with the default fonts and checks them with qpdf and poppler-utils.
#include <doctest/doctest.h>
#include <png.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "image_fixtures.hpp"
#include "quire/fonts/fonts.hpp"
#include "quire/render/pdf/pdf_writer.hpp"

using namespace quire;
using layout::Family;
namespace fs = std::filesystem;

namespace {

fs::path test_dir() {
  auto dir = fs::temp_directory_path() / "quire-pdf-test";
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs a shell command; returns its standard output and sets `status` to its exit status.
std::string run(const std::string& command, int& status) {
  std::string out;
  std::FILE* p = popen((command + " 2>/dev/null").c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  status = pclose(p);
  return out;
}

// A 16×16 RGBA PNG: a red disc on a transparent background.
std::string write_disc_png() {
  auto path = (test_dir() / "disc.png").string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  png_init_io(png, f);
  png_set_IHDR(png, info, 16, 16, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int y = 0; y < 16; ++y) {
    std::vector<png_byte> row;
    for (int x = 0; x < 16; ++x) {
      bool inside = (x - 7.5) * (x - 7.5) + (y - 7.5) * (y - 7.5) < 49;
      row.insert(row.end(), {220, 30, 30, png_byte(inside ? 255 : 0)});
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  std::fclose(f);
  return path;
}

// The value of "Key:   value" in pdfinfo's output.
std::string field(const std::string& info, const std::string& key) {
  auto at = info.find("\n" + key + ":");
  if (at == std::string::npos)
    at = info.rfind(key + ":", 0);
  else
    ++at;
  if (at == std::string::npos) return "";
  auto start = info.find_first_not_of(' ', at + key.size() + 1);
  return info.substr(start, info.find('\n', start) - start);
}

layout::GlyphRun run_of(double x, double y, int face, double size, std::string text) {
  layout::GlyphRun r;
  r.x = x;
  r.y = y;
  r.face = face;
  r.size = size;
  r.text = std::move(text);
  return r;
}

// Two pages: a letter opening in English and Korean, a rule, an image with alpha, a link.
layout::LaidOutDocument sample_document() {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  int hangul = set.fallbacks_for(serif)[0];
  int bold = set.face(Family::Sans, true, false);
  layout::LaidOutDocument doc;
  doc.fonts = set.faces;
  doc.info.title = "Letter to 김민지";
  doc.info.author = "Quire Tests";
  doc.info.subject = "a test";
  doc.info.keywords = "pdf, test";

  layout::Page one;
  one.items.push_back(run_of(72, 100, bold, 18, "Greetings"));
  one.items.push_back(run_of(72, 140, serif, 12, "Dear"));
  one.items.push_back(run_of(102, 140, hangul, 12, "김민지"));
  one.items.push_back(run_of(140, 140, serif, 12, "님,"));  // not in Liberation: drawn as tofu, text still extracts
  one.items.push_back(layout::Rule{72, 150, 451, 0.5, {0.2, 0.2, 0.6}});
  auto blue = run_of(72, 180, serif, 12, "https://example.org/후원");
  blue.color = {0, 0, 0.8};
  one.items.push_back(blue);
  one.items.push_back(layout::LinkArea{72, 170, 200, 14, "https://example.org/후원"});
  one.items.push_back(layout::LinkArea{72, 190, 50, 14, "#section-2"});
  one.items.push_back(layout::PlacedImage{72, 200, 64, 64, write_disc_png()});
  one.items.push_back(layout::PlacedImage{150, 200, 32, 32, write_disc_png()});  // same file: embedded once
  auto jpeg = (test_dir() / "gray.jpg").string();
  std::ofstream(jpeg, std::ios::binary) << fixtures::tiny_jpeg();
  one.items.push_back(layout::PlacedImage{200, 200, 32, 32, jpeg});
  doc.pages.push_back(one);

  layout::Page two;
  two.width = 420;
  two.height = 595;
  two.items.push_back(run_of(50, 80, serif, 11, "Sincerely"));
  doc.pages.push_back(two);
  return doc;
}

std::string write_to(const std::string& name, const layout::LaidOutDocument& doc, const render::PdfOptions& options) {
  auto path = (test_dir() / name).string();
  io::OutputFile out(path);
  render::write_pdf(doc, options, out);
  out.commit();
  return path;
}

}  // namespace

TEST_CASE("a two-page Latin + Hangul PDF passes qpdf and poppler checks") {
  auto path = write_to("sample.pdf", sample_document(), {});
  int status = -1;
  auto check = run("qpdf --check '" + path + "'", status);
  CHECK(status == 0);
  CHECK(check.find("No syntax or stream encoding errors found") != std::string::npos);

  auto text = run("pdftotext -layout '" + path + "' -", status);
  CHECK(status == 0);
  auto greet = text.find("Greetings"), dear = text.find("Dear"), name = text.find("김민지"),
       sincerely = text.find("Sincerely");
  REQUIRE(dear != std::string::npos);
  REQUIRE(name != std::string::npos);
  CHECK(greet < dear);
  CHECK(dear < name);
  CHECK(name < sincerely);
  CHECK(text.find('\f') < sincerely);  // "Sincerely" is on the second page

  auto fonts = run("pdffonts '" + path + "'", status);
  CHECK(status == 0);
  // Header, ruler, then one line per font: only the three faces drawn with are embedded.
  int lines = 0;
  std::size_t at = 0;
  for (std::size_t nl; (nl = fonts.find('\n', at)) != std::string::npos; at = nl + 1, ++lines) {
    if (lines < 2) continue;
    auto line = fonts.substr(at, nl - at);
    CHECK_MESSAGE(line.find("CID TrueType") != std::string::npos, line);
    CHECK_MESSAGE(line.find(" yes yes ") != std::string::npos, line);  // emb sub
  }
  CHECK(lines == 2 + 3);

  auto info = run("pdfinfo '" + path + "'", status);
  CHECK(status == 0);
  CHECK(field(info, "Pages") == "2");
  CHECK(field(info, "Title") == "Letter to 김민지");
  CHECK(field(info, "Author") == "Quire Tests");
  CHECK(field(info, "Creator") == "quire");
  CHECK(field(info, "Producer") == "quire 0.1.0 (libharu)");
  CHECK(field(info, "Page size") == "595.276 x 841.89 pts (A4)");
  CHECK(info.find("CreationDate") == std::string::npos);

  auto bytes = slurp(path);
  // libharu escapes '/' and '%' in strings: this is "https://example.org/%ED%9B%84%EC%9B%90".
  CHECK(bytes.find(R"(/URI (https:\057\057example.org\057\045ED\0459B\04584\045EC\0459B\04590))") != std::string::npos);
  CHECK(bytes.find("#section-2") == std::string::npos);  // internal links are not drawn yet
  CHECK(bytes.find("/Border [ 0 0 0 ]") != std::string::npos);
  CHECK(bytes.find("/SMask") != std::string::npos);
  // The disc is drawn twice but embedded once (plus its soft mask); the JPEG once, as DCT.
  CHECK(bytes.find("/DCTDecode") != std::string::npos);
  std::size_t images = 0;
  for (std::size_t p = 0; (p = bytes.find("/Subtype /Image", p)) != std::string::npos; ++p) ++images;
  CHECK(images == 3);
  MESSAGE("two-page Latin + Hangul PDF: " << bytes.size() << " bytes");
}

TEST_CASE("with a fixed date the output is byte-identical and dated") {
  render::PdfOptions options;
  options.date = 1700000000;  // 2023-11-14 22:13:20 UTC
  auto doc = sample_document();
  auto a = write_to("dated-a.pdf", doc, options);
  auto b = write_to("dated-b.pdf", doc, options);
  CHECK(slurp(a) == slurp(b));
  CHECK(slurp(a).find("/CreationDate (D:20231114221320Z") != std::string::npos);
  CHECK(slurp(a).find("/ModDate (D:20231114221320Z") != std::string::npos);
  CHECK(slurp(write_to("undated-a.pdf", doc, {})) == slurp(write_to("undated-b.pdf", doc, {})));
}

TEST_CASE("a one-page Latin + Hangul PDF: embedded size") {
  auto doc = sample_document();
  doc.pages.resize(1);
  doc.pages[0].items.resize(3);  // "Greetings", "Dear", "김민지": one Latin serif, one sans bold, one Hangul face
  auto three = fs::file_size(write_to("one-page.pdf", doc, {}));
  doc.pages[0].items.erase(doc.pages[0].items.begin());  // "Dear" + "김민지": Liberation Serif + NanumMyeongjo
  auto two = fs::file_size(write_to("one-page-two-fonts.pdf", doc, {}));
  MESSAGE("one-page PDF, Liberation Serif + NanumMyeongjo: " << two << " bytes; with Liberation Sans Bold too: "
                                                             << three << " bytes");
  CHECK(two > 10000);      // fonts are embedded
  CHECK(two < three);      // only faces drawn with are embedded
  CHECK(three < 1500000);  // but not whole (NanumMyeongjo alone is 3.8 MB)
}

TEST_CASE("fonts and images libharu cannot take are errors, not crashes") {
  auto bad_font = (test_dir() / "bad.ttf").string();
  std::ofstream(bad_font) << "not a font";
  layout::LaidOutDocument doc;
  doc.fonts.push_back({bad_font, 0});
  doc.pages.emplace_back();
  doc.pages[0].items.push_back(run_of(72, 72, 0, 12, "x"));
  auto out_path = (test_dir() / "bad-font.pdf").string();
  fs::remove(out_path);
  {
    io::OutputFile out(out_path);
    try {
      render::write_pdf(doc, {}, out);
      FAIL("no error for a non-font");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Io);
      CHECK(std::string(e.what()).find("cannot embed font \"" + bad_font + "\"") != std::string::npos);
    }
  }
  CHECK_FALSE(fs::exists(out_path));  // never committed

  // A truncated PNG would abort the process inside libharu: here it is an exception.
  auto good = slurp(write_disc_png());
  auto truncated = (test_dir() / "truncated.png").string();
  std::ofstream(truncated, std::ios::binary) << good.substr(0, good.size() / 2);
  layout::LaidOutDocument img;
  img.pages.emplace_back();
  img.pages[0].items.push_back(layout::PlacedImage{0, 0, 10, 10, truncated});
  io::OutputFile out((test_dir() / "bad-image.pdf").string());
  CHECK_THROWS_AS(render::write_pdf(img, {}, out), Error);

  // Outside the BMP libharu has no glyph: layout should not send such text, but it must not break the file.
  auto emoji = sample_document();
  emoji.pages[0].items.push_back(run_of(72, 400, 0, 12, "smile \U0001F600 ok"));
  int status = -1;
  run("qpdf --check '" + write_to("emoji.pdf", emoji, {}) + "'", status);
  CHECK(status == 0);

  doc.pages[0].items[0] = run_of(72, 72, 5, 12, "x");  // no font 5
  CHECK_THROWS_AS(render::write_pdf(doc, {}, out), Error);
}

TEST_CASE("SOURCE_DATE_EPOCH is parsed strictly") {
  const char* saved = std::getenv("SOURCE_DATE_EPOCH");
  std::string old = saved ? saved : "";
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(render::source_date_epoch() == std::optional<std::time_t>(1700000000));
  setenv("SOURCE_DATE_EPOCH", "0", 1);
  CHECK(render::source_date_epoch() == std::optional<std::time_t>(0));
  for (const char* bad : {"", "-5", "+5", " 17", "17 ", "17x", "1e9", "99999999999999999999999"}) {
    setenv("SOURCE_DATE_EPOCH", bad, 1);
    CHECK_MESSAGE(!render::source_date_epoch(), bad);
  }
  unsetenv("SOURCE_DATE_EPOCH");
  CHECK(!render::source_date_epoch());
  if (saved) setenv("SOURCE_DATE_EPOCH", old.c_str(), 1);
}

TEST_CASE("measured advances equal the widths libharu writes, so drawn words fit their measure") {
  auto set = fonts::default_font_set({});
  auto metrics = fonts::load_metrics(set);
  int serif = set.face(Family::Serif, false, false);
  int dejavu = set.fallbacks_for(serif)[1];  // 2048 upem: truncation and rounding differ for many glyphs
  layout::LaidOutDocument doc;
  doc.fonts = set.faces;
  doc.pages.emplace_back();
  doc.pages[0].items.push_back(run_of(72, 72, serif, 12, "abc"));
  doc.pages[0].items.push_back(run_of(72, 92, dejavu, 12, "abc"));
  auto bytes = slurp(write_to("widths.pdf", doc, {}));
  for (int face : {serif, dejavu}) {
    auto name = fs::path(set.faces[static_cast<std::size_t>(face)].path).stem().string();
    // The CIDFont dictionary: "/W [...] /CIDToGIDMap n 0 R /CIDSystemInfo <<…>> /BaseFont /HPDFAx+Name".
    std::size_t base = 0;
    for (auto at = bytes.find("+" + name.substr(0, name.find('-'))); at != std::string::npos;
         at = bytes.find("+" + name.substr(0, name.find('-')), at + 1)) {
      auto map = bytes.rfind("/CIDToGIDMap", at);
      if (map != std::string::npos && at - map < 200) base = at;
    }
    REQUIRE_MESSAGE(base != 0, name);
    auto w = bytes.rfind("/W [ ", base);
    auto dw = bytes.rfind("/DW ", base);
    REQUIRE(w != std::string::npos);
    REQUIRE(dw != std::string::npos);
    // "/W [ first [ w w … ] first [ … ] … ]"; characters not listed have the default width /DW.
    std::map<char32_t, int> widths;
    std::istringstream in(bytes.substr(w + 5, bytes.find("/CIDToGIDMap", w) - w - 5));
    std::string token;
    while (in >> token && token != "]") {
      auto first = static_cast<char32_t>(std::stoul(token));
      in >> token;  // "["
      while (in >> token && token != "]") widths[first++] = std::stoi(token);
    }
    int default_width = std::stoi(bytes.substr(dw + 4, 8));
    int mismatches = 0;
    for (char32_t c = 32; c < 127; ++c) {
      int width = widths.count(c) ? widths[c] : default_width;
      if (std::lround(metrics->advance(face, c) * 1000) != width) {
        ++mismatches;
        MESSAGE(name << " U+" << int(c) << ": " << width << " vs " << metrics->advance(face, c));
      }
    }
    CHECK_MESSAGE(mismatches == 0, name);
  }
}
