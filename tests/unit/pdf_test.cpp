// Writes real PDFs with the default fonts and checks them with qpdf and poppler-utils.
#include <doctest/doctest.h>
#include <hb.h>
#include <hpdf.h>
#include <png.h>
#include <unistd.h>
#include <qpdf/QPDF.hh>

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
#include "quire/fonts/face.hpp"
#include "quire/fonts/fonts.hpp"
#include "quire/render/pdf/assemble.hpp"
#include "quire/render/pdf/cid_font.hpp"
#include "quire/render/pdf/deflate.hpp"
#include "quire/render/pdf/digest.hpp"
#include "quire/render/pdf/finish.hpp"
#include "quire/render/pdf/glyph_text.hpp"
#include "quire/render/pdf/hpdf_raw.hpp"
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

// A 16×16 RGBA PNG: a disc (red unless told) on a transparent background.
std::string write_disc_png(std::array<png_byte, 3> colour = {220, 30, 30}, const std::string& name = "disc.png") {
  auto path = (test_dir() / name).string();
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
      row.insert(row.end(), {colour[0], colour[1], colour[2], png_byte(inside ? 255 : 0)});
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

// pdffonts' rows, without the two header lines.
std::vector<std::string> font_rows(const std::string& path) {
  int status = -1;
  std::istringstream in(run("pdffonts '" + path + "'", status));
  REQUIRE(status == 0);
  std::vector<std::string> rows;
  std::string line;
  for (int n = 0; std::getline(in, line); ++n)
    if (n >= 2) rows.push_back(line);
  return rows;
}

// How many embedded fonts have `name` after their subset tag ("ABCDEF+name").
int fonts_named(const std::string& path, const std::string& name) {
  int n = 0;
  for (const auto& row : font_rows(path)) {
    auto plus = row.find('+');
    if (plus == 6 && row.compare(7, name.size() + 1, name + " ") == 0) ++n;
  }
  return n;
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
    CHECK_MESSAGE(line.find("Identity-H") != std::string::npos, line);
    CHECK_MESSAGE(line.find(" yes yes yes ") != std::string::npos, line);  // emb sub uni
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
  CHECK(fonts_named(path, "NanumMyeongjo") == 1);
  CHECK(fonts_named(path, "LiberationSerif") == 1);
  CHECK(fonts.find(" no ") == std::string::npos);  // every font embedded, subset, with a ToUnicode map
  // The embedded font programs, as stored: only a few kilobytes. (Glyph ids are kept, so the subset's
  // loca and hmtx run up to the highest id drawn: runs of zeros that compress to almost nothing.)
  auto stored = run("qpdf --object-streams=disable '" + path + "' -", status);
  std::size_t font_bytes = 0;
  for (auto at = stored.find("/FontFile2 "); at != std::string::npos; at = stored.find("/FontFile2 ", at + 1)) {
    int object = std::stoi(stored.substr(at + 11, 10));
    auto obj = stored.find("\n" + std::to_string(object) + " 0 obj");
    REQUIRE(obj != std::string::npos);
    auto length = stored.find("/Length ", obj);
    font_bytes += std::stoul(stored.substr(length + 8, 10));
  }
  MESSAGE("embedded font programs (compressed): " << font_bytes << " bytes");
  CHECK(font_bytes > 1000);
  CHECK(font_bytes < 6000);
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

  // A character the face lacks is drawn as .notdef and still extracts.
  auto emoji = sample_document();
  emoji.pages[0].items.push_back(run_of(72, 400, 0, 12, "smile \U0001F600 ok"));
  int status = -1;
  auto emoji_path = write_to("emoji.pdf", emoji, {});
  run("qpdf --check '" + emoji_path + "'", status);
  CHECK(status == 0);
  auto emoji_text = run("pdftotext '" + emoji_path + "' -", status);
  CHECK_MESSAGE(emoji_text.find("smile \U0001F600 ok") != std::string::npos, emoji_text);

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

TEST_CASE("--pdf-standard values: ua-1, a-2b, a-2u and lists of them; PDF/A refuses encryption") {
  using Archival = render::PdfOptions::Archival;
  render::PdfOptions o;
  CHECK(render::add_pdf_standard(o, "none").empty());
  CHECK((!o.tagged && o.archival == Archival::None));
  CHECK(render::pdf_standard_name(o) == "none");
  CHECK(render::add_pdf_standard(o, "ua-1, a-2b").empty());
  CHECK((o.tagged && o.archival == Archival::A2b));
  CHECK(render::pdf_standard_name(o) == "a-2b,ua-1");
  CHECK(render::add_pdf_standard(o, "a-2u").empty());  // added: u is b and more
  CHECK((o.tagged && o.archival == Archival::A2u));
  CHECK(render::add_pdf_standard(o, "a-2b").empty());  // never weakened
  CHECK(o.archival == Archival::A2u);
  render::PdfOptions p;
  for (const char* bad : {"", "ua-2", "a-2b,", "a-2b,,ua-1", "none,ua-1", "PDF/A-2b", "a-3b"}) {
    CHECK_MESSAGE(!render::add_pdf_standard(p, bad).empty(), bad);
    CHECK((!p.tagged && p.archival == Archival::None));  // untouched by a value it refuses
  }
  CHECK(render::add_pdf_standard(p, "a-2b,pdf-x").find("'pdf-x'") != std::string::npos);
  p.archival = Archival::A2b;
  CHECK_NOTHROW(render::check_pdf_options(p));
  p.allow_print = false;
  CHECK_THROWS_AS(render::check_pdf_options(p), Error);
  p.allow_print = true;
  p.user_password = "secret";
  try {
    render::check_pdf_options(p);
    FAIL("PDF/A with a password was accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
}

namespace {

// Each embedded CIDFont's glyph widths as "BaseFont-without-tag glyph width" lines, from /W.
std::map<std::string, std::map<std::uint32_t, double>> pdf_widths(const std::string& path) {
  auto rows = json_query(path, R"(
for key, o in j["qpdf"][1].items():
    d = o.get("value")
    if not isinstance(d, dict) or d.get("/Subtype") != "/CIDFontType2":
        continue
    w = d["/W"]
    i = 0
    while i < len(w):
        first, widths = w[i], w[i + 1]
        for k, width in enumerate(widths):
            print(d["/BaseFont"][8:], first + k, width)
        i += 2
)",
                         "--json-key=qpdf");
  std::map<std::string, std::map<std::uint32_t, double>> out;
  std::istringstream in(rows);
  std::string name;
  std::uint32_t glyph = 0;
  double width = 0;
  while (in >> name >> glyph >> width) out[name][glyph] = width;
  return out;
}

// `text` shaped by HarfBuzz in doc.fonts[face] at `size`: the glyph run layout sends once it shapes.
layout::GlyphRun shaped(const layout::LaidOutDocument& doc, int face, double x, double y, double size,
                        const std::string& text) {
  const auto& f = doc.fonts[static_cast<std::size_t>(face)];
  hb_blob_t* blob = hb_blob_create_from_file(f.path.c_str());
  hb_face_t* hb_face = hb_face_create(blob, static_cast<unsigned>(f.index));
  hb_font_t* font = hb_font_create(hb_face);
  double scale = size / hb_face_get_upem(hb_face);
  hb_buffer_t* buffer = hb_buffer_create();
  hb_buffer_add_utf8(buffer, text.data(), static_cast<int>(text.size()), 0, -1);
  hb_buffer_guess_segment_properties(buffer);
  hb_shape(font, buffer, nullptr, 0);
  unsigned n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &n);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &n);
  layout::GlyphRun r = run_of(x, y, face, size, text);
  r.rtl = HB_DIRECTION_IS_BACKWARD(hb_buffer_get_direction(buffer));
  for (unsigned i = 0; i < n; ++i) {
    layout::Glyph& g = r.glyphs.emplace_back();
    g.id = info[i].codepoint;
    g.cluster = info[i].cluster;
    g.advance = pos[i].x_advance * scale;
    g.dx = pos[i].x_offset * scale;
    g.dy = pos[i].y_offset * scale;
  }
  hb_buffer_destroy(buffer);
  hb_font_destroy(font);
  hb_face_destroy(hb_face);
  hb_blob_destroy(blob);
  return r;
}

// A one-page document over the given font files.
layout::LaidOutDocument page_with_fonts(const std::vector<std::string>& paths) {
  layout::LaidOutDocument doc;
  for (const auto& path : paths) doc.fonts.push_back({path, 0});
  doc.pages.emplace_back();
  return doc;
}

const std::string kNoto = "/usr/share/fonts/truetype/noto/";

double sum_advances(const layout::GlyphRun& r) {
  double sum = 0;
  for (const auto& g : r.glyphs) sum += g.advance;
  return sum;
}

// pdftotext -bbox's box of the first word that is exactly `word`: xMin yMin xMax yMax.
std::array<double, 4> word_box(const std::string& path, const std::string& word) {
  int status = -1;
  auto boxes = run("pdftotext -bbox '" + path + "' -", status);
  auto at = boxes.find(">" + word + "<");
  REQUIRE_MESSAGE(at != std::string::npos, boxes);
  auto tag = boxes.rfind("<word", at);
  std::array<double, 4> box{};
  REQUIRE(std::sscanf(boxes.c_str() + tag, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &box[0],
                      &box[1], &box[2], &box[3]) == 4);
  return box;
}

}  // namespace

TEST_CASE("glyph widths in the PDF are the faces' own advances, and words end where their advances say") {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  int dejavu = set.fallbacks_for(serif)[1];  // 2048 units per em: widths are not whole thousandths
  layout::LaidOutDocument doc;
  doc.fonts = set.faces;
  doc.pages.emplace_back();
  std::string ascii;
  for (char c = 33; c < 127; ++c) ascii += c;
  doc.pages[0].items.push_back(run_of(72, 72, serif, 8, ascii));
  doc.pages[0].items.push_back(run_of(72, 92, dejavu, 8, ascii));
  // Justified: every glyph of "stretched" advanced 1.5 points more than its width.
  auto stretched = shaped(doc, serif, 72, 200, 12, "stretched");
  for (auto& g : stretched.glyphs) g.advance += 1.5;
  doc.pages[0].items.push_back(stretched);
  // The next line starts where its own matrix says, whatever the line before ended with.
  doc.pages[0].items.push_back(run_of(90, 220, serif, 12, "next"));
  auto path = write_to("widths.pdf", doc, {});
  auto widths = pdf_widths(path);
  for (int face : {serif, dejavu}) {
    fonts::FaceInfo info(set.faces[static_cast<std::size_t>(face)]);
    auto& written = widths[info.postscript_name()];
    int checked = 0;
    for (char c = 33; c < 127; ++c) {
      auto glyph = info.glyph_of(static_cast<unsigned char>(c));
      REQUIRE_MESSAGE(written.count(glyph), info.postscript_name() << " glyph of " << c);
      CHECK(std::abs(written[glyph] - info.advance(glyph) * 1000) <= 0.0005);  // 3 decimals
      ++checked;
    }
    CHECK(checked == 94);
  }
  // The word spans its advances, up to its last glyph's own width (poppler ends a word there).
  fonts::FaceInfo info(set.faces[static_cast<std::size_t>(serif)]);
  auto box = word_box(path, "stretched");
  double last = stretched.glyphs.back().advance;
  CHECK(box[0] == doctest::Approx(72).epsilon(1e-4));
  CHECK(word_box(path, "next")[0] == doctest::Approx(90).epsilon(1e-4));
  CHECK(box[2] - box[0] ==
        doctest::Approx(sum_advances(stretched) - last + info.advance(stretched.glyphs.back().id) * 12).epsilon(1e-3));
}

TEST_CASE("a ligature is one glyph in the PDF and extracts as the letters it stands for") {
  auto doc = page_with_fonts({kNoto + "NotoSerif-Regular.ttf"});
  auto office = shaped(doc, 0, 72, 100, 14, "office");
  REQUIRE(office.glyphs.size() == 4);  // o, f_f_i, c, e
  doc.pages[0].items.push_back(office);
  doc.pages[0].items.push_back(shaped(doc, 0, 72 + sum_advances(office) + 4, 100, 14, "suffix"));
  auto path = write_to("ligature.pdf", doc, {});
  int status = -1;
  run("qpdf --check '" + path + "'", status);
  CHECK(status == 0);
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("office suffix") != std::string::npos);
  // The ToUnicode map gives the ligature all three letters; its first use spelled them, so no span.
  auto bytes = expanded(path);
  char entry[32];
  std::snprintf(entry, sizeof entry, "<%04X> <006600660069>", office.glyphs[1].id);
  CHECK(bytes.find(entry) != std::string::npos);
  CHECK(bytes.find("ActualText") == std::string::npos);
  auto rows = font_rows(path);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].find(" yes yes yes ") != std::string::npos);
}

