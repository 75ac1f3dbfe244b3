#include "quire/render/pdf/pdf_writer.hpp"

#include <hpdf.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <numbers>
#include <set>
#include <vector>

#include "quire/diag/diagnostic.hpp"
#include "quire/diag/progress.hpp"
#include "quire/fonts/subset.hpp"
#include "quire/image/figure.hpp"
#include "quire/io/file.hpp"
#include "quire/model/overloaded.hpp"
#include "quire/render/pdf/assemble.hpp"
#include "quire/render/pdf/figures.hpp"
#include "quire/render/pdf/finish.hpp"
#include "quire/render/pdf/glyph_text.hpp"
#include "quire/render/pdf/hpdf_raw.hpp"
#include "quire/render/pdf/images.hpp"

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

HPDF_REAL real(double v) { return static_cast<HPDF_REAL>(v); }

// A named place in the document: the page index and its top-left corner.
struct AnchorPlace {
  std::size_t page = 0;
  double x = 0, y = 0;
};

class Writer {
  static constexpr std::size_t kNamedUnknownIds = 3;

 public:
  // The glyphs drawn are recorded in `fonts`, which the finishing pass (or PdfJoiner) embeds.
  Writer(const layout::LaidOutDocument& doc, const PdfOptions& options, Diagnostics& diags, detail::FontRegistry& fonts,
         detail::FigureRegistry& figures)
      : doc_(doc), options_(options), diags_(diags), fonts_(fonts), figures_(figures) {
    HPDF_Doc d = pdf_.doc();
    // No compression here: libharu deflates at zlib's default level as it saves, and qpdf would
    // inflate and deflate again (libharu writes /Filter as an array, which qpdf does not trust as
    // compressed). The finishing pass and the joiner deflate each stream once (deflate.hpp).
    pdf_.check(HPDF_SetCompressionMode(d, HPDF_COMP_NONE), "cannot turn libharu's compression off");
    // UTF-8 for the information dictionary and the outline titles (text is drawn by glyph id), only
    // when one of them needs more than ASCII: libharu builds a 65,536-entry table for the encoder, most
    // of the cost of a one-page letter's file. ASCII strings are written as they are.
    if (needs_utf8()) {
      pdf_.check(HPDF_UseUTFEncodings(d), "cannot enable UTF-8");
      pdf_.check(HPDF_SetCurrentEncoder(d, "UTF-8"), "cannot enable UTF-8");
      utf8_ = pdf_.check(HPDF_GetEncoder(d, "UTF-8"), "cannot enable UTF-8");
    }
  }

  void write(io::OutputFile& out) {
    progress().expect_drawn_pages(static_cast<long>(doc_.pages.size()));
    std::string drawn = draw();
    bool described = options_.tagged || options_.archival != PdfOptions::Archival::None;
    out.write(detail::finish_pdf(drawn, fonts_, images_, options_, described ? &tagging_ : nullptr, &figures_));
  }

  // The images draw() placed, which the finished file stores.
  const detail::ImageRegistry& images() const { return images_; }

  // What draw() marked, for the structure tree.
  const detail::Tagging& tagging() const { return tagging_; }

  // libharu's whole file, not yet finished (detail::finish_pdf).
  std::string draw() {
    write_info();
    if (options_.tagged) check_tagging();
    if (doc_.pages.empty()) {  // a PDF needs at least one page
      empty_.emplace_back();
    }
    const auto& pages = doc_.pages.empty() ? empty_ : doc_.pages;
    tagging_.doc = &doc_;
    tagging_.pages.assign(options_.tagged ? pages.size() : 0, {});
    // Pages first, then destinations, then content: a link may point at an anchor on a later page.
    for (const auto& page : pages) add_page(page);
    collect_anchors(pages);
    write_outline();
    for (std::size_t i = 0; i < pages.size(); ++i) {
      write_page(i, pages[i]);
      progress().add_drawn_page();
    }
    if (unknown_ids_.size() > kNamedUnknownIds)
      diags_.warning({}, "links to " + std::to_string(unknown_ids_.size() - kNamedUnknownIds) +
                             " more unknown anchors: not linked");
    return save();
  }

