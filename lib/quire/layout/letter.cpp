#include "quire/layout/letter.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

#include "quire/layout/paragraph.hpp"

namespace quire::layout {

namespace {

using model::MetaValue;

constexpr double kMm = 72 / 25.4;
// The letterhead: a band along the top edge, the name under it, the address and contact lines under
// the name, the logo at the right margin.
constexpr double kBand = 6 * kMm;
constexpr double kNameBaseline = 19 * kMm;
constexpr double kNameSize = 17;
constexpr double kHeadLineSize = 8;
constexpr double kHeadLineGap = 4 * kMm;
constexpr double kLogoTop = 10 * kMm;
constexpr double kLogoHeight = 16 * kMm;
constexpr double kHeadSpace = 12 * kMm;  // letterhead to text when the address flows
// The address field: the return line in its top 5 mm (DIN 5008), the address below it.
constexpr double kReturnZone = 5 * kMm;
constexpr double kReturnSize = 7;
constexpr double kWindowClearance = 0.125 * 72;  // USPS: 1/8 in between the address and the window's edge
constexpr double kAddressLeading = 1.2;
constexpr double kLabelSize = 8;
constexpr double kTextGap = 9 * kMm;  // address field to the text on page 1
// Fold and punch marks on the left edge.
constexpr double kMarkLeft = 4 * kMm, kFoldLength = 4 * kMm, kPunchLength = 6 * kMm, kMarkWidth = 0.4;
const Color kSmallText{0.35, 0.35, 0.35};
const Color kMarkColor{0.55, 0.55, 0.55};

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string text_of(const MetaValue* map, const char* key) {
  const MetaValue* v = map ? map->find(key) : nullptr;
  return v && v->is_scalar() ? v->scalar : std::string{};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= text.size()) {
    auto nl = text.find('\n', from);
    std::string line = text.substr(from, nl == std::string::npos ? std::string::npos : nl - from);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (!line.empty()) out.push_back(line);
    if (nl == std::string::npos) break;
    from = nl + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : " · ") + p;
  return out;
}

bool flag(const MetaValue* v, bool fallback) {
  if (!v || !v->is_scalar()) return fallback;
  std::string s = lower(v->scalar);
  return s == "true" || s == "yes" ? true : s == "false" || s == "no" ? false : fallback;
}

std::optional<Rect> window_of(const MetaValue& w, Diagnostics& diags) {
  Rect r;
  double* parts[] = {&r.left, &r.top, &r.width, &r.height};
  const char* names[] = {"left", "top", "width", "height"};
  for (int k = 0; k < 4; ++k) {
    const MetaValue* v = w.find(names[k]);
    auto length = v && v->is_scalar() ? parse_length(v->scalar) : std::nullopt;
    if (!length) {
      diags.error(v ? v->pos : w.pos,
                  std::string("invalid address-window ") + names[k] + " \"" + (v ? v->as_text() : "") + "\"",
                  "write a positive length in pt, cm, mm or in, e.g. 45mm");
      return std::nullopt;
    }
    *parts[k] = *length;
  }
  return r;
}

void set_letterhead(Letter& letter, const MetaValue& meta, const Style& style, Diagnostics& diags) {
  const MetaValue* head = meta.find("letterhead");
  const MetaValue* from = meta.find("from");
  if (head && head->kind != MetaValue::Kind::Map) head = nullptr;
  if (from && from->kind != MetaValue::Kind::Map) from = nullptr;
  letter.head_name = text_of(head, "name");
  if (letter.head_name.empty()) letter.head_name = text_of(from, "name");
  std::string address = text_of(head, "address");
  if (address.empty()) address = text_of(from, "address");
  std::string contact = text_of(head, "contact");
  if (contact.empty()) contact = joined({text_of(from, "phone"), text_of(from, "email")});
  for (const auto& line : {joined(lines_of(address)), contact})
    if (!line.empty()) letter.head_lines.push_back(line);
  letter.sender = joined({letter.head_name, joined(lines_of(address))});
  letter.colour = style.heading_color;
  const MetaValue* colour = head ? head->find("colour") : nullptr;
  if (!colour && head) colour = head->find("color");
  if (colour) {
    auto c = colour->is_scalar() ? parse_color(colour->scalar) : std::nullopt;
    if (c)
      letter.colour = *c;
    else
      diags.error(colour->pos, "invalid letterhead colour \"" + colour->as_text() + "\"",
                  "write a colour as #rrggbb, e.g. #1a2b4c");
  }
  if (const MetaValue* logo = head ? head->find("logo") : nullptr; logo && logo->is_scalar()) {
    letter.logo = logo->scalar;
    letter.logo_pos = logo->pos;
  }
  letter.logo_height = kLogoHeight;
  if (const MetaValue* h = head ? head->find("logo-height") : nullptr) {
    auto length = h->is_scalar() ? parse_length(h->scalar) : std::nullopt;
    if (length && *length <= 40 * kMm)
      letter.logo_height = *length;
    else
      diags.error(h->pos, "invalid letterhead logo-height \"" + h->as_text() + "\"", "write a length up to 40mm");
  }
  letter.band = flag(head ? head->find("band") : nullptr, true);
}

// A label from the `labels` map compose sets in the document's language (an empty one prints none),
// else in English.
std::string label(const MetaValue& meta, const char* key, const char* english) {
  const MetaValue* labels = meta.find("labels");
  const MetaValue* text = labels ? labels->find(key) : nullptr;
  return text && text->is_scalar() ? text->scalar : english;
}

// The info block: the sender beside an organisation's letterhead (who writes, and how to reach them),
// the references and the date.
void set_info(Letter& letter, const MetaValue& meta) {
  const MetaValue* from = meta.find("from");
  if (from && from->kind == MetaValue::Kind::Map && !text_of(meta.find("letterhead"), "name").empty()) {
    for (auto [key, label_key, english] :
         {std::tuple{"name", "from", "From"}, {"phone", "phone", "Phone"}, {"email", "email", "Email"}})
      if (auto v = text_of(from, key); !v.empty()) letter.info.emplace_back(label(meta, label_key, english), v);
  }
  if (auto ref = text_of(&meta, "your-reference"); !ref.empty())
    letter.info.emplace_back(label(meta, "your-reference", "Your reference"), ref);
  if (auto ref = text_of(&meta, "reference"); !ref.empty())
    letter.info.emplace_back(label(meta, "our-reference", "Our reference"), ref);
  if (!letter.date.empty()) letter.info.emplace_back(label(meta, "date", "Date"), letter.date);
}

// DIN 5008 folds A4 at 105 and 210 mm and punches it at half height; US Letter is folded in thirds.
void set_folds(Letter& letter, const Style& style) {
  bool a4 = std::abs(style.page_height - 841.89) < 1 && std::abs(style.page_width - 595.276) < 1;
  if (a4) {
    letter.folds = {105 * kMm, 210 * kMm};
    letter.punch = style.page_height / 2;
  } else {
    letter.folds = {style.page_height / 3, 2 * style.page_height / 3};
  }
}

// ---- Drawing ----------------------------------------------------------------------------------------

class Drawer {
 public:
  Drawer(Page& page, const Letter& letter, const Style& style, const Fonts& fonts, const LetterTags& tags)
      : page_(page), letter_(letter), style_(style), fonts_(fonts), tags_(tags) {}