TEST_CASE("an Arabic run is drawn in joining forms and extracts in reading order") {
  auto doc = page_with_fonts({kNoto + "NotoSansArabic-Regular.ttf"});
  // Right to left: the first word at the right.
  auto first = shaped(doc, 0, 0, 100, 16, "مرحبا");
  auto second = shaped(doc, 0, 0, 100, 16, "بالعالم");
  REQUIRE(first.rtl);
  second.x = 300 - sum_advances(first) - 5 - sum_advances(second);
  first.x = 300 - sum_advances(first);
  doc.pages[0].items.push_back(first);
  doc.pages[0].items.push_back(second);
  // A lam-alef ligature (two letters, one glyph) and a letter with a vowel mark (one cluster, two glyphs).
  auto third = shaped(doc, 0, 0, 140, 16, "السلام");
  auto fourth = shaped(doc, 0, 0, 140, 16, "كَتَبَ");
  fourth.x = 300 - sum_advances(fourth);
  third.x = fourth.x - 5 - sum_advances(third);
  doc.pages[0].items.push_back(third);
  doc.pages[0].items.push_back(fourth);
  auto path = write_to("arabic.pdf", doc, {});
  int status = -1;
  run("qpdf --check '" + path + "'", status);
  CHECK(status == 0);
  auto text = run("pdftotext '" + path + "' -", status);
  MESSAGE("pdftotext: " << text);
  // Words in reading order, first word first, letters in reading order: not the presentation forms
  // the glyphs are (U+FE8E …), the characters as written.
  CHECK(text.find("مرحبا بالعالم") != std::string::npos);
  CHECK(text.find("السلام") != std::string::npos);
  CHECK(text.find("\uFE8E") == std::string::npos);
  auto bytes = expanded(path);
  // The lam-alef ligature stands for both letters, in visual order (alef, lam) like the glyph.
  std::uint32_t lam_alef = 0;
  for (const auto& g : third.glyphs)
    if (g.cluster == std::string("الس").size()) lam_alef = g.id;
  char entry[32];
  std::snprintf(entry, sizeof entry, "<%04X> <06270644>", lam_alef);
  CHECK(bytes.find(entry) != std::string::npos);
  // A letter with its vowel mark is one cluster of two glyphs: a span with both characters.
  CHECK(bytes.find("/Span <</ActualText <FEFF0643064E>>> BDC") != std::string::npos);
  // poppler 22.12 spreads a span's text left to right over its glyphs and then turns the line around,
  // so a letter and its vowel mark come out reversed (docs/pdf.md, "Limits"): shown, not asserted.
}