 private:
  struct PageState {
    HPDF_Page page = nullptr;
    std::size_t index = 0;
    double height = 0;
    bool in_text = false;
    std::string text;  // the open text object's operators, written to the page at its end
    detail::TextState text_state;
    std::set<int> fonts;    // the faces in the page's resources
    std::set<int> figures;  // the figures in the page's resources
    bool has_color = false;
    layout::Color color;
    const layout::TurnedBody* turned = nullptr;  // drawing a landscape page's body: its frame's coordinates
    bool marked = false;                         // a marked-content sequence is open (tagged PDF)
    int mark = -1;                               // its element, or -1 for an artifact
    int mcids = 0;                               // the page's marked-content ids so far
  };

  static bool ascii(const std::string& text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  }

  // Whether an information entry or an outline title has text beyond ASCII (write_info, write_outline;
  // an untitled entry is shown as an em dash).
  bool needs_utf8() const {
    const auto& info = doc_.info;
    for (const std::string* text : {&info.title, &info.author, &info.subject, &info.keywords})
      if (!ascii(*text)) return true;
    return std::any_of(doc_.outline.begin(), doc_.outline.end(),
                       [](const layout::OutlineEntry& entry) { return entry.title.empty() || !ascii(entry.title); });
  }

  // A tagged PDF names its language and title (PDF/UA-1 7.2, 7.1): say so when the document does not.
  void check_tagging() {
    if (doc_.info.title.empty())
      diags_.warning({}, "a tagged PDF should have a title: set `title:` in the front matter");
    if (doc_.lang.empty())
      diags_.warning({}, "a tagged PDF should say its language: set `lang:` in the front matter (en-US assumed)");
  }

  // The element an item is tagged with, or -1 (an artifact) when it names none the document has.
  int element_of(int tag) const {
    bool known = tag >= 0 && static_cast<std::size_t>(tag) < doc_.structure.size() &&
                 !doc_.structure[static_cast<std::size_t>(tag)].role.empty();
    return known ? tag : -1;
  }

  // Marked content never crosses BT/ET: inside a text object it goes into the object's operators.
  void emit_mark(PageState& s, const std::string& ops) {
    if (s.in_text) {
      detail::close_show(s.text, s.text_state);
      s.text += ops;
    } else {
      pdf_.check(detail::append_content(s.page, ops), "cannot tag the page's content");
    }
  }

  // Puts what follows into the marked-content sequence of element `tag` (-1: an artifact).
  void mark(PageState& s, int tag) {
    if (!options_.tagged) return;
    tag = element_of(tag);
    if (s.marked && s.mark == tag) return;
    close_mark(s);
    s.text_state.words = false;  // no space before an element's first word
    if (tag < 0) {
      emit_mark(s, "/Artifact BMC\n");
    } else {
      const auto& role = doc_.structure[static_cast<std::size_t>(tag)].role;
      emit_mark(s, "/" + role + " <</MCID " + std::to_string(s.mcids) + ">> BDC\n");
      tagging_.pages[s.index].push_back({tag, s.mcids++});
    }
    s.marked = true;
    s.mark = tag;
  }

  void close_mark(PageState& s) {
    if (!s.marked) return;
    emit_mark(s, "EMC\n");
    s.marked = false;
  }

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

  void check_face(int face) const {
    if (face < 0 || static_cast<std::size_t>(face) >= doc_.fonts.size())
      throw Error(ErrorKind::Io, "text uses font " + std::to_string(face) + " but the document has " +
                                     std::to_string(doc_.fonts.size()));
  }

  // The output's number for the run's face, opened on first use.
  int font_of(int face) {
    if (auto known = font_numbers_.find(face); known != font_numbers_.end()) return known->second;
    check_face(face);
    const layout::FontFace& f = doc_.fonts[static_cast<std::size_t>(face)];
    try {
      return font_numbers_[face] = fonts_.index(f);
    } catch (const Error& e) {
      throw Error(ErrorKind::Io, "cannot embed font " + quoted(f.path) + ": " + e.what());
    }
  }