  // One line of text from x (or ending at x when `right`), in element `tag` (-1: an artifact); returns
  // its width.
  double text(const std::string& s, const TextStyle& ts, double x, double baseline, bool right = false, int tag = -1) {
    auto items = build_text(s, ts, fonts_);
    if (items.nodes.size() <= 1) return 0;
    double width = natural_width(items);
    LineSetting setting{right ? x - width : x, width, baseline, model::Align::Left, false};
    std::size_t from = page_.items.size();
    set_line(items, 0, items.nodes.size() - 1, true, setting, fonts_, page_.items);
    for (std::size_t i = from; i < page_.items.size(); ++i)
      if (auto* run = std::get_if<GlyphRun>(&page_.items[i])) run->tag = tag;
    return width;
  }

  const LetterTags& tags() const { return tags_; }

  double width(const std::string& s, const TextStyle& ts) const { return natural_width(build_text(s, ts, fonts_)); }

  void rule(double x, double y, double w, double h, Color c) { page_.items.push_back(Rule{x, y, w, h, c}); }

  const Letter& letter() const { return letter_; }
  const Style& style() const { return style_; }
  Page& page() { return page_; }

 private:
  Page& page_;
  const Letter& letter_;
  const Style& style_;
  const Fonts& fonts_;
  const LetterTags& tags_;
};

double letterhead_bottom(const Letter& letter) {
  double bottom = 0;
  if (!letter.head_name.empty()) bottom = kNameBaseline + 2 * kMm;
  if (!letter.head_lines.empty()) bottom = kNameBaseline + kHeadLineGap * double(letter.head_lines.size()) + 2 * kMm;
  if (!letter.logo.empty()) bottom = std::max(bottom, kLogoTop + letter.logo_height);
  return bottom;
}

void draw_letterhead(Drawer& d, const ImageProbe& images) {
  const Letter& letter = d.letter();
  const Style& style = d.style();
  double left = style.margin_left, right = style.page_width - style.margin_right;
  if (letter.band && (!letter.head_name.empty() || !letter.logo.empty()))
    d.rule(0, 0, style.page_width, kBand, letter.colour);
  double logo_left = right;
  if (!letter.logo.empty()) {
    if (auto size = images.probe(letter.logo, letter.source_file, letter.logo_pos);
        size && size->width > 0 && size->height > 0) {
      double w = letter.logo_height * size->width / size->height;
      w = std::min(w, (right - left) / 2);
      double h = w * size->height / size->width;
      logo_left = right - w;
      d.page().items.push_back(PlacedImage{logo_left, kLogoTop, w, h, size->path, -1, size->page});
    }
  }
  TextStyle name{Family::Sans, true, false, kNameSize, letter.colour};
  // A long name shrinks to leave the logo its room.
  double room = logo_left - left - 6 * kMm, natural = d.width(letter.head_name, name);
  if (natural > room && natural > 0) name.size = std::max(9.0, name.size * room / natural);
  d.text(letter.head_name, name, left, kNameBaseline, false, d.tags().head);
  TextStyle small{Family::Sans, false, false, kHeadLineSize, kSmallText};
  double y = kNameBaseline;
  for (const auto& line : letter.head_lines) {
    y += kHeadLineGap;
    d.text(line, small, left, y, false, d.tags().head);
  }
}

// The x where the address starts: aligned with the text when the window allows, else inset in it.
double address_left(const Rect& w, const Style& style) {
  return std::clamp(style.margin_left, w.left + 2 * kMm, w.left + 10 * kMm);
}

// The first baseline of the recipient's address.
double address_top(const Letter& letter, const Style& style) {
  const Rect& w = *letter.window;
  double top = letter.return_line ? w.top + kReturnZone + 2 * kMm : w.top + kWindowClearance;
  return top + 0.8 * style.font_size;
}

void draw_address(Drawer& d) {
  const Letter& letter = d.letter();
  const Style& style = d.style();
  const Rect& w = *letter.window;
  double x = address_left(w, style), room = w.left + w.width - x - 2 * kMm;
  if (letter.return_line && !letter.sender.empty()) {
    TextStyle ts{Family::Sans, false, false, kReturnSize, kSmallText};
    double natural = d.width(letter.sender, ts);
    if (natural > room) ts.size = std::max(5.0, ts.size * room / natural);
    double width = d.text(letter.sender, ts, x, w.top + kReturnZone - 1.6 * kMm);
    d.rule(x, w.top + kReturnZone - 0.9 * kMm, std::min(width, room), 0.3, kSmallText);
  }
  TextStyle ts{Family::Serif, false, false, style.font_size, style.text_color};
  double y = address_top(letter, style);
  for (const auto& line : letter.recipient) {
    d.text(line, ts, x, y, false, d.tags().address);
    y += style.font_size * kAddressLeading;
  }
}

double info_step(const Style& style) { return style.font_size * kAddressLeading * 1.2; }

// Where the info block ends: its last baseline and the descent below it.
double info_bottom(const Letter& letter, const Style& style) {
  return address_top(letter, style) + double(letter.info.size() - 1) * info_step(style) + 0.3 * style.font_size;
}

// The info block: right of the address field, flush with the right margin, from the address's first line.
void draw_info(Drawer& d) {
  const Letter& letter = d.letter();
  const Style& style = d.style();
  double right = style.page_width - style.margin_right;
  double y = address_top(letter, style);
  TextStyle label{Family::Sans, false, false, kLabelSize, kSmallText};
  TextStyle value{Family::Serif, false, false, style.font_size, style.text_color};
  for (std::size_t k = 0; k < letter.info.size(); ++k) {
    const auto& [name, text] = letter.info[k];
    int tag = k < d.tags().info.size() ? d.tags().info[k] : -1;
    // The label first: it is read before its value.
    double width = d.width(text, value);
    if (!name.empty()) d.text(name, label, right - width - 0.6 * style.font_size, y, true, tag);
    d.text(text, value, right, y, true, tag);
    y += info_step(style);
  }
}

void draw_marks(Drawer& d) {
  for (double y : d.letter().folds) d.rule(kMarkLeft, y - kMarkWidth / 2, kFoldLength, kMarkWidth, kMarkColor);
  if (d.letter().punch > 0) d.rule(kMarkLeft, d.letter().punch - kMarkWidth / 2, kPunchLength, kMarkWidth, kMarkColor);
}

}  // namespace