TEST_CASE("marks: several glyphs of one cluster extract once, raised glyphs use the text rise") {
  auto doc = page_with_fonts({kNoto + "NotoSerif-Regular.ttf"});
  auto q = shaped(doc, 0, 72, 100, 20, "q\u0301 ok");  // q + combining acute: two glyphs, one cluster
  REQUIRE(q.glyphs.size() >= 5);
  CHECK(q.glyphs[0].cluster == q.glyphs[1].cluster);
  // Raise the mark by hand as well: a superscript-like offset goes into Ts.
  q.glyphs[1].dy = 3;
  doc.pages[0].items.push_back(q);
  auto path = write_to("marks.pdf", doc, {});
  int status = -1;
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK_MESSAGE(text.find("q\u0301 ok") != std::string::npos, text);
  auto bytes = expanded(path);
  CHECK(bytes.find("/Span <</ActualText <FEFF00710301>>> BDC") != std::string::npos);
  // The cluster's first glyph stands for the whole cluster in the ToUnicode map, the mark for nothing:
  // readers that ignore /ActualText still get each character once.
  char first[32], mark[16];
  std::snprintf(first, sizeof first, "<%04X> <00710301>", q.glyphs[0].id);
  std::snprintf(mark, sizeof mark, "\n<%04X> <", q.glyphs[1].id);
  CHECK(bytes.find(first) != std::string::npos);
  CHECK(bytes.find(mark) == std::string::npos);
  CHECK(bytes.find("\n3 Ts\n") != std::string::npos);
  CHECK(bytes.find("\n0 Ts\n") != std::string::npos);
}

