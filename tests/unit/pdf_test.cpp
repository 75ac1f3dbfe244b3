// Writes real PDFs with the default fonts and checks them with qpdf and poppler-utils.
#include <doctest/doctest.h>
#include <png.h>
#include <qpdf/QPDF.hh>
#include <unistd.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include "image_fixtures.hpp"
#include "quire/fonts/fonts.hpp"
#include "quire/render/pdf/assemble.hpp"
#include "quire/render/pdf/finish.hpp"
#include "quire/render/pdf/pdf_writer.hpp"
#include "quire/render/render.hpp"

using namespace quire;
using layout::Family;
namespace fs = std::filesystem;

namespace {

// One directory per process, removed at exit: the unit binary runs once per test case and once
// whole, in parallel.
struct TestDir {
  fs::path path = fs::temp_directory_path() / ("quire-pdf-test-" + std::to_string(::getpid()));
  TestDir() { fs::create_directories(path); }
  ~TestDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

fs::path test_dir() {
  static TestDir dir;
  return dir.path;
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

// The PDF with object streams unpacked and streams uncompressed (qpdf), for looking into dictionaries
// and content streams as text.
std::string expanded(const std::string& path) {
  int status = -1;
  auto out = run("qpdf --object-streams=disable --stream-data=uncompress '" + path + "' -", status);
  REQUIRE(status == 0);
  return out;
}

// Runs a Python snippet over `qpdf --json` of `path` (the parsed JSON is `j`); returns what it prints.
std::string json_query(const std::string& path, const std::string& python, const std::string& qpdf_args = "") {
  static int calls = 0;  // test cases may run in parallel processes: one script per process and call
  auto script = (test_dir() / ("query-" + std::to_string(getpid()) + "-" + std::to_string(++calls) + ".py")).string();
  std::ofstream(script) << "import json, sys\nj = json.load(sys.stdin)\n" << python << "\n";
  int status = -1;
  auto out = run("qpdf --json " + qpdf_args + " '" + path + "' | python3 '" + script + "'", status);
  REQUIRE(status == 0);
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

  auto bytes = expanded(path);
  CHECK(bytes.find("/URI (https://example.org/%ED%9B%84%EC%9B%90)") != std::string::npos);
  CHECK(bytes.find("section-2") == std::string::npos);  // an internal link without its anchor: left out
  CHECK(bytes.find("/Border [ 0 0 0 ]") != std::string::npos);
  CHECK(bytes.find("/SMask") != std::string::npos);
  // The disc is drawn twice but embedded once (plus its soft mask); the JPEG once, as DCT.
  CHECK(bytes.find("/DCTDecode") != std::string::npos);
  std::size_t images = 0;
  for (std::size_t p = 0; (p = bytes.find("/Subtype /Image", p)) != std::string::npos; ++p) ++images;
  CHECK(images == 3);
  MESSAGE("two-page Latin + Hangul PDF: " << fs::file_size(path) << " bytes");
}

TEST_CASE("with a fixed date the output is byte-identical and dated") {
  render::PdfOptions options;
  options.date = 1700000000;  // 2023-11-14 22:13:20 UTC
  auto doc = sample_document();
  auto a = write_to("dated-a.pdf", doc, options);
  auto b = write_to("dated-b.pdf", doc, options);
  CHECK(slurp(a) == slurp(b));
  CHECK(expanded(a).find("/CreationDate (D:20231114221320Z") != std::string::npos);
  CHECK(expanded(a).find("/ModDate (D:20231114221320Z") != std::string::npos);
  // The /ID is derived from the content: present, equal in both runs, different for other content.
  CHECK(slurp(a).find("/ID [<") != std::string::npos);
  auto other = doc;
  std::get<layout::GlyphRun>(other.pages[1].items[0]).text = "Yours";
  auto c = slurp(write_to("dated-c.pdf", other, options));
  auto id = [](const std::string& bytes) { return bytes.substr(bytes.find("/ID [<"), 70); };
  CHECK(id(slurp(a)) != id(c));
  CHECK(slurp(write_to("undated-a.pdf", doc, {})) == slurp(write_to("undated-b.pdf", doc, {})));
}

TEST_CASE("a one-page Latin + Hangul PDF: embedded size") {
  auto doc = sample_document();
  doc.pages.resize(1);
  doc.pages[0].items.resize(3);  // "Greetings", "Dear", "김민지": one Latin serif, one sans bold, one Hangul face
  auto three = fs::file_size(write_to("one-page.pdf", doc, {}));
  doc.pages[0].items.erase(doc.pages[0].items.begin());  // "Dear" + "김민지": Liberation Serif + NanumMyeongjo
  auto path = write_to("one-page-two-fonts.pdf", doc, {});
  auto two = fs::file_size(path);
  MESSAGE("one-page PDF, Liberation Serif + NanumMyeongjo: " << two << " bytes; with Liberation Sans Bold too: "
                                                             << three << " bytes");
  CHECK(two < three);  // only faces drawn with are embedded
  // Truly subset: a few glyphs of each face, not the 3.8 MB NanumMyeongjo (libharu alone wrote ~100 KB).
  CHECK(two < 8000);
  CHECK(three < 12000);
  int status = -1;
  auto fonts = run("pdffonts '" + path + "'", status);
  CHECK(fonts.find("+NanumMyeongjo ") != std::string::npos);
  CHECK(fonts.find("+LiberationSerif ") != std::string::npos);
  CHECK(fonts.find(" no ") == std::string::npos);  // every font embedded, subset, with a ToUnicode map
  // The embedded font programs: only a few kilobytes of glyphs.
  auto bytes = expanded(path);
  std::size_t font_bytes = 0;
  for (auto at = bytes.find("/FontFile2 "); at != std::string::npos; at = bytes.find("/FontFile2 ", at + 1)) {
    int object = std::stoi(bytes.substr(at + 11, 10));
    auto obj = bytes.find("\n" + std::to_string(object) + " 0 obj");
    REQUIRE(obj != std::string::npos);
    auto length = bytes.find("/Length ", obj);
    font_bytes += std::stoul(bytes.substr(length + 8, 10));
  }
  MESSAGE("embedded font programs (uncompressed): " << font_bytes << " bytes");
  CHECK(font_bytes > 1000);
  CHECK(font_bytes < 10000);
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("Dear 김민지") != std::string::npos);
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
  // Every printable ASCII character is drawn: the subset keeps only what is drawn.
  std::string ascii;
  for (char c = 33; c < 127; ++c) ascii += c;
  doc.pages[0].items.push_back(run_of(72, 72, serif, 8, ascii));
  doc.pages[0].items.push_back(run_of(72, 92, dejavu, 8, ascii));
  auto bytes = expanded(write_to("widths.pdf", doc, {}));
  for (int face : {serif, dejavu}) {
    auto name = fs::path(set.faces[static_cast<std::size_t>(face)].path).stem().string();
    // The CIDFont dictionary: "<< /BaseFont /HPDFAx+Name /CIDSystemInfo <<…>> … /DW n … /W [ … ] >>".
    auto base = bytes.find("+" + name.substr(0, name.find('-')));
    while (base != std::string::npos && bytes.compare(bytes.find(' ', base) + 1, 14, "/CIDSystemInfo") != 0)
      base = bytes.find("+" + name.substr(0, name.find('-')), base + 1);
    REQUIRE_MESSAGE(base != std::string::npos, name);
    auto w = bytes.find("/W [ ", base);
    auto dw = bytes.find("/DW ", base);
    REQUIRE(w != std::string::npos);
    REQUIRE(dw != std::string::npos);
    // "/W [ first [ w w … ] first [ … ] … ]"; characters not listed have the default width /DW.
    std::map<char32_t, int> widths;
    std::istringstream in(bytes.substr(w + 5, bytes.find(">>", w) - w - 5));
    std::string token;
    while (in >> token && token != "]") {
      auto first = static_cast<char32_t>(std::stoul(token));
      in >> token;  // "["
      while (in >> token && token != "]") widths[first++] = std::stoi(token);
    }
    int default_width = std::stoi(bytes.substr(dw + 4, 8));
    int mismatches = 0;
    for (char32_t c = 33; c < 127; ++c) {
      int width = widths.count(c) ? widths[c] : default_width;
      if (std::lround(metrics->advance(face, c) * 1000) != width) {
        ++mismatches;
        MESSAGE(name << " U+" << int(c) << ": " << width << " vs " << metrics->advance(face, c));
      }
    }
    CHECK_MESSAGE(mismatches == 0, name);
  }
}

namespace {

// Three pages: links on page 1 to anchors on later pages (one before, one after its link in the
// file order), a link to a missing anchor, a diagonal watermark, and an outline with Korean titles.
layout::LaidOutDocument linked_document() {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  int hangul = set.fallbacks_for(serif)[0];
  int bold = set.face(Family::Sans, true, false);
  layout::LaidOutDocument doc;
  doc.fonts = set.faces;
  doc.pages.resize(3);
  auto& one = doc.pages[0].items;
  auto mark = run_of(150, 450, bold, 60, "CONFIDENTIAL");
  mark.angle = 45;
  mark.color = {0.85, 0.85, 0.85};
  one.push_back(mark);
  one.push_back(run_of(72, 100, serif, 12, "Contents"));
  one.push_back(layout::LinkArea{72, 110, 100, 14, "#results"});
  one.push_back(layout::LinkArea{72, 130, 100, 14, "#intro"});
  one.push_back(layout::LinkArea{72, 150, 100, 14, "#nowhere"});
  one.push_back(layout::LinkArea{72, 170, 100, 14, "#nowhere"});  // warned about once
  one.push_back(run_of(300, 700, serif, 12, "after"));            // drawn after the rotated run
  doc.pages[1].items.push_back(layout::Anchor{72, 100, "intro"});
  doc.pages[1].items.push_back(run_of(72, 112, bold, 14, "Introduction"));
  doc.pages[2].items.push_back(layout::Anchor{72, 300, "results"});
  doc.pages[2].items.push_back(run_of(72, 312, hangul, 14, "결과"));
  doc.outline = {
      {1, "Introduction", 1, 100}, {2, "Background", 1, 200}, {3, "Sources", 1, 250},
      {1, "결과 Results", 2, 300}, {3, "Deep jump", 2, 400},  {2, "Back to two", 2, 500},
  };
  return doc;
}

}  // namespace

TEST_CASE("a rotated glyph run is drawn turned, and the runs after it are where they should be") {
  auto path = write_to("watermark.pdf", linked_document(), {});
  int status = -1;
  // poppler reads diagonal text a letter or two per line: the letters, in order, are the word.
  auto text = run("pdftotext -raw '" + path + "' -", status);
  CHECK(status == 0);
  std::erase_if(text, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  CHECK(text.find("CONFIDENTIAL") != std::string::npos);
  // The text matrix: cos 45° = sin 45° = 0.70711, about the run's origin (150, 841.89 - 450).
  auto bytes = expanded(path);
  CHECK(bytes.find("0.70711 0.70711 -0.70711 0.70711 150 391.89") != std::string::npos);
  CHECK(bytes.find("0.85 0.85 0.85 rg") != std::string::npos);
  // "after" comes after the rotated run but sits upright at x = 300, baseline 700 from the top.
  auto boxes = run("pdftotext -bbox '" + path + "' -", status);
  auto word = boxes.find(">after<");
  REQUIRE(word != std::string::npos);
  auto tag = boxes.rfind("<word", word);
  double x_min = 0, y_min = 0, x_max = 0, y_max = 0;
  REQUIRE(std::sscanf(boxes.c_str() + tag, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x_min, &y_min,
                      &x_max, &y_max) == 4);
  CHECK(x_min == doctest::Approx(300).epsilon(0.001));
  CHECK(y_max == doctest::Approx(700).epsilon(0.01));  // poppler's box reaches just below the baseline
  CHECK(y_max - y_min < 16);                           // upright: one line high, not a diagonal
  // Look at it: the watermark crosses the page diagonally, light grey.
  run("pdftoppm -png -r 40 -f 1 -l 1 '" + path + "' '" + (test_dir() / "watermark").string() + "'", status);
  CHECK(status == 0);
}

TEST_CASE("internal links point at their anchors' pages and places, unknown ids are warnings") {
  Diagnostics diags;
  auto path = (test_dir() / "links.pdf").string();
  {
    io::OutputFile out(path);
    render::write_pdf(linked_document(), {}, out, diags);
    out.commit();
  }
  int status = -1;
  run("qpdf --check '" + path + "'", status);
  CHECK(status == 0);
  // Each link annotation of page 1: the 1-based page its /Dest shows, the view and the top.
  auto links = json_query(path, R"(
pages = [p["object"] for p in j["pages"]]
objects = j["qpdf"][1]
def value(ref):
    return objects["obj:" + ref]["value"]
for ref in value(pages[0]).get("/Annots", []):
    a = value(ref)
    d = a["/Dest"]
    d = value(d) if isinstance(d, str) else d
    print(a["/Subtype"], pages.index(d[0]) + 1, d[1], d[2], round(d[3], 2), d[4], a["/Border"])
)",
                          "--json-key=pages --json-key=qpdf");
  // "#results" on page 3 at y 300 (top 841.89 - 300), "#intro" on page 2 at y 100; no "#nowhere".
  CHECK(links == "/Link 3 /XYZ 72 541.89 None [0, 0, 0]\n/Link 2 /XYZ 72 741.89 None [0, 0, 0]\n");
  REQUIRE(diags.all().size() == 1);
  CHECK(diags.all()[0].severity == Severity::Warning);
  CHECK(diags.all()[0].message == "link to unknown anchor \"#nowhere\" on page 1: not linked");

  // Many unknown ids: three by name, then a count.
  auto many = linked_document();
  for (int i = 0; i < 10; ++i)
    many.pages[1].items.push_back(layout::LinkArea{72, 400, 10, 10, "#fn-" + std::to_string(i)});
  Diagnostics counted;
  io::OutputFile out2((test_dir() / "many-links.pdf").string());
  render::write_pdf(many, {}, out2, counted);
  REQUIRE(counted.all().size() == 4);
  CHECK(counted.all()[2].message == "link to unknown anchor \"#fn-1\" on page 2: not linked");
  CHECK(counted.all()[3].message == "links to 8 more unknown anchors: not linked");
}

TEST_CASE("the outline nests by level, keeps Korean titles and opens in the reader") {
  auto path = write_to("outline.pdf", linked_document(), {});
  auto outline = json_query(path, R"(
def walk(items, depth):
    for o in items:
        print("  " * depth + o["title"], o["destpageposfrom1"], o["dest"][1], round(o["dest"][3], 2), o["dest"][4])
        walk(o["kids"], depth + 1)
walk(j["outlines"], 0)
)",
                            "--json-key=outlines");
  CHECK(outline ==
        "Introduction 2 /XYZ 741.89 None\n"
        "  Background 2 /XYZ 641.89 None\n"
        "    Sources 2 /XYZ 591.89 None\n"
        "결과 Results 3 /XYZ 541.89 None\n"
        "  Deep jump 3 /XYZ 441.89 None\n"  // a level 3 right under a level 1 nests under it
        "  Back to two 3 /XYZ 341.89 None\n");
  CHECK(expanded(path).find("/PageMode /UseOutlines") != std::string::npos);