std::vector<std::string> address_lines(const MetaValue* who) {
  if (!who) return {};
  if (who->is_scalar()) return lines_of(who->scalar);
  std::vector<std::string> out;
  if (auto name = text_of(who, "name"); !name.empty()) out.push_back(name);
  for (auto& line : lines_of(text_of(who, "address"))) out.push_back(line);
  return out;
}

std::optional<Letter> letter_from_meta(const model::Document& doc, const Style& style, Diagnostics& diags) {
  const MetaValue& meta = doc.meta;
  const MetaValue* cls = meta.find("documentclass");
  if (!cls || !cls->is_scalar() || lower(cls->scalar) != "letter") return std::nullopt;
  Letter letter;
  set_letterhead(letter, meta, style, diags);
  letter.recipient = address_lines(meta.find("to"));
  letter.page_label = label(meta, "page", "Page {page} of {pages}");
  letter.date = text_of(&meta, "letter-date");
  if (letter.date.empty()) letter.date = text_of(&meta, "date");
  if (const MetaValue* w = meta.find("address-window"); w && w->kind == MetaValue::Kind::Map) {
    letter.window = window_of(*w, diags);
    letter.return_line = lower(text_of(&meta, "letter-window")) != "us10";
    // `return-line` replaces the sender's text (a shorter address reads larger); "" leaves it out.
    if (const MetaValue* own = meta.find("return-line"); own && own->is_scalar()) letter.sender = own->scalar;
    set_info(letter, meta);
  }
  if (flag(meta.find("fold-marks"), false)) set_folds(letter, style);
  letter.source_file = model::source_file(doc);
  if (const MetaValue* sig = meta.find("signature"); sig && sig->kind == MetaValue::Kind::Map)
    letter.signature = text_of(sig, "image");
  return letter;
}