  // The page's resource /F<font>: a placeholder the finishing pass replaces with the Type 0 font.
  void use_font(PageState& s, int font) {
    if (!s.fonts.insert(font).second) return;
    auto [it, fresh] = placeholders_.emplace(font, nullptr);
    if (fresh) it->second = pdf_.check(detail::font_placeholder(pdf_.doc(), font), "cannot add a font");
    std::string name = "F" + std::to_string(font);
    pdf_.check(detail::add_font_resource(s.page, name.c_str(), it->second), "cannot add a font to a page");
  }

  void add_page(const layout::Page& page) {
    HPDF_Page p = pdf_.check(HPDF_AddPage(pdf_.doc()), "cannot add a page");
    pdf_.check(HPDF_Page_SetWidth(p, real(page.width)), "cannot set the page width");
    pdf_.check(HPDF_Page_SetHeight(p, real(page.height)), "cannot set the page height");
    // A landscape page is shown turned, as pdflscape does: its body upright on screen, and text
    // extraction reads it in order (poppler orders words by the page's display rotation). The sheet
    // printed is the same: the running header and footer stay where the portrait pages have them.
    if (page.turned) pdf_.check(HPDF_Page_SetRotate(p, 90), "cannot turn a landscape page");
    pages_.push_back(p);
  }

  // Every anchor becomes a destination before any page is drawn; the first of two equal ids wins. One in
  // a landscape page's turned body shows its page from the top.
  void collect_anchors(const std::vector<layout::Page>& pages) {
    for (std::size_t i = 0; i < pages.size(); ++i) {
      for (const auto& item : pages[i].items) add_anchor(i, item, false);
      if (pages[i].turned)
        for (const auto& item : pages[i].turned->items) add_anchor(i, item, true);
    }
  }

  void add_anchor(std::size_t page, const layout::Item& item, bool turned) {
    const auto* anchor = std::get_if<layout::Anchor>(&item);
    if (!anchor) return;
    AnchorPlace place{page, turned ? 0 : anchor->x, turned ? 0 : anchor->y};
    auto [it, fresh] = anchors_.emplace(anchor->id, place);
    if (fresh) return;
    diags_.warning({}, "anchor " + quoted(anchor->id) + " on page " + std::to_string(page + 1) +
                           " is already defined on page " + std::to_string(it->second.page + 1) +
                           ": links go to the first");
  }

  // A destination showing `page` with (x, y) (layout's top-left coordinates) at the window's top-left.
  // libharu refuses zoom 0 ("keep"): the finishing pass turns the 1 into null.
  HPDF_Destination destination(std::size_t page, double x, double y) {
    HPDF_Page p = pages_[page];
    HPDF_Destination dest = pdf_.check(HPDF_Page_CreateDestination(p), "cannot create a link destination");
    double width = HPDF_Page_GetWidth(p), height = HPDF_Page_GetHeight(p);
    double left = std::clamp(x, 0.0, width), top = std::clamp(height - y, 0.0, height);
    pdf_.check(HPDF_Destination_SetXYZ(dest, real(left), real(top), 1), "cannot create a link destination");
    return dest;
  }

  HPDF_Destination anchor_destination(const std::string& id) {
    auto made = destinations_.find(id);
    if (made != destinations_.end()) return made->second;
    auto at = anchors_.find(id);
    if (at == anchors_.end()) return nullptr;
    HPDF_Destination dest = destination(at->second.page, at->second.x, at->second.y);
    destinations_.emplace(id, dest);
    return dest;
  }