  // No outline: no panel; an entry off the pages is left out with a warning.
  auto plain = linked_document();
  plain.outline.clear();
  CHECK(expanded(write_to("no-outline.pdf", plain, {})).find("/PageMode") == std::string::npos);
  auto off = linked_document();
  off.outline.push_back({1, "Lost", 7, 0});
  Diagnostics diags;
  io::OutputFile out((test_dir() / "off-outline.pdf").string());
  render::write_pdf(off, {}, out, diags);
  bool warned = false;
  for (const auto& d : diags.all()) warned |= d.message == "outline entry \"Lost\" points at page 8 of 3: left out";
  CHECK(warned);
}

TEST_CASE("fonts are subset over everything drawn, and the text still extracts") {
  auto doc = linked_document();
  auto path = write_to("subset.pdf", doc, {});
  int status = -1;
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("Introduction") != std::string::npos);
  CHECK(text.find("결과") != std::string::npos);
  // poppler reads the rewritten ToUnicode maps without complaint (libharu's own made it warn).
  auto warnings = run("pdftotext '" + path + "' - 2>&1 >/dev/null", status);
  CHECK(warnings.find("ToUnicode") == std::string::npos);
  // Every face used once: three fonts, each with a six-letter subset tag.
  auto fonts = run("pdffonts '" + path + "'", status);
  CHECK(fonts.find("HPDFAA+") != std::string::npos);
  CHECK(fonts.find("HPDFAC+") != std::string::npos);
  CHECK(fonts.find("HPDFAD+") == std::string::npos);
  // The same faces in another document order give the same bytes: subsets are deterministic.
  CHECK(slurp(path) == slurp(write_to("subset-again.pdf", doc, {})));
}