double letter_text_top(const Letter& letter, const Style& style) {
  double top = letterhead_bottom(letter);
  top = top > 0 ? top + kHeadSpace : 0;
  if (letter.window) {
    const Rect& w = *letter.window;
    top = std::max(top, w.top + w.height + kTextGap);
    if (!letter.info.empty()) top = std::max(top, info_bottom(letter, style) + kTextGap);
  }
  return std::max(top, style.margin_top);
}

void set_letter_header(Style& style, const Letter& letter) {
  bool own = false;
  for (const auto& h : style.header) own |= !h.empty();
  if (own) return;
  style.header[0] = joined({letter.recipient.empty() ? std::string{} : letter.recipient.front(), letter.date});
  if (style.page_numbers) style.header[2] = letter.page_label;
  if (style.footer[0].empty() && style.footer[1] == "{page}" && style.footer[2].empty()) style.footer[1].clear();
}

void draw_letter(Page& page, const Letter& letter, const Style& style, const Fonts& fonts, const ImageProbe& images,
                 const LetterTags& tags) {
  Drawer d(page, letter, style, fonts, tags);
  draw_letterhead(d, images);
  if (letter.window) {
    draw_address(d);
    draw_info(d);
  }
  draw_marks(d);
}

}  // namespace quire::layout