TEST_CASE("characters beyond the Basic Multilingual Plane are drawn and extract") {
  auto bold = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf";
  auto doc = page_with_fonts({bold});
  doc.pages[0].items.push_back(run_of(72, 100, 0, 14, "\U0001D400\U0001D401\U0001D402"));  // unshaped: the cmap
  auto path = write_to("astral.pdf", doc, {});
  fonts::FaceInfo info({bold, 0});
  CHECK(info.glyph_of(0x1D400) != 0);
  int status = -1;
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("\U0001D400\U0001D401\U0001D402") != std::string::npos);
  CHECK(expanded(path).find("<D835DC00>") != std::string::npos);  // a surrogate pair in the ToUnicode map
}

TEST_CASE("text operators: one text object, font set once, absolute matrices, TJ adjustments for kerning") {
  auto doc = page_with_fonts({"/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"});
  auto kerned = shaped(doc, 0, 72, 100, 12, "AVAWAY");  // GPOS kerning: advances below the widths
  doc.pages[0].items.push_back(kerned);
  doc.pages[0].items.push_back(run_of(72, 120, 0, 12, "plain"));
  auto path = write_to("operators.pdf", doc, {});
  auto bytes = expanded(path);
  auto count = [&](const std::string& what) {
    int n = 0;
    for (auto at = bytes.find(what); at != std::string::npos; at = bytes.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("BT\n") == 1);
  CHECK(count("/F0 12 Tf\n") == 1);
  CHECK(count("1 0 0 1 72 741.89 Tm\n") == 1);
  CHECK(count("1 0 0 1 72 721.89 Tm\n") == 1);
  // "plain" has no kerning: one hex string, no numbers.
  fonts::FaceInfo info(doc.fonts[0]);
  char plain[64];
  std::snprintf(plain, sizeof plain, "<%04X%04X", info.glyph_of('p'), info.glyph_of('l'));
  CHECK(bytes.find(plain) != std::string::npos);
  // "AVAWAY" ends where its kerned advances say.
  auto box = word_box(path, "AVAWAY");
  double drawn = sum_advances(kerned) - kerned.glyphs.back().advance + info.advance(kerned.glyphs.back().id) * 12;
  CHECK(box[2] - box[0] == doctest::Approx(drawn).epsilon(1e-3));
  CHECK(drawn < info.advance(kerned.glyphs[0].id) * 12 * 6);  // kerned tighter than the plain widths
}

TEST_CASE("libharu internals: raw operators reach the page, font placeholders become resources") {
  HPDF_Doc pdf = HPDF_New(nullptr, nullptr);
  REQUIRE(pdf);
  HPDF_SetCompressionMode(pdf, HPDF_COMP_NONE);
  HPDF_Page one = HPDF_AddPage(pdf), two = HPDF_AddPage(pdf);
  HPDF_Dict placeholder = render::detail::font_placeholder(pdf, 7);
  REQUIRE(placeholder);
  CHECK(render::detail::add_font_resource(one, "F7", placeholder) == HPDF_OK);
  CHECK(render::detail::add_font_resource(two, "F7", placeholder) == HPDF_OK);
  CHECK(render::detail::append_content(one, "BT /F7 12 Tf <0001> Tj ET\n") == HPDF_OK);
  // libharu's own drawing still works after raw operators.
  CHECK(HPDF_Page_Rectangle(one, 10, 10, 20, 20) == HPDF_OK);
  CHECK(HPDF_Page_Fill(one) == HPDF_OK);
  REQUIRE(HPDF_SaveToStream(pdf) == HPDF_OK);
  std::string bytes(HPDF_GetStreamSize(pdf), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  REQUIRE(HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size) == HPDF_OK);
  HPDF_Free(pdf);
  QPDF parsed;
  parsed.setSuppressWarnings(true);
  parsed.processMemoryFile("raw", bytes.data(), bytes.size());
  auto pages = parsed.getAllPages();
  REQUIRE(pages.size() == 2);
  auto font = pages[0].getKey("/Resources").getKey("/Font").getKey("/F7");
  CHECK(render::detail::placeholder_face(font) == 7);
  CHECK(font.getObjGen() == pages[1].getKey("/Resources").getKey("/Font").getKey("/F7").getObjGen());
  auto content = pages[0].getKey("/Contents").getStreamData();
  std::string ops(reinterpret_cast<const char*>(content->getBuffer()), content->getSize());
  CHECK(ops.find("BT /F7 12 Tf <0001> Tj ET\n") == 0);
  CHECK(ops.find(" re\n") != std::string::npos);
}

TEST_CASE("ToUnicode maps and widths: ranges, ligatures, surrogates, glyphs without text left out") {
  render::detail::FaceUse use({"/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 0});
  use.text = {{36, "A"}, {37, "B"},  {38, "C"},  {50, "Z"},          {100, "ffi"},
              {101, ""}, {255, "x"}, {256, "y"}, {300, "\U0001D400"}};
  auto cmap = render::detail::to_unicode_cmap(use);
  CHECK(cmap.find("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n") != std::string::npos);
  CHECK(cmap.find("1 beginbfrange\n<0024> <0026> <0041>\nendbfrange\n") != std::string::npos);
  // 255 and 256 are consecutive glyphs of consecutive letters, but a range may not cross a high byte.
  CHECK(cmap.find("<0032> <005A>\n<0064> <006600660069>\n<00FF> <0078>\n<0100> <0079>\n<012C> <D835DC00>\n") !=
        std::string::npos);
  CHECK(cmap.find("<0065>") == std::string::npos);  // glyph 101 stands for no text
  auto widths = render::detail::widths_array(use);
  CHECK(widths.rfind("[ 36 [ ", 0) == 0);
  CHECK(widths.find(" ] 50 [ ") != std::string::npos);
  CHECK(widths.find(" ] 100 [ ") != std::string::npos);  // 100 and 101 together
  CHECK(widths.find(" 101 [") == std::string::npos);
  // The subset tag: six capitals, the same for the same glyphs, another for others.
  auto tag = render::detail::subset_tag(use);
  CHECK(tag.size() == 6);
  CHECK(tag.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
  CHECK(render::detail::subset_tag(use) == tag);
  use.text.erase(300);
  CHECK(render::detail::subset_tag(use) != tag);
  CHECK(render::detail::pdf_number(-0.0001, 3) == "0");
  CHECK(render::detail::pdf_number(12.5, 3) == "12.5");
  CHECK(render::detail::pdf_number(1.0 / 0.0, 3) == "0");
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
  // Every face used once: three fonts, each with its own six-letter subset tag.
  auto rows = font_rows(path);
  CHECK(rows.size() == 3);
  std::set<std::string> tags;
  for (const auto& row : rows) tags.insert(row.substr(0, 7));
  CHECK(tags.size() == 3);
  for (const auto& tag : tags) CHECK_MESSAGE(tag.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 6, tag);
  // The same faces in another document order give the same bytes: subsets are deterministic.
  CHECK(slurp(path) == slurp(write_to("subset-again.pdf", doc, {})));
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
  CHECK(font_rows(path).size() == 1);
  CHECK(fonts_named(path, "LiberationSerif") == 1);
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("alpha") != std::string::npos);
  CHECK(text.find("omega") != std::string::npos);
}

TEST_CASE("two font files with one PostScript name are both embedded, each with its own glyphs") {
  auto set = fonts::default_font_set({});
  int serif = set.face(Family::Serif, false, false);
  auto copy = (test_dir() / "serif-copy.ttf").string();
  fs::copy_file(set.faces[static_cast<std::size_t>(serif)].path, copy, fs::copy_options::overwrite_existing);
  layout::LaidOutDocument doc;
  doc.fonts = {set.faces[static_cast<std::size_t>(serif)], {copy, 0}};
  doc.pages.emplace_back();
  doc.pages[0].items.push_back(run_of(72, 72, 0, 12, "abc"));
  doc.pages[0].items.push_back(run_of(72, 92, 1, 12, "xyz"));
  auto path = write_to("same-name.pdf", doc, {});
  CHECK(fonts_named(path, "LiberationSerif") == 2);  // different glyph sets: different tags
  int status = -1;
  auto text = run("pdftotext '" + path + "' -", status);
  CHECK(text.find("abc") != std::string::npos);
  CHECK(text.find("xyz") != std::string::npos);
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
      assembler.add(slurp(write_to(std::string(word) + ".pdf", two_page_letter(word), {})), false);
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
  CHECK(font_rows(path).size() == 1);  // one face, embedded once at the end, over every letter's glyphs
  CHECK(fonts_named(path, "LiberationSerif") == 1);
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

TEST_CASE("SHA-256 gives the FIPS 180-4 example digests, in pieces too, and a file's size and digest") {
  CHECK(render::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(render::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(render::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  render::Sha256 million;
  for (int i = 0; i < 1000; ++i) million.update(std::string(1000, 'a'));
  CHECK(million.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  auto path = (test_dir() / "digest.bin").string();
  std::string bytes(200'000, '\0');  // longer than one read, with every byte value
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = char(i * 7);
  std::ofstream(path, std::ios::binary) << bytes;
  auto digest = render::digest_file(path);
  CHECK(digest.bytes == bytes.size());
  CHECK(digest.sha256 == render::sha256_hex(bytes));
  CHECK_THROWS_AS(render::digest_file((test_dir() / "no-such-file").string()), Error);
}

namespace {

// How the streams of the PDF at `path` are stored. A stream quire compressed is exactly quire's
// deflate of its content: one that libharu compressed, or that qpdf inflated and deflated again,
// has other bytes (zlib's), and one compressed twice does not inflate to its content at all.
struct Storage {
  int ours = 0, jpegs = 0;
  std::vector<std::string> others;  // "number /Type": neither
};

Storage stream_storage(const std::string& path, const std::string& password = "") {
  QPDF pdf;
  pdf.setSuppressWarnings(true);
  pdf.setAttemptRecovery(false);
  pdf.processFile(path.c_str(), password.empty() ? nullptr : password.c_str());
  Storage storage;
  for (auto& object : pdf.getAllObjects()) {
    if (!object.isStream()) continue;
    auto filter = object.getDict().getKey("/Filter");
    // libharu writes a JPEG's filter as an array: [ /DCTDecode ].
    if (filter.isArray() && filter.getArrayNItems() == 1) filter = filter.getArrayItem(0);
    if (filter.isNameAndEquals("/DCTDecode")) {
      ++storage.jpegs;
      continue;
    }
    auto raw = object.getRawStreamData();
    std::string stored(reinterpret_cast<const char*>(raw->getBuffer()), raw->getSize());
    std::string content;
    // Without /DecodeParms: qpdf's cross-reference streams use a predictor, quire's streams none.
    if (filter.isNameAndEquals("/FlateDecode") && !object.getDict().hasKey("/DecodeParms")) {
      auto data = object.getStreamData(qpdf_dl_generalized);
      content.assign(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
    }
    if (!content.empty() && render::detail::deflate(content) == stored)
      ++storage.ours;
    else
      storage.others.push_back(std::to_string(object.getObjectID()) + ' ' + object.getDict().getKey("/Type").unparse());
  }
  return storage;
}

}  // namespace

TEST_CASE("every stream is deflated once, by quire: none is recompressed by the finishing pass or the joiner") {
  // One file: pages, two images and a soft mask, three fonts with their ToUnicode maps; the JPEG
  // keeps its DCT. qpdf's object and cross-reference streams are the only other ones.
  render::PdfOptions dated;
  dated.date = 1780358400;
  auto path = write_to("deflated.pdf", sample_document(), dated);
  auto one = stream_storage(path);
  CHECK(one.ours == 2 + 2 + 3 * 2);  // two pages' contents, the disc and its mask, three fonts and their maps
  CHECK(one.jpegs == 1);
  CHECK_FALSE(one.others.empty());
  for (const auto& other : one.others)
    CHECK_MESSAGE((other.find("/ObjStm") != std::string::npos || other.find("/XRef") != std::string::npos), other);

  // Encrypted: the same streams, decrypted, are still quire's own deflate.
  render::PdfOptions secret;
  secret.user_password = "open sesame";
  auto locked = stream_storage(write_to("deflated-secret.pdf", sample_document(), secret), "open sesame");
  CHECK(locked.ours == one.ours);
  CHECK(locked.jpegs == 1);

  // Joined: every stream is the joiner's, including the object streams.
  auto joined = (test_dir() / "deflated-joined.pdf").string();
  {
    io::OutputFile out(joined);
    render::PdfJoiner joiner(dated, out);
    Diagnostics diags;
    joiner.add(sample_document(), diags);
    joiner.add(two_page_letter("alpha"), diags);
    joiner.finish(diags);
    out.commit();
  }
  auto all = stream_storage(joined);
  CHECK(all.others.empty());
  CHECK(all.jpegs == 1);
  CHECK(all.ours > one.ours);
}

TEST_CASE("deflate_remembered gives deflate's bytes, for a stream met again and for another of its size") {
  std::string logo(300'000, '\0'), other(300'000, '\0');
  for (std::size_t i = 0; i < logo.size(); ++i) {
    logo[i] = char(i % 251);
    other[i] = char(i % 241);
  }
  auto once = render::detail::deflate(logo);
  CHECK(render::detail::deflate_remembered(logo) == once);
  CHECK(render::detail::deflate_remembered(logo) == once);  // remembered
  CHECK(render::detail::deflate_remembered(other) == render::detail::deflate(other));
  CHECK(render::detail::deflate_remembered(logo) == once);
  CHECK(render::detail::deflate_remembered("") == render::detail::deflate(""));
}

TEST_CASE("images in a run: an unchanged PNG gives the bytes of a fresh run, a rewritten one its new pixels") {
  // The run keeps decoded PNGs and deflated images for the next document (a letterhead in every
  // letter); rewriting the file between documents must show, even at the same size.
  render::PdfOptions dated;
  dated.date = 1780358400;
  auto letter = [] {
    auto set = fonts::default_font_set({});
    layout::LaidOutDocument doc;
    doc.fonts = set.faces;
    doc.pages.resize(1);
    doc.pages[0].items.push_back(run_of(72, 100, set.face(Family::Serif, false, false), 12, "Dear"));
    doc.pages[0].items.push_back(layout::PlacedImage{72, 200, 64, 64, (test_dir() / "logo.png").string()});
    return doc;
  };
  // The first sample of the file's colour image.
  auto first_pixel = [](const std::string& path) {
    QPDF pdf;
    pdf.processFile(path.c_str());
    for (auto& object : pdf.getAllObjects())
      if (object.isStream() && object.getDict().getKey("/ColorSpace").isNameAndEquals("/DeviceRGB")) {
        auto data = object.getStreamData(qpdf_dl_generalized);
        return std::string(reinterpret_cast<const char*>(data->getBuffer()), 3);
      }
    return std::string();
  };
  auto red_file = slurp(write_disc_png({220, 30, 30}, "logo.png"));
  auto red = slurp(write_to("run-red.pdf", letter(), dated));
  CHECK(first_pixel((test_dir() / "run-red.pdf").string()) == "\xdc\x1e\x1e");
  CHECK(slurp(write_to("run-red-again.pdf", letter(), dated)) == red);
  auto blue_file = slurp(write_disc_png({30, 30, 220}, "logo.png"));
  CHECK(blue_file.size() == red_file.size());
  CHECK(first_pixel(write_to("run-blue.pdf", letter(), dated)) == "\x1e\x1e\xdc");
  write_disc_png({220, 30, 30}, "logo.png");
  CHECK(slurp(write_to("run-red-last.pdf", letter(), dated)) == red);
}

TEST_CASE("letters of one run: each file embeds its own glyphs, and a letter written again gives the same bytes") {
  // A run keeps faces, cut subsets and stored images for the next letter (cid_font.cpp, images.cpp):
  // what one letter leaves behind must never show in another.
  render::PdfOptions dated;
  dated.date = 1780358400;
  auto letter = [](const std::string& name) {
    auto set = fonts::default_font_set({});
    layout::LaidOutDocument doc;
    doc.fonts = set.faces;
    doc.info.title = "Thank you";  // ASCII: written as it is
    doc.pages.resize(1);
    doc.pages[0].items.push_back(run_of(72, 100, set.face(Family::Serif, false, false), 12, "Dear " + name));
    doc.pages[0].items.push_back(layout::PlacedImage{72, 200, 64, 64, write_disc_png()});
    return doc;
  };
  auto ann = slurp(write_to("run-ann.pdf", letter("Ann"), dated));
  auto zoe_path = write_to("run-zoe.pdf", letter("Zoë"), dated);
  for (int i = 0; i < 4; ++i) CHECK(slurp(write_to("run-ann-again.pdf", letter("Ann"), dated)) == ann);
  int status = -1;
  CHECK(run("pdftotext '" + zoe_path + "' -", status).find("Dear Zoë") != std::string::npos);
  CHECK(run("pdftotext '" + (test_dir() / "run-ann-again.pdf").string() + "' -", status).find("Dear Ann") !=
        std::string::npos);
  CHECK(slurp(zoe_path) != ann);
  auto tag = [&](const std::string& path) {
    auto fonts = run("pdffonts '" + path + "'", status);
    auto at = fonts.find("+LiberationSerif");
    return at == std::string::npos ? std::string() : fonts.substr(at - 6, 6);
  };
  CHECK(tag(zoe_path).size() == 6);
  CHECK(tag(zoe_path) != tag((test_dir() / "run-ann.pdf").string()));  // different glyphs: another subset
  CHECK(run("qpdf --check '" + zoe_path + "'", status).find("No syntax or stream encoding errors") !=
        std::string::npos);
  // The information dictionary: ASCII as a plain string, other text as UTF-16.
  CHECK(expanded((test_dir() / "run-ann.pdf").string()).find("/Title (Thank you)") != std::string::npos);
  auto info = run("pdfinfo '" + zoe_path + "'", status);
  CHECK(field(info, "Title") == "Thank you");
}