TEST_CASE("the ToUnicode map covers the drawn BMP characters in ranges and single codes") {
  std::set<char32_t> points{U'A', U'B', U'C', U'Z', U'김', 0xFF, 0x100, 0x101, 0x1F600, 0xD800};
  auto cmap = render::detail::to_unicode_cmap(points);
  CHECK(cmap.find("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n") != std::string::npos);
  // A range never crosses a high byte: U+00FF and U+0100–0101 are separate.
  CHECK(cmap.find("2 beginbfrange\n<0041> <0043> <0041>\n<0100> <0101> <0100>\nendbfrange\n") != std::string::npos);
  CHECK(cmap.find("3 beginbfchar\n<005A> <005A>\n<00FF> <00FF>\n<AE40> <AE40>\nendbfchar\n") != std::string::npos);
  CHECK(cmap.find("1F600") == std::string::npos);  // libharu cannot draw beyond the BMP
  std::set<char32_t> many;
  for (char32_t c = 0x4E00; c < 0x4E00 + 2 * 250; c += 2) many.insert(c);
  auto big = render::detail::to_unicode_cmap(many);
  CHECK(big.find("100 beginbfchar") != std::string::npos);
  CHECK(big.find("50 beginbfchar") != std::string::npos);
}

TEST_CASE("confidential output: AES-256 with a user password and withheld permissions") {
  render::PdfOptions options;
  options.user_password = "open sesame";
  options.owner_password = "très secret";
  options.allow_print = false;
  options.allow_copy = false;
  auto path = write_to("secret.pdf", linked_document(), options);
  auto bytes = slurp(path);
  CHECK(bytes.find("open sesame") == std::string::npos);
  CHECK(bytes.find("CONFIDENTIAL") == std::string::npos);
  int status = -1;
  auto shown = run("qpdf --show-encryption --password='open sesame' '" + path + "'", status);
  CHECK(status == 0);
  CHECK(shown.find("R = 6") != std::string::npos);
  CHECK(shown.find("stream encryption method: AESv3") != std::string::npos);  // AES-256
  CHECK(shown.find("print low resolution: not allowed") != std::string::npos);
  CHECK(shown.find("extract for any purpose: not allowed") != std::string::npos);
  CHECK(shown.find("modify other: allowed") != std::string::npos);
  run("qpdf --check --password='open sesame' '" + path + "'", status);
  CHECK(status == 0);
  // The user password is needed to read it; the owner password opens it too.
  run("pdftotext '" + path + "' -", status);
  CHECK(status != 0);
  auto text = run("pdftotext -upw 'open sesame' '" + path + "' -", status);
  CHECK(status == 0);
  CHECK(text.find("Contents") != std::string::npos);
  run("pdftotext -upw 'wrong' '" + path + "' -", status);
  CHECK(status != 0);
  run("pdfinfo -opw 'très secret' '" + path + "'", status);
  CHECK(status == 0);
  // Outline and links survive encryption.
  auto outline = run("qpdf --password='open sesame' --json --json-key=outlines '" + path + "'", status);
  CHECK(outline.find("결과 Results") != std::string::npos);
  // A random key and /ID: two runs differ (documented).
  CHECK(slurp(write_to("secret-2.pdf", linked_document(), options)) != bytes);

  // Only an owner password and --no-modify: anyone may open it, modifying is withheld.
  render::PdfOptions owner_only;
  owner_only.owner_password = "boss";
  owner_only.allow_modify = false;
  auto open_path = write_to("owner-only.pdf", linked_document(), owner_only);
  run("pdftotext '" + open_path + "' -", status);
  CHECK(status == 0);
  shown = run("qpdf --show-encryption '" + open_path + "'", status);
  CHECK(shown.find("modify other: not allowed") != std::string::npos);
  CHECK(shown.find("print high resolution: allowed") != std::string::npos);
}

