#include "quire/render/pdf/pdf_writer.hpp"

#include <hpdf.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/fonts/fonts.hpp"
#include "quire/image/image_probe.hpp"
#include "quire/model/overloaded.hpp"

namespace quire::render {

namespace {

// "2026-06-02" (optionally followed by a time, ignored) → a date at midnight UTC; false when not a valid date.
bool iso_date(const std::string& text, HPDF_Date& out) {
  int y = 0, m = 0, d = 0;
  char dash1 = 0, dash2 = 0;
  if (std::sscanf(text.c_str(), "%4d%c%2d%c%2d", &y, &dash1, &m, &dash2, &d) != 5 || dash1 != '-' || dash2 != '-')
    return false;
  static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days[m - 1]) return false;
  out = HPDF_Date{y, m, d, 0, 0, 0, 'Z', 0, 0};
  return true;
}

std::string hex(HPDF_STATUS code) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%04lX", static_cast<unsigned long>(code));
  return buf;
}

// Words for the libharu errors quire can run into; the rest are shown by number.
std::string describe(HPDF_STATUS code, HPDF_STATUS detail) {
  switch (code) {
    case HPDF_FILE_OPEN_ERROR:
      return std::string("cannot open the file: ") + std::strerror(static_cast<int>(detail));
    case HPDF_FILE_IO_ERROR:
      return "read or write error";
    case HPDF_FAILD_TO_ALLOC_MEM:
      return "out of memory";
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_INVALID_CMAP:
      return "not a TrueType font libharu can read";
    case HPDF_TTF_MISSING_TABLE:
      return "the font lacks a TrueType table (CFF/OpenType outlines are not supported)";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT:
      return "the font's licence forbids embedding";
    case HPDF_INVALID_TTC_INDEX:
    case HPDF_INVALID_TTC_FILE:
      return "bad font collection or index";
    case HPDF_INVALID_JPEG_DATA:
    case HPDF_UNSUPPORTED_JPEG_FORMAT:
      return "unsupported or corrupt JPEG";
    case HPDF_INVALID_PNG_IMAGE:
    case HPDF_LIBPNG_ERROR:
      return "unsupported or corrupt PNG";
    case HPDF_PAGE_INVALID_SIZE:
      return "invalid page size";
    case HPDF_ZLIB_ERROR:
      return "compression failed";
    default:
      return "libharu error " + hex(code) + " (detail " + std::to_string(detail) + ")";
  }
}

// libharu with every failure turned into quire::Error. The handler only records: throwing through
// libharu's C frames would skip its cleanup. Errors are sticky, so the first one ends the document.
class Hpdf {
 public:
  Hpdf() : doc_(HPDF_New(&Hpdf::on_error, this)) {
    if (!doc_) throw Error(ErrorKind::Io, "cannot create a PDF document (libharu out of memory)");
  }
  ~Hpdf() { HPDF_Free(doc_); }
  Hpdf(const Hpdf&) = delete;
  Hpdf& operator=(const Hpdf&) = delete;

  HPDF_Doc doc() const { return doc_; }

  void check(HPDF_STATUS status, const std::string& what) {
    if (status != HPDF_OK || error_ != HPDF_OK) fail(what, status);
  }
  // Some calls fail by returning NULL without calling the handler (truncated TTF, non-JPEG data).
  template <class T>
  T* check(T* ptr, const std::string& what) {
    if (!ptr || error_ != HPDF_OK) fail(what, HPDF_OK);
    return ptr;
  }

 private:
  [[noreturn]] void fail(const std::string& what, HPDF_STATUS status) {
    HPDF_STATUS code = error_ != HPDF_OK ? error_ : status;
    std::string why =
        code != HPDF_OK ? describe(code, detail_) : "libharu refused it without saying why (corrupt file?)";
    HPDF_ResetError(doc_);
    error_ = detail_ = HPDF_OK;
    throw Error(ErrorKind::Io, what + ": " + why);
  }