  // Bookmarks nested by level: an entry goes under the last entry of a lower level, so a jump
  // (a level 3 right after a level 1) nests under the level 1.
  void write_outline() {
    HPDF_Doc d = pdf_.doc();
    std::vector<std::pair<int, HPDF_Outline>> open;  // the chain of ancestors, by level
    bool any = false;
    for (const auto& entry : doc_.outline) {
      if (entry.page < 0 || static_cast<std::size_t>(entry.page) >= pages_.size()) {
        diags_.warning({}, "outline entry " + quoted(entry.title) + " points at page " +
                               std::to_string(entry.page + 1) + " of " + std::to_string(pages_.size()) + ": left out");
        continue;
      }
      while (!open.empty() && open.back().first >= entry.level) open.pop_back();
      HPDF_Outline parent = open.empty() ? nullptr : open.back().second;
      std::string title = entry.title.empty() ? "—" : entry.title;
      HPDF_Outline item = pdf_.check(HPDF_CreateOutline(d, parent, title.c_str(), utf8_),
                                     "cannot add outline entry " + quoted(entry.title));
      pdf_.check(HPDF_Outline_SetDestination(item, destination(static_cast<std::size_t>(entry.page), 0, entry.y)),
                 "cannot add outline entry " + quoted(entry.title));
      open.emplace_back(entry.level, item);
      any = true;
    }
    if (any) pdf_.check(HPDF_SetPageMode(d, HPDF_PAGE_MODE_USE_OUTLINE), "cannot open the outline panel");
  }

  void write_page(std::size_t index, const layout::Page& page) {
    PageState s;
    s.page = pages_[index];
    s.index = index;
    s.height = page.height;
    for (const auto& item : page.items) draw_item(s, item);
    if (page.turned) draw_turned(s, *page.turned);
    end_text(s);
    close_mark(s);
  }

  void draw_item(PageState& s, const layout::Item& item) {
    std::visit(overloaded{
                   [&](const layout::GlyphRun& run) { draw(s, run); }, [&](const layout::Rule& rule) { draw(s, rule); },
                   [&](const layout::PlacedImage& image) { draw(s, image); },
                   [&](const layout::LinkArea& link) { draw(s, link); },
                   [&](const layout::Anchor&) {},  // destinations are made beforehand
               },
               item);
  }

  // A landscape page's body (layout::TurnedBody): drawn in its frame's coordinates under one transform,
  // a quarter turn counter-clockwise that puts the frame's top-left corner (PDF: its bottom-left is
  // (0, 0), its top-left (0, height)) at the page's (x, y). Its text stays text in reading order.
  void draw_turned(PageState& s, const layout::TurnedBody& body) {
    end_text(s);
    close_mark(s);
    double page_height = s.height;
    // Frame (X, Y), PDF-style with the frame's bottom-left at (0, 0) → page (x0 + height − Y, y0 + X),
    // where (x0, y0) is the frame's top-left corner in PDF coordinates.
    double x0 = body.x, y0 = page_height - body.y;
    pdf_.check(HPDF_Page_GSave(s.page), "cannot turn a landscape page");
    pdf_.check(HPDF_Page_Concat(s.page, 0, 1, -1, 0, real(x0 + body.height), real(y0)), "cannot turn a landscape page");
    s.height = body.height;
    s.turned = &body;
    s.has_color = false;
    for (const auto& item : body.items) draw_item(s, item);
    end_text(s);
    close_mark(s);
    pdf_.check(HPDF_Page_GRestore(s.page), "cannot turn a landscape page");
    s.height = page_height;
    s.turned = nullptr;
    s.has_color = false;  // the fill colour set inside is gone with the graphics state
  }

  void set_fill(PageState& s, const layout::Color& c) {
    if (s.has_color && s.color == c) return;
    if (s.in_text) {
      detail::close_show(s.text, s.text_state);
      s.text +=
          detail::pdf_number(c.r, 4) + ' ' + detail::pdf_number(c.g, 4) + ' ' + detail::pdf_number(c.b, 4) + " rg\n";
    } else {
      pdf_.check(HPDF_Page_SetRGBFill(s.page, real(c.r), real(c.g), real(c.b)), "cannot set a colour");
    }
    s.has_color = true;
    s.color = c;
  }

  // Text objects are quire's own operators (glyph_text.hpp), gathered and appended to the page's
  // content stream in one piece when the object ends: at a rule, an image, or the page's end.
  void begin_text(PageState& s) {
    if (s.in_text) return;
    close_mark(s);
    s.text = "BT\n";
    s.text_state = {};
    s.text_state.spaces = options_.tagged;
    s.text_state.every_glyph = options_.archival == PdfOptions::Archival::A2u;
    s.in_text = true;
  }