TEST_CASE("passwords: the file form, the checks, and errors that never show a password") {
  auto file = (test_dir() / "passwords.txt").string();
  std::ofstream(file) << "user pw\r\nowner pw\n";
  render::PdfOptions options;
  options.password_file = file;
  options.allow_copy = false;
  render::resolve_passwords(options);
  CHECK(options.user_password == "user pw");
  CHECK(options.owner_password == "owner pw");
  CHECK(options.password_file.empty());

  // Only a user password: it is the owner password too (an empty owner password would give anyone full rights).
  render::PdfOptions user_only;
  user_only.user_password = "just me";
  render::resolve_passwords(user_only);
  CHECK(user_only.owner_password == "just me");

  auto error_of = [](render::PdfOptions o) -> std::string {
    try {
      render::resolve_passwords(o);
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
      return e.what();
    }
    return "";
  };
  render::PdfOptions restricted;
  restricted.user_password = "hunter2";
  restricted.allow_print = false;
  auto message = error_of(restricted);
  CHECK(message.find("need an owner password") != std::string::npos);
  CHECK(message.find("hunter2") == std::string::npos);
  restricted.owner_password = "hunter2";
  CHECK(error_of(restricted).find("are the same") != std::string::npos);
  render::PdfOptions long_one;
  long_one.user_password = std::string(128, 'x');
  CHECK(error_of(long_one) == "the user password is longer than 127 bytes");
  render::PdfOptions latin1;
  latin1.owner_password = "caf\xe9";
  CHECK(error_of(latin1) == "the owner password is not UTF-8");
  render::PdfOptions both;
  both.password_file = file;
  both.user_password = "x";
  CHECK(error_of(both).find("not both") != std::string::npos);
  std::ofstream(file) << "a\nb\nc\n";
  render::PdfOptions three;
  three.password_file = file;
  CHECK(error_of(three).find("more than two lines") != std::string::npos);
  render::PdfOptions missing;
  missing.password_file = (test_dir() / "no-such-file").string();
  try {
    render::resolve_passwords(missing);
    FAIL("no error for a missing password file");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Io);
  }
}