  static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* self) {
    auto* pdf = static_cast<Hpdf*>(self);
    if (pdf->error_ == HPDF_OK) {  // keep the first: later ones are consequences
      pdf->error_ = error;
      pdf->detail_ = detail;
    }
  }

  HPDF_Doc doc_;
  HPDF_STATUS error_ = HPDF_OK, detail_ = HPDF_OK;
};

// URIs are written as byte strings: anything outside printable ASCII is percent-encoded.
std::string encode_uri(const std::string& url) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F || std::strchr("\"<>\\^`{|}", c)) {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

class Writer {
 public:
  Writer(const layout::LaidOutDocument& doc, const PdfOptions& options) : doc_(doc), options_(options) {
    HPDF_Doc d = pdf_.doc();
    pdf_.check(HPDF_SetCompressionMode(d, HPDF_COMP_ALL), "cannot enable compression");
    pdf_.check(HPDF_UseUTFEncodings(d), "cannot enable UTF-8");
    pdf_.check(HPDF_SetCurrentEncoder(d, "UTF-8"), "cannot enable UTF-8");
  }

  void write(io::OutputFile& out) {
    write_info();
    for (const auto& page : doc_.pages) write_page(page);
    if (doc_.pages.empty()) write_page(layout::Page{});  // a PDF needs at least one page
    save(out);
  }

 private:
  struct PageState {
    HPDF_Page page = nullptr;
    double height = 0;
    bool in_text = false;
    HPDF_Font font = nullptr;
    double size = 0;
    bool has_color = false;
    layout::Color color;
  };

  void write_info() {
    HPDF_Doc d = pdf_.doc();
    auto set = [&](HPDF_InfoType type, const std::string& value) {
      if (!value.empty()) pdf_.check(HPDF_SetInfoAttr(d, type, value.c_str()), "cannot set document information");
    };
    set(HPDF_INFO_TITLE, doc_.info.title);
    set(HPDF_INFO_AUTHOR, doc_.info.author);
    set(HPDF_INFO_SUBJECT, doc_.info.subject);
    set(HPDF_INFO_KEYWORDS, doc_.info.keywords);
    set(HPDF_INFO_CREATOR, "quire");
    set(HPDF_INFO_PRODUCER, "quire 0.1.0 (libharu)");
    // SOURCE_DATE_EPOCH wins; else the document's own `date` (YYYY-MM-DD); else no date at all.
    // Never the clock: the same input must give the same bytes.
    HPDF_Date date{};
    if (options_.date) {
      std::tm tm{};
      if (!gmtime_r(&*options_.date, &tm)) throw Error(ErrorKind::Io, "document date is out of range");
      date = HPDF_Date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
    } else if (!iso_date(doc_.info.date, date)) {
      return;
    }
    pdf_.check(HPDF_SetInfoDateAttr(d, HPDF_INFO_CREATION_DATE, date), "cannot set the creation date");
    pdf_.check(HPDF_SetInfoDateAttr(d, HPDF_INFO_MOD_DATE, date), "cannot set the modification date");
  }

  void write_page(const layout::Page& page) {
    PageState s;
    s.page = pdf_.check(HPDF_AddPage(pdf_.doc()), "cannot add a page");
    s.height = page.height;
    pdf_.check(HPDF_Page_SetWidth(s.page, static_cast<HPDF_REAL>(page.width)), "cannot set the page width");
    pdf_.check(HPDF_Page_SetHeight(s.page, static_cast<HPDF_REAL>(page.height)), "cannot set the page height");
    for (const auto& item : page.items) {
      std::visit(overloaded{
                     [&](const layout::GlyphRun& run) { draw(s, run); },
                     [&](const layout::Rule& rule) { draw(s, rule); },
                     [&](const layout::PlacedImage& image) { draw(s, image); },
                     [&](const layout::LinkArea& link) { draw(s, link); },
                     [&](const layout::Anchor&) {},  // destinations come with the outline
                 },
                 item);
    }
    end_text(s);
  }

  void set_fill(PageState& s, const layout::Color& c) {
    if (s.has_color && s.color == c) return;
    pdf_.check(HPDF_Page_SetRGBFill(s.page, static_cast<HPDF_REAL>(c.r), static_cast<HPDF_REAL>(c.g),
                                    static_cast<HPDF_REAL>(c.b)),
               "cannot set a colour");
    s.has_color = true;
    s.color = c;
  }

  void end_text(PageState& s) {
    if (!s.in_text) return;
    pdf_.check(HPDF_Page_EndText(s.page), "cannot end a text object");
    s.in_text = false;
  }

  void draw(PageState& s, const layout::GlyphRun& run) {
    if (run.text.empty()) return;
    HPDF_Font font = font_for(run.face);
    if (!s.in_text) {
      pdf_.check(HPDF_Page_BeginText(s.page), "cannot begin a text object");
      s.in_text = true;
    }
    if (font != s.font || run.size != s.size) {
      pdf_.check(HPDF_Page_SetFontAndSize(s.page, font, static_cast<HPDF_REAL>(run.size)), "cannot set the font");
      s.font = font;
      s.size = run.size;
    }
    set_fill(s, run.color);
    pdf_.check(HPDF_Page_TextOut(s.page, static_cast<HPDF_REAL>(run.x), static_cast<HPDF_REAL>(s.height - run.y),
                                 run.text.c_str()),
               "cannot draw text " + quoted(run.text));
  }

  void draw(PageState& s, const layout::Rule& rule) {
    end_text(s);
    set_fill(s, rule.color);
    pdf_.check(HPDF_Page_Rectangle(s.page, static_cast<HPDF_REAL>(rule.x),
                                   static_cast<HPDF_REAL>(s.height - rule.y - rule.height),
                                   static_cast<HPDF_REAL>(rule.width), static_cast<HPDF_REAL>(rule.height)),
               "cannot draw a rule");
    pdf_.check(HPDF_Page_Fill(s.page), "cannot draw a rule");
  }

  void draw(PageState& s, const layout::PlacedImage& placed) {
    end_text(s);
    HPDF_Image image = image_for(placed.path);
    pdf_.check(HPDF_Page_DrawImage(s.page, image, static_cast<HPDF_REAL>(placed.x),
                                   static_cast<HPDF_REAL>(s.height - placed.y - placed.height),
                                   static_cast<HPDF_REAL>(placed.width), static_cast<HPDF_REAL>(placed.height)),
               "cannot draw image " + quoted(placed.path));
  }

  void draw(PageState& s, const layout::LinkArea& link) {
    // Internal links ("#id") need destinations that LaidOutDocument does not carry yet: not drawn.
    if (link.url.empty() || link.url.front() == '#') return;
    HPDF_Rect rect{static_cast<HPDF_REAL>(link.x), static_cast<HPDF_REAL>(s.height - link.y - link.height),
                   static_cast<HPDF_REAL>(link.x + link.width), static_cast<HPDF_REAL>(s.height - link.y)};
    std::string uri = encode_uri(link.url);
    HPDF_Annotation annot =
        pdf_.check(HPDF_Page_CreateURILinkAnnot(s.page, rect, uri.c_str()), "cannot add link " + quoted(link.url));
    pdf_.check(HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0), "cannot add link " + quoted(link.url));
  }

  // Fonts are embedded on first use, so faces the document never draws with cost nothing.
  HPDF_Font font_for(int face) {
    if (face < 0 || static_cast<std::size_t>(face) >= doc_.fonts.size())
      throw Error(ErrorKind::Io, "text uses font " + std::to_string(face) + " but the document has " +
                                     std::to_string(doc_.fonts.size()));
    auto it = fonts_.find(face);
    if (it != fonts_.end()) return it->second;
    const layout::FontFace& f = doc_.fonts[static_cast<std::size_t>(face)];
    std::string what = "cannot embed font " + quoted(f.path);
    try {
      fonts::check_truetype(f);  // libharu crashes on some non-fonts and silently fails on others
    } catch (const Error& e) {
      throw Error(ErrorKind::Io, what + ": " + e.what());
    }
    HPDF_Doc d = pdf_.doc();
    const char* name = f.index > 0
                           ? HPDF_LoadTTFontFromFile2(d, f.path.c_str(), static_cast<HPDF_UINT>(f.index), HPDF_TRUE)
                           : HPDF_LoadTTFontFromFile(d, f.path.c_str(), HPDF_TRUE);
    name = pdf_.check(name, what);
    HPDF_Font font = pdf_.check(HPDF_GetFont(d, name, "UTF-8"), what);
    fonts_.emplace(face, font);
    return font;
  }

  // Each file is embedded once however often it is drawn.
  HPDF_Image image_for(const std::string& path) {
    auto it = images_.find(path);
    if (it != images_.end()) return it->second;
    std::string what = "cannot embed image " + quoted(path);
    std::string why;
    HPDF_Image image = nullptr;
    switch (image::sniff(path)) {
      case image::Kind::Png: {
        auto pixels = image::decode_png(path, why);
        if (!pixels) throw Error(ErrorKind::Io, what + ": " + why);
        image = raw_image(*pixels, what);
        break;
      }
      case image::Kind::Jpeg: {
        image::JpegInfo info;
        if (!image::check_jpeg(path, info, why)) throw Error(ErrorKind::Io, what + ": " + why);
        image = pdf_.check(HPDF_LoadJpegImageFromFile(pdf_.doc(), path.c_str()), what);
        break;
      }
      case image::Kind::Unknown:
        throw Error(ErrorKind::Io, what + ": not a readable PNG or JPEG file");
    }
    images_.emplace(path, image);
    return image;
  }

  // Decoded pixels, never HPDF_LoadPngImageFromFile: libharu's PNG reader aborts on corrupt files.
  HPDF_Image raw_image(const image::Pixels& p, const std::string& what) {
    HPDF_Doc d = pdf_.doc();
    auto w = static_cast<HPDF_UINT>(p.width), h = static_cast<HPDF_UINT>(p.height);
    HPDF_ColorSpace space = p.channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB;
    HPDF_Image image = pdf_.check(HPDF_LoadRawImageFromMem(d, p.data.data(), w, h, space, 8), what);
    if (!p.alpha.empty()) {
      HPDF_Image mask = pdf_.check(HPDF_LoadRawImageFromMem(d, p.alpha.data(), w, h, HPDF_CS_DEVICE_GRAY, 8), what);
      pdf_.check(HPDF_Image_AddSMask(image, mask), what);
    }
    return image;
  }

  void save(io::OutputFile& out) {
    HPDF_Doc d = pdf_.doc();
    pdf_.check(HPDF_SaveToStream(d), "cannot write the PDF");
    HPDF_UINT32 remaining = HPDF_GetStreamSize(d);
    pdf_.check(HPDF_ResetStream(d), "cannot write the PDF");
    std::vector<HPDF_BYTE> buf(1 << 16);
    while (remaining > 0) {
      // Asking for exactly what is left: reading past the end raises HPDF_STREAM_EOF as an error.
      HPDF_UINT32 n = std::min<HPDF_UINT32>(remaining, static_cast<HPDF_UINT32>(buf.size()));
      pdf_.check(HPDF_ReadFromStream(d, buf.data(), &n), "cannot write the PDF");
      if (n == 0) throw Error(ErrorKind::Io, "cannot write the PDF: libharu's stream ended early");
      out.write(std::string_view(reinterpret_cast<const char*>(buf.data()), n));
      remaining -= n;
    }
  }

  const layout::LaidOutDocument& doc_;
  const PdfOptions& options_;
  Hpdf pdf_;
  std::map<int, HPDF_Font> fonts_;
  std::map<std::string, HPDF_Image> images_;
};

}  // namespace

std::optional<std::time_t> source_date_epoch() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (!value || !*value) return std::nullopt;
  std::string_view text(value);
  long long seconds = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  // Digits only: no sign, no spaces, no trailing text (as the reproducible-builds spec asks).
  if (ec != std::errc() || end != text.data() + text.size() || text.front() < '0' || text.front() > '9')
    return std::nullopt;
  if (seconds > std::numeric_limits<std::time_t>::max()) return std::nullopt;
  return static_cast<std::time_t>(seconds);
}

void write_pdf(const layout::LaidOutDocument& doc, const PdfOptions& options, io::OutputFile& out) {
  Writer(doc, options).write(out);
}

}  // namespace quire::render