  void end_text(PageState& s) {
    if (!s.in_text) return;
    close_mark(s);
    detail::close_show(s.text, s.text_state);
    s.text += "ET\n";
    pdf_.check(detail::append_content(s.page, s.text), "cannot draw text");
    s.text.clear();
    s.in_text = false;
  }

  void draw(PageState& s, const layout::GlyphRun& run) {
    if (run.text.empty() && run.glyphs.empty()) return;
    int font = font_of(run.face);
    use_font(s, font);
    begin_text(s);
    mark(s, run.tag);
    set_fill(s, run.color);
    detail::append_run(s.text, run, run.x, s.height - run.y, font, fonts_.use(font), s.text_state);
  }

  void draw(PageState& s, const layout::Rule& rule) {
    end_text(s);
    mark(s, -1);
    set_fill(s, rule.color);
    pdf_.check(HPDF_Page_Rectangle(s.page, real(rule.x), real(s.height - rule.y - rule.height), real(rule.width),
                                   real(rule.height)),
               "cannot draw a rule");
    pdf_.check(HPDF_Page_Fill(s.page), "cannot draw a rule");
  }

  void draw(PageState& s, const layout::PlacedImage& placed) {
    end_text(s);
    mark(s, placed.tag);
    if (placed.page > 0) {
      draw_figure(s, placed);
      return;
    }
    HPDF_Image image = image_for(placed.path);
    pdf_.check(HPDF_Page_DrawImage(s.page, image, real(placed.x), real(s.height - placed.y - placed.height),
                                   real(placed.width), real(placed.height)),
               "cannot draw image " + quoted(placed.path));
  }