TEST_CASE("joined documents keep their own anchors and outlines, and share one subset per face") {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  auto letter = [&](const std::string& word) {
    layout::LaidOutDocument doc;
    doc.fonts = set.faces;
    doc.pages.resize(2);
    doc.pages[0].items.push_back(run_of(72, 100, serif, 12, word));
    doc.pages[0].items.push_back(layout::LinkArea{72, 90, 60, 14, "#note"});  // same id in every letter
    doc.pages[1].items.push_back(layout::Anchor{72, 200, "note"});
    doc.outline = {{1, word, 1, 200}};
    return doc;
  };
  layout::LaidOutDocument joined = letter("alpha");
  render::append_pages(joined, letter("omega"));
  Diagnostics diags;
  auto path = (test_dir() / "joined.pdf").string();
  {
    io::OutputFile out(path);
    render::write_pdf(joined, {}, out, diags);
    out.commit();
  }
  CHECK(diags.all().empty());
  auto links = json_query(path, R"(
pages = [p["object"] for p in j["pages"]]
objects = j["qpdf"][1]
value = lambda ref: objects["obj:" + ref]["value"]
for i, page in enumerate(pages):
    for ref in value(page).get("/Annots", []):
        d = value(ref)["/Dest"]
        d = value(d) if isinstance(d, str) else d
        print(i + 1, "->", pages.index(d[0]) + 1)
for o in j["outlines"]:
    print(o["title"], o["destpageposfrom1"])
)",
                          "--json-key=pages --json-key=qpdf --json-key=outlines");
  CHECK(links == "1 -> 2\n3 -> 4\nalpha 2\nomega 4\n");
  // One Liberation Serif subset holds the letters of both documents.
  int status = -1;
  auto fonts = run("pdffonts '" + path + "'", status);
  CHECK(fonts.find("HPDFAA+LiberationSerif") != std::string::npos);
  CHECK(fonts.find("HPDFAB+") == std::string::npos);
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("alpha") != std::string::npos);
  CHECK(text.find("omega") != std::string::npos);
}