  void draw(PageState& s, const layout::LinkArea& link) {
    if (link.url.empty()) return;
    // An annotation's rectangle is in the page's coordinates, whatever the content's transform.
    double x = link.x, y = link.y, width = link.width, height = link.height;
    if (s.turned) {
      auto corner = layout::page_point(*s.turned, link.x + link.width, link.y);  // the turned rectangle's top-left
      x = corner.x;
      y = corner.y;
      std::swap(width, height);
    }
    double page_height = s.turned ? HPDF_Page_GetHeight(s.page) : s.height;
    HPDF_Rect rect{real(x), real(page_height - y - height), real(x + width), real(page_height - y)};
    std::string what = "cannot add link " + quoted(link.url);
    HPDF_Annotation annot = nullptr;
    if (link.url.front() == '#') {
      std::string id = link.url.substr(1);
      HPDF_Destination dest = anchor_destination(id);
      if (!dest) {
        // The first few by name; a document full of them (layout without anchors) gets a count.
        if (unknown_ids_.insert(id).second && unknown_ids_.size() <= kNamedUnknownIds)
          diags_.warning({}, "link to unknown anchor " + quoted(link.url) + " on page " + std::to_string(s.index + 1) +
                                 ": not linked");
        return;
      }
      annot = pdf_.check(HPDF_Page_CreateLinkAnnot(s.page, rect, dest), what);
    } else {
      std::string uri = encode_uri(link.url);
      annot = pdf_.check(HPDF_Page_CreateURILinkAnnot(s.page, rect, uri.c_str()), what);
    }
    pdf_.check(HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0), what);
    if (options_.tagged) tagging_.pages[s.index].push_back({element_of(link.tag), -1});
  }

  // A vector figure (a PDF page, an SVG): a placeholder the finishing pass or the joiner replaces with
  // the figure's Form XObject, one per output file (figures.hpp), drawn scaled into the image's box.
  void draw_figure(PageState& s, const layout::PlacedImage& placed) {
    std::string why;
    auto figure = image::vector_figure(placed.path, placed.page, why);
    if (!figure) throw Error(ErrorKind::Io, "cannot embed image " + quoted(placed.path) + ": " + why);
    int k = figures_.index(placed.path, placed.page, figure);
    auto [it, fresh] = figure_placeholders_.emplace(k, nullptr);
    if (fresh) it->second = pdf_.check(detail::figure_placeholder(pdf_.doc(), k), "cannot add a figure");
    std::string name = "QF" + std::to_string(k);
    if (s.figures.insert(k).second)
      pdf_.check(detail::add_xobject_resource(s.page, name.c_str(), it->second), "cannot add a figure to a page");
    std::string ops =
        detail::draw_figure(k, *figure, placed.x, s.height - placed.y - placed.height, placed.width, placed.height);
    pdf_.check(detail::append_content(s.page, ops), "cannot draw image " + quoted(placed.path));
  }

  // Each file is embedded once however often it is drawn; libharu draws a placeholder (images.hpp).
  HPDF_Image image_for(const std::string& path) {
    std::string what = "cannot embed image " + quoted(path);
    std::string why;
    int index = images_.index(path, why);
    if (index < 0) throw Error(ErrorKind::Io, what + ": " + why);
    // PDF/A allows device colours only in the output intent's space, which is sRGB (ISO 19005-2 6.2.4.3).
    if (options_.archival != PdfOptions::Archival::None &&
        std::string_view(images_.image(index).colour_space) == "/DeviceCMYK")
      throw Error(ErrorKind::Input, what +
                                        ": a CMYK JPEG cannot go into PDF/A, whose colours are sRGB "
                                        "(convert the image to RGB)");
    auto [it, fresh] = image_placeholders_.emplace(index, nullptr);
    if (fresh) it->second = pdf_.check(detail::image_placeholder(pdf_.doc(), index), what);
    return it->second;
  }

  // libharu's whole file, in memory: the finishing pass (and encryption) happen before any byte is written.
  std::string save() {
    HPDF_Doc d = pdf_.doc();
    pdf_.check(HPDF_SaveToStream(d), "cannot write the PDF");
    HPDF_UINT32 remaining = HPDF_GetStreamSize(d);
    pdf_.check(HPDF_ResetStream(d), "cannot write the PDF");
    std::string bytes;
    bytes.reserve(remaining);
    std::vector<HPDF_BYTE> buf(1 << 16);
    while (remaining > 0) {
      // Asking for exactly what is left: reading past the end raises HPDF_STREAM_EOF as an error.
      HPDF_UINT32 n = std::min<HPDF_UINT32>(remaining, static_cast<HPDF_UINT32>(buf.size()));
      pdf_.check(HPDF_ReadFromStream(d, buf.data(), &n), "cannot write the PDF");
      if (n == 0) throw Error(ErrorKind::Io, "cannot write the PDF: libharu's stream ended early");
      bytes.append(reinterpret_cast<const char*>(buf.data()), n);
      remaining -= n;
    }
    return bytes;
  }

  const layout::LaidOutDocument& doc_;
  const PdfOptions& options_;
  Diagnostics& diags_;
  detail::FontRegistry& fonts_;
  detail::FigureRegistry& figures_;
  Hpdf pdf_;
  HPDF_Encoder utf8_ = nullptr;  // null: every string is ASCII (needs_utf8)
  std::vector<layout::Page> empty_;
  std::vector<HPDF_Page> pages_;
  std::map<int, HPDF_Dict> placeholders_;         // by the output's face number
  std::map<int, HPDF_Dict> figure_placeholders_;  // by the output's figure number
  std::map<int, int> font_numbers_;               // the document's face → the output's face number
  std::map<std::string, AnchorPlace> anchors_;
  std::map<std::string, HPDF_Destination> destinations_;
  std::set<std::string> unknown_ids_;
  detail::ImageRegistry images_;
  std::map<int, HPDF_Image> image_placeholders_;  // by the registry's image number
  detail::Tagging tagging_;
};

}  // namespace