TEST_CASE("two font files with one PostScript name are an error, not missing glyphs") {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  auto copy = (test_dir() / "serif-copy.ttf").string();
  fs::copy_file(set.faces[static_cast<std::size_t>(serif)].path, copy, fs::copy_options::overwrite_existing);
  layout::LaidOutDocument doc;
  doc.fonts = {set.faces[static_cast<std::size_t>(serif)], {copy, 0}};
  doc.pages.emplace_back();
  doc.pages[0].items.push_back(run_of(72, 72, 0, 12, "abc"));
  doc.pages[0].items.push_back(run_of(72, 92, 1, 12, "xyz"));
  io::OutputFile out((test_dir() / "same-name.pdf").string());
  try {
    render::write_pdf(doc, {}, out);
    FAIL("no error for two fonts named alike");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("same PostScript name \"LiberationSerif\"") != std::string::npos);
  }
}

namespace {

// A two-page letter: a link on page 1 to an anchor on page 2 (the same id in every letter), an
// outline entry to page 2.
layout::LaidOutDocument two_page_letter(const std::string& word) {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  layout::LaidOutDocument doc;
  doc.fonts = set.faces;
  doc.info.title = "Letter " + word;
  doc.pages.resize(2);
  doc.pages[0].items.push_back(run_of(72, 100, serif, 12, word));
  doc.pages[0].items.push_back(layout::LinkArea{72, 90, 60, 14, "#note"});
  doc.pages[1].items.push_back(run_of(72, 200, serif, 12, word + "-note"));
  doc.pages[1].items.push_back(layout::Anchor{72, 200, "note"});
  doc.outline = {{1, word, 1, 200}, {2, word + " detail", 1, 220}};
  return doc;
}

// Each page's links as "page -> target page", then the outline as "title page" (qpdf's JSON).
std::string links_and_outline(const std::string& path) {
  return json_query(path, R"(
pages = [p["object"] for p in j["pages"]]
objects = j["qpdf"][1]
value = lambda ref: objects["obj:" + ref]["value"]
for i, page in enumerate(pages):
    for ref in value(page).get("/Annots", []):
        d = value(ref)["/Dest"]
        d = value(d) if isinstance(d, str) else d
        print(i + 1, "->", pages.index(d[0]) + 1)
def walk(items, depth):
    for o in items:
        print("  " * depth + o["title"], o["destpageposfrom1"])
        walk(o["kids"], depth + 1)
walk(j["outlines"], 0)
)",
                    "--json-key=pages --json-key=qpdf --json-key=outlines");
}

// Pages read back with libqpdf, without recovery: a broken cross-reference table or object throws.
std::size_t strict_page_count(const std::string& path) {
  QPDF pdf;
  pdf.setSuppressWarnings(true);
  pdf.setAttemptRecovery(false);
  pdf.processFile(path.c_str());
  for (auto& object : pdf.getAllObjects()) object.isDictionary();  // resolves every object
  CHECK_FALSE(pdf.anyWarnings());
  return pdf.getAllPages().size();
}

}  // namespace

TEST_CASE("the assembler joins whole PDFs: pages in order, links and outline renumbered, valid file") {
  auto path = (test_dir() / "assembled.pdf").string();
  {
    io::OutputFile out(path);
    render::detail::Assembler assembler(out);
    for (const char* word : {"alpha", "beta", "omega"})
      assembler.add(slurp(write_to(std::string(word) + ".pdf", two_page_letter(word), {})), {}, false);
    CHECK(assembler.pages() == 6);
    assembler.finish();
    out.commit();
  }
  CHECK(strict_page_count(path) == 6);
  int status = -1;
  run("qpdf --check '" + path + "'", status);
  CHECK(status == 0);
  CHECK(links_and_outline(path) ==
        "1 -> 2\n3 -> 4\n5 -> 6\nalpha 2\n  alpha detail 2\nbeta 4\n  beta detail 4\nomega 6\n  omega detail 6\n");
  auto text = run("pdftotext '" + path + "' -", status);
  auto alpha = text.find("alpha"), beta = text.find("beta"), omega = text.find("omega-note");
  CHECK(alpha < beta);
  CHECK(beta < omega);
  CHECK(omega != std::string::npos);
  // Not shared: each piece brought its own font. The first piece's title is the file's.
  auto fonts = run("pdffonts '" + path + "' | grep -c LiberationSerif", status);
  CHECK(fonts == "3\n");
  CHECK(field(run("pdfinfo '" + path + "'", status), "Title") == "Letter alpha");
}