std::string add_pdf_standard(PdfOptions& options, std::string_view value) {
  using Archival = PdfOptions::Archival;
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  if (trim(value) == "none") return "";
  PdfOptions out = options;
  for (std::size_t from = 0;;) {
    std::size_t comma = value.find(',', from);
    std::string_view part = trim(value.substr(from, comma == std::string_view::npos ? comma : comma - from));
    if (part == "ua-1")
      out.tagged = true;
    else if (part == "a-2b")
      out.archival = out.archival == Archival::A2u ? Archival::A2u : Archival::A2b;
    else if (part == "a-2u")
      out.archival = Archival::A2u;
    else
      return "unknown PDF standard '" + std::string(part) +
             "': write none, ua-1, a-2b or a-2u, or a list such as a-2b,ua-1";
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  options = out;
  return "";
}

std::string pdf_standard_name(const PdfOptions& options) {
  std::string out = options.archival == PdfOptions::Archival::A2b   ? "a-2b"
                    : options.archival == PdfOptions::Archival::A2u ? "a-2u"
                                                                    : "";
  if (options.tagged) out += out.empty() ? "ua-1" : ",ua-1";
  return out.empty() ? "none" : out;
}

void check_pdf_options(const PdfOptions& options) {
  if (options.archival != PdfOptions::Archival::None && options.encrypted())
    throw Error(ErrorKind::Usage, "PDF/A (--pdf-standard " + pdf_standard_name(options) +
                                      ") forbids encryption: leave out the passwords and --no-print, --no-copy and "
                                      "--no-modify, or write a PDF that is not PDF/A");
}

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

void write_pdf(const layout::LaidOutDocument& doc, const PdfOptions& options, io::OutputFile& out, Diagnostics& diags) {
  check_pdf_options(options);
  if (options.encrypted()) {  // read the password file, check the combination
    PdfOptions resolved = options;
    resolve_passwords(resolved);
    detail::FontRegistry fonts;
    detail::FigureRegistry figures;
    Writer(doc, resolved, diags, fonts, figures).write(out);
    return;
  }
  detail::FontRegistry fonts;
  detail::FigureRegistry figures;
  Writer(doc, options, diags, fonts, figures).write(out);
}

void write_pdf(const layout::LaidOutDocument& doc, const PdfOptions& options, io::OutputFile& out) {
  Diagnostics ignored;
  write_pdf(doc, options, out, ignored);
}

struct PdfJoiner::State {
  PdfOptions options;
  io::OutputFile& out;
  std::unique_ptr<io::OutputFile> plain;  // encrypted output: the joined file before encryption
  std::unique_ptr<detail::Assembler> assembler;
  detail::FontRegistry fonts;      // every face drawn with so far, and its glyphs: embedded by finish()
  detail::FigureRegistry figures;  // every vector figure drawn so far: each embedded once

  State(const PdfOptions& o, io::OutputFile& file) : options(o), out(file) {
    if (options.encrypted()) {
      resolve_passwords(options);
      // Beside the output, or (standard output) beside a fresh private file under $TMPDIR, removed at
      // once: never at a name someone else could have made first, nothing left if the run is killed.
      if (out.direct()) {
        fonts::TempFile anchor("", ".pdf");
        plain = std::make_unique<io::OutputFile>(anchor.path());
      } else {
        plain = std::make_unique<io::OutputFile>(out.temp_path() + ".plain");
      }
    }
    assembler = std::make_unique<detail::Assembler>(plain ? *plain : out);
  }
};

PdfJoiner::PdfJoiner(const PdfOptions& options, io::OutputFile& out) {
  check_pdf_options(options);
  state_ = std::make_unique<State>(options, out);
}
PdfJoiner::~PdfJoiner() = default;

void PdfJoiner::add(const layout::LaidOutDocument& doc, Diagnostics& diags) {
  Writer writer(doc, state_->options, diags, state_->fonts, state_->figures);
  std::string drawn = writer.draw();
  state_->assembler->add(drawn, true, writer.images(), &state_->figures, &writer.tagging(), &state_->options);
}

void PdfJoiner::finish(Diagnostics&) {
  State& s = *state_;
  s.assembler->finish(&s.fonts);
  if (!s.plain) return;
  if (std::fflush(s.plain->file()) != 0)
    throw Error(ErrorKind::Io, "cannot write \"" + s.plain->temp_path() + "\": " + std::strerror(errno));
  detail::encrypt_file(s.plain->temp_path(), s.options, s.out);
}

}  // namespace quire::render