TEST_CASE("PdfJoiner: documents as they come, one subset per face, reproducible, encrypted on request") {
  auto join = [](const std::string& name, const render::PdfOptions& options) {
    auto path = (test_dir() / name).string();
    io::OutputFile out(path);
    render::PdfJoiner joiner(options, out);
    Diagnostics diags;
    for (const char* word : {"alpha", "beta", "omega"}) joiner.add(two_page_letter(word), diags);
    joiner.finish(diags);
    CHECK(diags.all().empty());
    out.commit();
    return path;
  };
  render::PdfOptions dated;
  dated.date = 1780358400;
  auto path = join("joined-1.pdf", dated);
  CHECK(slurp(join("joined-2.pdf", dated)) == slurp(path));
  CHECK(strict_page_count(path) == 6);
  CHECK(links_and_outline(path) ==
        "1 -> 2\n3 -> 4\n5 -> 6\nalpha 2\n  alpha detail 2\nbeta 4\n  beta detail 4\nomega 6\n  omega detail 6\n");
  int status = -1;
  auto fonts = run("pdffonts '" + path + "'", status);
  CHECK(fonts.find("HPDFAA+LiberationSerif") != std::string::npos);
  CHECK(fonts.find("HPDFAB+") == std::string::npos);
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("alpha") < text.find("beta"));
  CHECK(text.find("beta") < text.find("omega-note"));

  // Encrypted: the unencrypted joined file is a temporary one, gone afterwards.
  fs::path dir = test_dir() / "joined-secret";
  fs::remove_all(dir);
  fs::create_directories(dir);
  render::PdfOptions secret;
  secret.user_password = "open sesame";
  auto locked = join("joined-secret/out.pdf", secret);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  CHECK(slurp(locked).find("alpha") == std::string::npos);
  auto shown = run("qpdf --show-encryption --password='open sesame' '" + locked + "'", status);
  CHECK(shown.find("stream encryption method: AESv3") != std::string::npos);
  text = run("pdftotext -upw 'open sesame' '" + locked + "' -", status);
  CHECK(status == 0);
  CHECK(text.find("omega-note") != std::string::npos);
  run("qpdf --check --password='open sesame' '" + locked + "'", status);
  CHECK(status == 0);
}
